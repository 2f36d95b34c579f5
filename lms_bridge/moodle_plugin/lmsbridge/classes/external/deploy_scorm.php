<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

namespace local_lmsbridge\external;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/local/lmsbridge/externalcompat.php');
require_once($CFG->dirroot . '/course/modlib.php');
require_once($CFG->libdir . '/completionlib.php');
require_once($CFG->libdir . '/gradelib.php');
require_once($CFG->dirroot . '/mod/scorm/lib.php');
require_once($CFG->dirroot . '/mod/scorm/locallib.php');

use completion_info;
use context_course;
use context_user;
use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_single_structure;
use core_external\external_value;
use invalid_parameter_exception;
use moodle_exception;
use stdClass;
use stored_file;

/**
 * Creates a SCORM activity from an uploaded package, or updates the one with the same ID number.
 *
 * Core Moodle has no web service that adds a SCORM activity or replaces its package. This one
 * goes through the same course API as the "Add an activity" form (prepare_new_moduleinfo_data,
 * add_moduleinfo, get_moduleinfo_data, update_moduleinfo), so events, grade items, completion
 * and caches are handled by Moodle itself. The activity is found again by its course-module ID
 * number, which the client keeps stable; updating it keeps the learners' tracking data because
 * mod_scorm re-parses the new package into the same activity. When the uploaded package has the
 * same SHA-1 as the current one and no setting differs, nothing is written.
 *
 * @package    local_lmsbridge
 * @copyright  2026 lms-bridge developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class deploy_scorm extends external_api {
    /** Bits of scorm.completionstatusrequired, as in scorm_status_options(): 2 passed, 4 completed. */
    private const STATUS_BITMASKS = [0, 2, 4, 6];

    /**
     * Describes the parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'courseid' => new external_value(PARAM_INT, 'Course id'),
            'idnumber' => new external_value(PARAM_RAW, 'Course-module ID number that identifies the activity'),
            'name' => new external_value(PARAM_TEXT, 'Activity name'),
            'draftitemid' => new external_value(PARAM_INT,
                'Draft item id (webservice/upload.php) holding the package zip; 0 keeps the current package',
                VALUE_DEFAULT, 0),
            'section' => new external_value(PARAM_INT, 'Section number for a new activity', VALUE_DEFAULT, 0),
            'grademethod' => new external_value(PARAM_INT,
                'Grading method: 0 learning objects, 1 highest, 2 average, 3 sum', VALUE_DEFAULT, 1),
            'whatgrade' => new external_value(PARAM_INT,
                'Attempts grading: 0 highest, 1 average, 2 first, 3 last', VALUE_DEFAULT, 0),
            'maxgrade' => new external_value(PARAM_FLOAT, 'Maximum grade', VALUE_DEFAULT, 100),
            'maxattempt' => new external_value(PARAM_INT, 'Number of attempts, 0 unlimited', VALUE_DEFAULT, 0),
            'completionstatusrequired' => new external_value(PARAM_INT,
                'Status required for completion: 0 none, 2 passed, 4 completed, 6 passed or completed',
                VALUE_DEFAULT, 0),
            'completionscorerequired' => new external_value(PARAM_INT,
                'Minimum score required for completion, 0 none', VALUE_DEFAULT, 0),
        ]);
    }

    /**
     * Creates or updates the activity.
     *
     * @param int $courseid
     * @param string $idnumber
     * @param string $name
     * @param int $draftitemid
     * @param int $section
     * @param int $grademethod
     * @param int $whatgrade
     * @param float $maxgrade
     * @param int $maxattempt
     * @param int $completionstatusrequired
     * @param int $completionscorerequired
     * @return array
     */
    public static function execute(int $courseid, string $idnumber, string $name, int $draftitemid = 0,
            int $section = 0, int $grademethod = 1, int $whatgrade = 0, float $maxgrade = 100,
            int $maxattempt = 0, int $completionstatusrequired = 0, int $completionscorerequired = 0): array {
        global $DB;

        $params = self::validate_parameters(self::execute_parameters(), [
            'courseid' => $courseid,
            'idnumber' => $idnumber,
            'name' => $name,
            'draftitemid' => $draftitemid,
            'section' => $section,
            'grademethod' => $grademethod,
            'whatgrade' => $whatgrade,
            'maxgrade' => $maxgrade,
            'maxattempt' => $maxattempt,
            'completionstatusrequired' => $completionstatusrequired,
            'completionscorerequired' => $completionscorerequired,
        ]);
        $params['idnumber'] = trim($params['idnumber']);
        $params['name'] = trim($params['name']);
        self::check_values($params);

        $course = get_course($params['courseid']);
        $context = context_course::instance($course->id);
        self::validate_context($context);
        require_capability('local/lmsbridge:deploy', $context);
        require_capability('moodle/course:manageactivities', $context);

        $module = $DB->get_record('modules', ['name' => 'scorm', 'visible' => 1]);
        if (!$module) {
            throw new moodle_exception('noscormmodule', 'local_lmsbridge');
        }
        $package = self::draft_package($params['draftitemid']);
        $cm = self::find_activity($course->id, $params['idnumber'], (int)$module->id);

        $packagechanged = false;
        // One transaction, so that a package mod_scorm cannot parse leaves the course as it was:
        // no half-made activity, and on update the previous package, SCOs and learners' tracks.
        $transaction = $DB->start_delegated_transaction();
        try {
            if ($cm === null) {
                if ($package === null) {
                    throw new moodle_exception('draftfilemissing', 'local_lmsbridge', '', $params['draftitemid']);
                }
                require_capability('mod/scorm:addinstance', $context);
                $cmid = self::create($course, $params);
                $action = 'created';
                $packagechanged = true;
            } else {
                $cmid = (int)$cm->id;
                $scorm = $DB->get_record('scorm', ['id' => $cm->instance], '*', MUST_EXIST);
                $packagechanged = $package !== null && $package->get_contenthash() !== $scorm->sha1hash;
                $completionchanged = self::completion_changed($course, $cm, $scorm, $params);
                if ($packagechanged || $completionchanged || self::settings_changed($scorm, $params)) {
                    self::update($course, $cm, $params, $packagechanged, $completionchanged);
                    $action = 'updated';
                } else {
                    $action = 'unchanged';
                }
            }
            $cm = get_coursemodule_from_id('scorm', $cmid, $course->id, false, MUST_EXIST);
            $scorm = $DB->get_record('scorm', ['id' => $cm->instance], 'id, revision, sha1hash, version, launch',
                MUST_EXIST);
            if ($packagechanged) {
                self::check_parsed($scorm);
            }
            $transaction->allow_commit();
        } catch (\Throwable $e) {
            $transaction->rollback($e);
        }

        return [
            'cmid' => $cmid,
            'scormid' => (int)$scorm->id,
            'action' => $action,
            'packagechanged' => $packagechanged,
            'revision' => (int)$scorm->revision,
            'sha1hash' => (string)$scorm->sha1hash,
            'version' => (string)$scorm->version,
        ];
    }

    /**
     * Describes the result.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'cmid' => new external_value(PARAM_INT, 'Course module id'),
            'scormid' => new external_value(PARAM_INT, 'SCORM instance id'),
            'action' => new external_value(PARAM_ALPHA, 'created, updated or unchanged'),
            'packagechanged' => new external_value(PARAM_BOOL, 'Whether a new package was stored and parsed'),
            'revision' => new external_value(PARAM_INT, 'Package revision (mod_scorm increments it on each new package)'),
            'sha1hash' => new external_value(PARAM_RAW, 'SHA-1 of the package zip Moodle holds'),
            'version' => new external_value(PARAM_RAW, 'Package standard found by mod_scorm (SCORM_1.2, SCORM_1.3, AICC or ERROR)'),
        ]);
    }

    /**
     * Rejects out-of-range values before anything is read or written.
     *
     * @param array $params
     */
    private static function check_values(array $params): void {
        if ($params['idnumber'] === '' || \core_text::strlen($params['idnumber']) > 100) {
            throw new invalid_parameter_exception('idnumber must be 1 to 100 characters long.');
        }
        if ($params['name'] === '' || \core_text::strlen($params['name']) > 255) {
            throw new invalid_parameter_exception('name must be 1 to 255 characters long.');
        }
        if ($params['grademethod'] < 0 || $params['grademethod'] > 3) {
            throw new invalid_parameter_exception('grademethod must be 0, 1, 2 or 3.');
        }
        if ($params['whatgrade'] < 0 || $params['whatgrade'] > 3) {
            throw new invalid_parameter_exception('whatgrade must be 0, 1, 2 or 3.');
        }
        if ($params['maxgrade'] < 0 || $params['maxattempt'] < 0 || $params['section'] < 0) {
            throw new invalid_parameter_exception('maxgrade, maxattempt and section cannot be negative.');
        }
        if (!in_array($params['completionstatusrequired'], self::STATUS_BITMASKS, true)) {
            throw new invalid_parameter_exception(get_string('invalidcompletionstatus', 'local_lmsbridge'));
        }
        if ($params['completionscorerequired'] < 0) {
            throw new invalid_parameter_exception('completionscorerequired cannot be negative.');
        }
    }

    /**
     * Returns the single package file in the web service user's draft area, checked by mod_scorm.
     *
     * @param int $draftitemid
     * @return stored_file|null null when no draft area was given
     */
    private static function draft_package(int $draftitemid): ?stored_file {
        global $USER;

        if ($draftitemid <= 0) {
            return null;
        }
        $usercontext = context_user::instance($USER->id);
        $files = get_file_storage()->get_area_files($usercontext->id, 'user', 'draft', $draftitemid, 'id', false);
        if (!$files) {
            throw new moodle_exception('draftfilemissing', 'local_lmsbridge', '', $draftitemid);
        }
        if (count($files) > 1) {
            throw new moodle_exception('draftfiletoomany', 'local_lmsbridge', '', $draftitemid);
        }
        $file = reset($files);
        if ($file->get_filepath() !== '/') {
            // scorm_add_instance() and scorm_update_instance() save the area with subdirs 0, which
            // skips files in folders, and would then fail on the missing package.
            throw new moodle_exception('draftfileinfolder', 'local_lmsbridge', '', $draftitemid);
        }
        $errors = scorm_validate_package($file);
        if ($errors) {
            throw new moodle_exception('invalidpackage', 'local_lmsbridge', '', implode(' ', $errors));
        }
        return $file;
    }

    /**
     * Refuses a package mod_scorm stored but could not use.
     *
     * scorm_validate_package() only looks for imsmanifest.xml at the root; scorm_parse()
     * (mod/scorm/locallib.php) sets version to ERROR when the manifest cannot be read.
     * scorm_parse_scorm() (mod/scorm/datamodels/scormlib.php) stores launch 0 and keeps the old
     * SCOs and version when the manifest yields no items, and a manifest without a launchable
     * SCO gives an activity learners cannot open.
     *
     * @param stdClass $scorm scorm record after the parse
     */
    private static function check_parsed(stdClass $scorm): void {
        if ($scorm->version === 'ERROR') {
            throw new moodle_exception('packageunreadable', 'local_lmsbridge', '',
                'mod_scorm could not read its imsmanifest.xml');
        }
        if (empty($scorm->launch) || !scorm_count_launchable($scorm->id)) {
            throw new moodle_exception('packageunreadable', 'local_lmsbridge', '',
                'its imsmanifest.xml lists no launchable SCO or asset');
        }
    }

    /**
     * Finds the course module with this ID number in the course.
     *
     * @param int $courseid
     * @param string $idnumber
     * @param int $moduleid id of mod_scorm in the modules table
     * @return stdClass|null course module record from get_coursemodule_from_id()
     */
    private static function find_activity(int $courseid, string $idnumber, int $moduleid): ?stdClass {
        global $DB;

        $cms = $DB->get_records('course_modules',
            ['course' => $courseid, 'idnumber' => $idnumber, 'deletioninprogress' => 0], 'id', 'id, module');
        if (!$cms) {
            return null;
        }
        if (count($cms) > 1) {
            throw new moodle_exception('idnumberambiguous', 'local_lmsbridge', '', s($idnumber));
        }
        $found = reset($cms);
        if ((int)$found->module !== $moduleid) {
            throw new moodle_exception('idnumbernotscorm', 'local_lmsbridge', '', s($idnumber));
        }
        return get_coursemodule_from_id('scorm', $found->id, $courseid, false, MUST_EXIST);
    }

    /**
     * Adds a new activity, with the same defaults as mod_scorm's form and site settings.
     *
     * @param stdClass $course
     * @param array $params
     * @return int course module id
     */
    private static function create(stdClass $course, array $params): int {
        // can_add_moduleinfo() (course/modlib.php) would create a missing section on the fly,
        // at that number only, leaving a gap in the course's sections.
        $modinfo = get_fast_modinfo($course);
        if (!$modinfo->get_section_info($params['section'])) {
            $a = (object)['section' => $params['section'], 'last' => max(array_keys($modinfo->get_section_info_all()))];
            throw new moodle_exception('sectionmissing', 'local_lmsbridge', '', $a);
        }
        // The form's rule (moodleform_mod::validation()): course-module and grade item ID numbers
        // are unique in a course. find_activity() skips modules being deleted; this does not.
        if (!grade_verify_idnumber($params['idnumber'], $course->id)) {
            throw new moodle_exception('idnumbertaken', 'local_lmsbridge', '', s($params['idnumber']));
        }
        $cfg = get_config('scorm');
        [, , , , $data] = prepare_new_moduleinfo_data($course, 'scorm', $params['section']);

        $data->name = $params['name'];
        $data->cmidnumber = $params['idnumber'];
        $data->showdescription = 0;
        $data->scormtype = SCORM_TYPE_LOCAL;
        $data->packagefile = $params['draftitemid'];
        $data->packageurl = '';
        $data->updatefreq = SCORM_UPDATE_NEVER;
        // The defaults of mod_scorm's form (mod/scorm/mod_form.php), i.e. the site's SCORM settings.
        $data->popup = $cfg->popup ?? 0;
        foreach (scorm_get_popup_options_array() as $option => $value) {
            $data->$option = $value;
        }
        $data->width = $cfg->framewidth ?? 100;
        $data->height = $cfg->frameheight ?? 500;
        $data->skipview = $cfg->skipview ?? SCORM_SKIPVIEW_FIRST;
        if ($course->format === 'singleactivity' && (int)$data->skipview === (int)SCORM_SKIPVIEW_ALWAYS) {
            // As the form does: skipping the entry page always would redirect endlessly there.
            $data->skipview = SCORM_SKIPVIEW_FIRST;
        }
        $data->hidebrowse = $cfg->hidebrowse ?? 0;
        $data->displaycoursestructure = $cfg->displaycoursestructure ?? 0;
        $data->hidetoc = $cfg->hidetoc ?? SCORM_TOC_SIDE;
        $data->nav = $cfg->nav ?? SCORM_NAV_UNDER_CONTENT;
        $data->navpositionleft = $cfg->navpositionleft ?? -100;
        $data->navpositiontop = $cfg->navpositiontop ?? -100;
        $data->displayattemptstatus = $cfg->displayattemptstatus ?? SCORM_DISPLAY_ATTEMPTSTATUS_ALL;
        $data->forcenewattempt = $cfg->forcenewattempt ?? 0;
        $data->lastattemptlock = $cfg->lastattemptlock ?? 0;
        $data->forcecompleted = $cfg->forcecompleted ?? 0;
        $data->masteryoverride = $cfg->masteryoverride ?? 1;
        $data->auto = $cfg->auto ?? 0;
        $data->autocommit = $cfg->autocommit ?? 0;
        $data->displayactivityname = $cfg->displayactivityname ?? 1;
        $data->timeopen = 0;
        $data->timeclose = 0;
        $data->completionstatusallscos = 0;
        self::apply_settings($data, $params);
        self::apply_completion($data, $params);

        $data = add_moduleinfo($data, $course);
        return (int)$data->coursemodule;
    }

    /**
     * Updates the activity in place through the course API; learners' attempts are kept.
     *
     * @param stdClass $course
     * @param stdClass $cm
     * @param array $params
     * @param bool $packagechanged
     * @param bool $completionchanged
     */
    private static function update(stdClass $course, stdClass $cm, array $params, bool $packagechanged,
            bool $completionchanged): void {
        [$cm, , , $data, ] = get_moduleinfo_data($cm, $course);

        // The form shows gradepass localised ("0,00"); it is not ours to change, so leave it alone.
        unset($data->gradepass);
        self::unpack_popup_options($data);
        self::apply_settings($data, $params);
        if ($packagechanged) {
            $data->scormtype = SCORM_TYPE_LOCAL;
            $data->packagefile = $params['draftitemid'];
            $data->packageurl = '';
            $data->updatefreq = SCORM_UPDATE_NEVER;
        }
        if ($completionchanged) {
            // Lets update_moduleinfo() write the completion fields and recalculate learners' states.
            $data->completionunlocked = 1;
            self::apply_completion($data, $params);
        }
        update_moduleinfo($cm, $data, $course);
    }

    /**
     * Copies the grading settings and the name onto module data.
     *
     * @param stdClass $data
     * @param array $params
     */
    private static function apply_settings(stdClass $data, array $params): void {
        $data->name = $params['name'];
        $data->grademethod = $params['grademethod'];
        $data->whatgrade = $params['whatgrade'];
        $data->maxgrade = $params['maxgrade'];
        $data->maxattempt = $params['maxattempt'];
    }

    /**
     * Sets the completion rules; mod_scorm stores null for a rule that is off.
     *
     * @param stdClass $data
     * @param array $params
     */
    private static function apply_completion(stdClass $data, array $params): void {
        $data->completionstatusrequired = $params['completionstatusrequired'] ?: null;
        $data->completionscorerequired = $params['completionscorerequired'] ?: null;
        if (self::has_rules($params)) {
            $data->completion = COMPLETION_TRACKING_AUTOMATIC;
            $data->completionview = COMPLETION_VIEW_NOT_REQUIRED;
        } else if ((int)($data->completion ?? 0) === COMPLETION_TRACKING_AUTOMATIC
                && empty($data->completionview) && empty($data->completionusegrade)) {
            // Automatic completion without any condition left would never complete.
            $data->completion = COMPLETION_TRACKING_NONE;
        }
    }

    /**
     * Whether any completion rule was asked for.
     *
     * @param array $params
     * @return bool
     */
    private static function has_rules(array $params): bool {
        return $params['completionstatusrequired'] > 0 || $params['completionscorerequired'] > 0;
    }

    /**
     * Whether the completion rules differ from what the activity has.
     *
     * add_moduleinfo() and update_moduleinfo() leave course_modules.completion alone while
     * completion tracking is off for the course (or site), so it is only compared when on;
     * otherwise every deploy of such a course would count as a change.
     *
     * @param stdClass $course
     * @param stdClass $cm
     * @param stdClass $scorm
     * @param array $params
     * @return bool
     */
    private static function completion_changed(stdClass $course, stdClass $cm, stdClass $scorm, array $params): bool {
        if ((int)$scorm->completionstatusrequired !== $params['completionstatusrequired']
                || (int)$scorm->completionscorerequired !== $params['completionscorerequired']) {
            return true;
        }
        if (!(new completion_info($course))->is_enabled()) {
            return false;
        }
        return self::has_rules($params) && (int)$cm->completion !== COMPLETION_TRACKING_AUTOMATIC;
    }

    /**
     * Whether the name or a grading setting differs from what the activity has.
     *
     * @param stdClass $scorm
     * @param array $params
     * @return bool
     */
    private static function settings_changed(stdClass $scorm, array $params): bool {
        return $scorm->name !== $params['name']
            || (int)$scorm->grademethod !== $params['grademethod']
            || (int)$scorm->whatgrade !== $params['whatgrade']
            || abs((float)$scorm->maxgrade - $params['maxgrade']) > 0.00001
            || (int)$scorm->maxattempt !== $params['maxattempt'];
    }

    /**
     * Turns scorm.options back into the form fields scorm_option2text() rebuilds it from.
     *
     * Without this, saving a pop-up activity would reset its window options.
     *
     * @param stdClass $data
     */
    private static function unpack_popup_options(stdClass $data): void {
        if (empty($data->popup) || empty($data->options)) {
            return;
        }
        foreach (explode(',', $data->options) as $option) {
            $pair = explode('=', $option, 2);
            if (count($pair) === 2) {
                $data->{trim($pair[0])} = trim($pair[1]);
            }
        }
    }
}
