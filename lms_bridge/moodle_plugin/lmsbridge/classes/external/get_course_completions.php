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
require_once($CFG->libdir . '/completionlib.php');
require_once($CFG->libdir . '/gradelib.php');
require_once($CFG->dirroot . '/grade/querylib.php');
require_once($CFG->dirroot . '/mod/scorm/locallib.php');

use completion_info;
use context_course;
use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_multiple_structure;
use core_external\external_single_structure;
use core_external\external_value;
use invalid_parameter_exception;
use stdClass;

/**
 * Returns one page of completion data for all learners of a course in one call.
 *
 * Core needs one core_completion_get_* call per learner and throws for learners it does not
 * track; this returns, per learner, the course completion time, how many tracked activities are
 * complete, the final course grade, and the status, score and attempts of every SCORM activity.
 * Learners are the enrolled users with moodle/course:isincompletionreports, suspended and
 * expired enrolments included (a learner who completed and whose enrolment has since ended
 * still needs a certificate; Moodle's progress report shows active enrolments only).
 * Activity states are read for the whole page in one query, as completion_info's
 * get_progress_all() does. SCORM status and score are read through mod_scorm's functions
 * (scorm_get_last_attempt, scorm_get_tracks), which hide the 4.3 change of tracking tables.
 *
 * @package    local_lmsbridge
 * @copyright  2026 lms-bridge developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_course_completions extends external_api {
    /** Largest page the function returns; keeps one call within web server time limits. */
    private const MAX_PERPAGE = 200;

    /**
     * course_modules_completion states of a failed activity: COMPLETION_COMPLETE_FAIL (3) and
     * COMPLETION_COMPLETE_FAIL_HIDDEN (4, a failing grade the learner cannot see yet; the
     * constant is not defined on every supported version).
     */
    private const FAILED_STATES = [3, 4];

    /**
     * Describes the parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'courseid' => new external_value(PARAM_INT, 'Course id'),
            'page' => new external_value(PARAM_INT, 'Page number, from 0', VALUE_DEFAULT, 0),
            'perpage' => new external_value(PARAM_INT, 'Learners per page, 1 to ' . self::MAX_PERPAGE, VALUE_DEFAULT, 50),
        ]);
    }

    /**
     * Collects one page of learners' completion data.
     *
     * @param int $courseid
     * @param int $page
     * @param int $perpage
     * @return array
     */
    public static function execute(int $courseid, int $page = 0, int $perpage = 50): array {
        global $DB;

        $params = self::validate_parameters(self::execute_parameters(), [
            'courseid' => $courseid,
            'page' => $page,
            'perpage' => $perpage,
        ]);
        if ($params['page'] < 0 || $params['perpage'] < 1 || $params['perpage'] > self::MAX_PERPAGE) {
            throw new invalid_parameter_exception('page must be 0 or more and perpage 1 to ' . self::MAX_PERPAGE . '.');
        }
        $course = get_course($params['courseid']);
        $context = context_course::instance($course->id);
        self::validate_context($context);
        require_capability('local/lmsbridge:viewcompletions', $context);
        require_capability('moodle/course:viewparticipants', $context);
        require_capability('report/progress:view', $context);
        require_capability('moodle/grade:viewall', $context);

        $capability = 'moodle/course:isincompletionreports';
        $total = count_enrolled_users($context, $capability);
        $users = get_enrolled_users($context, $capability, 0, 'u.id, u.username, u.idnumber, u.email', 'u.id ASC',
            $params['page'] * $params['perpage'], $params['perpage']);
        $userids = array_map('intval', array_keys($users));

        $completion = new completion_info($course);
        $activities = $completion->is_enabled() ? $completion->get_activities() : [];
        $scorms = self::scorm_activities($course);
        $counts = self::activity_counts($activities, $userids);
        $coursecompletions = self::course_completions($course->id, $userids);
        $finalgrades = $userids ? grade_get_course_grades($course->id, $userids)->grades : [];
        $scormgrades = [];
        foreach ($scorms as $scorm) {
            $scormgrades[$scorm->id] = self::activity_grades($course->id, (int)$scorm->id, $userids);
        }

        $rows = [];
        foreach ($users as $user) {
            $userid = (int)$user->id;
            $timecompleted = $coursecompletions[$userid] ?? null;
            $scormrows = [];
            foreach ($scorms as $scorm) {
                $scormrows[] = self::scorm_row($scorm, $userid, $scormgrades[$scorm->id][$userid] ?? null);
            }
            $rows[] = [
                'id' => $userid,
                'username' => $user->username,
                'idnumber' => (string)$user->idnumber,
                'email' => (string)$user->email,
                'coursecompleted' => $timecompleted !== null,
                'timecompleted' => $timecompleted,
                'activitiescompleted' => $counts[$userid]['completed'],
                'activitiesfailed' => $counts[$userid]['failed'],
                'activitiestotal' => count($activities),
                'finalgrade' => self::grade_value($finalgrades[$userid] ?? null),
                'scorms' => $scormrows,
            ];
        }

        return [
            'total' => $total,
            'page' => $params['page'],
            'perpage' => $params['perpage'],
            'completionenabled' => (bool)$completion->is_enabled(),
            'scorms' => array_map(function(stdClass $scorm) use ($context): array {
                return [
                    'cmid' => (int)$scorm->cmid,
                    'scormid' => (int)$scorm->id,
                    'name' => format_string($scorm->name, true, ['context' => $context]),
                    'idnumber' => (string)$scorm->cmidnumber,
                ];
            }, array_values($scorms)),
            'users' => $rows,
        ];
    }

    /**
     * Describes the result.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'total' => new external_value(PARAM_INT, 'Number of learners in the course'),
            'page' => new external_value(PARAM_INT, 'Page number'),
            'perpage' => new external_value(PARAM_INT, 'Learners per page'),
            'completionenabled' => new external_value(PARAM_BOOL, 'Whether completion tracking is on for the course'),
            'scorms' => new external_multiple_structure(new external_single_structure([
                'cmid' => new external_value(PARAM_INT, 'Course module id'),
                'scormid' => new external_value(PARAM_INT, 'SCORM instance id'),
                'name' => new external_value(PARAM_TEXT, 'Activity name'),
                'idnumber' => new external_value(PARAM_RAW, 'Course module ID number'),
            ]), 'SCORM activities of the course, in course order'),
            'users' => new external_multiple_structure(new external_single_structure([
                'id' => new external_value(PARAM_INT, 'User id'),
                'username' => new external_value(PARAM_RAW, 'Username'),
                'idnumber' => new external_value(PARAM_RAW, 'User ID number'),
                'email' => new external_value(PARAM_RAW, 'Email address'),
                'coursecompleted' => new external_value(PARAM_BOOL, 'Whether the course is complete'),
                'timecompleted' => new external_value(PARAM_INT, 'When the course was completed', VALUE_REQUIRED,
                    null, NULL_ALLOWED),
                'activitiescompleted' => new external_value(PARAM_INT, 'Tracked activities complete (or passed)'),
                'activitiesfailed' => new external_value(PARAM_INT, 'Tracked activities complete but failed'),
                'activitiestotal' => new external_value(PARAM_INT, 'Activities with completion tracking'),
                'finalgrade' => new external_value(PARAM_FLOAT, 'Course total grade', VALUE_REQUIRED, null, NULL_ALLOWED),
                'scorms' => new external_multiple_structure(new external_single_structure([
                    'cmid' => new external_value(PARAM_INT, 'Course module id'),
                    'status' => new external_value(PARAM_ALPHA,
                        'notattempted, incomplete, completed, passed, failed or browsed (last attempt, all SCOs)'),
                    'score' => new external_value(PARAM_FLOAT, 'Highest raw score of the last attempt', VALUE_REQUIRED,
                        null, NULL_ALLOWED),
                    'grade' => new external_value(PARAM_FLOAT, 'Activity grade in the gradebook', VALUE_REQUIRED,
                        null, NULL_ALLOWED),
                    'attempts' => new external_value(PARAM_INT, 'Number of attempts'),
                ])),
            ])),
        ]);
    }

    /**
     * SCORM activities of the course in course order, with their launchable SCO ids.
     *
     * @param stdClass $course
     * @return stdClass[] scorm records keyed by id, with cmid, cmidnumber and scoids added
     */
    private static function scorm_activities(stdClass $course): array {
        global $DB;

        $scorms = [];
        foreach (get_fast_modinfo($course)->get_instances_of('scorm') as $cm) {
            if ($cm->deletioninprogress) {
                continue;
            }
            $scorm = $DB->get_record('scorm', ['id' => $cm->instance], '*', MUST_EXIST);
            $scorm->cmid = $cm->id;
            $scorm->cmidnumber = $cm->idnumber;
            $scorm->scoids = array_keys($DB->get_records_select('scorm_scoes',
                'scorm = ? AND ' . $DB->sql_isnotempty('scorm_scoes', 'launch', false, true),
                [$scorm->id], 'sortorder, id', 'id'));
            $scorms[$scorm->id] = $scorm;
        }
        return $scorms;
    }

    /**
     * Course completion times of the given users.
     *
     * @param int $courseid
     * @param int[] $userids
     * @return array user id => timecompleted, only for users who completed the course
     */
    private static function course_completions(int $courseid, array $userids): array {
        global $DB;

        if (!$userids) {
            return [];
        }
        [$insql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED);
        $params['courseid'] = $courseid;
        $records = $DB->get_records_select('course_completions',
            "course = :courseid AND userid $insql AND timecompleted IS NOT NULL", $params, '', 'userid, timecompleted');
        $times = [];
        foreach ($records as $record) {
            $times[(int)$record->userid] = (int)$record->timecompleted;
        }
        return $times;
    }

    /**
     * Counts each learner's tracked activities that are complete, and those completed but failed.
     *
     * One query for the page: completion_info::get_data() per learner and activity costs a query
     * each and, since 4.0, evaluates every custom completion rule again.
     *
     * @param \cm_info[] $activities keyed by course module id
     * @param int[] $userids
     * @return array user id => ['completed' => int, 'failed' => int]
     */
    private static function activity_counts(array $activities, array $userids): array {
        global $DB;

        $counts = [];
        foreach ($userids as $userid) {
            $counts[$userid] = ['completed' => 0, 'failed' => 0];
        }
        if (!$activities || !$userids) {
            return $counts;
        }
        [$cmsql, $params] = $DB->get_in_or_equal(array_keys($activities), SQL_PARAMS_NAMED, 'cm');
        [$usersql, $userparams] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED, 'user');
        $records = $DB->get_recordset_select('course_modules_completion',
            "coursemoduleid $cmsql AND userid $usersql", $params + $userparams, '', 'id, userid, completionstate');
        foreach ($records as $record) {
            $state = (int)$record->completionstate;
            if ($state === COMPLETION_COMPLETE || $state === COMPLETION_COMPLETE_PASS) {
                $counts[(int)$record->userid]['completed']++;
            } else if (in_array($state, self::FAILED_STATES, true)) {
                $counts[(int)$record->userid]['failed']++;
            }
        }
        $records->close();
        return $counts;
    }

    /**
     * Gradebook grades of one SCORM activity.
     *
     * @param int $courseid
     * @param int $scormid
     * @param int[] $userids
     * @return array user id => grade object
     */
    private static function activity_grades(int $courseid, int $scormid, array $userids): array {
        if (!$userids) {
            return [];
        }
        $result = grade_get_grades($courseid, 'mod', 'scorm', $scormid, $userids);
        if (empty($result->items)) {
            return [];
        }
        return reset($result->items)->grades;
    }

    /**
     * Status, best raw score and attempts of one learner in one SCORM activity.
     *
     * SCORM 2004 keeps pass/fail in cmi.success_status apart from cmi.completion_status; a
     * passed or failed success status wins, as it does in Moodle's own SCORM reports.
     *
     * @param stdClass $scorm record from scorm_activities()
     * @param int $userid
     * @param stdClass|null $grade gradebook grade object
     * @return array
     */
    private static function scorm_row(stdClass $scorm, int $userid, ?stdClass $grade): array {
        $row = [
            'cmid' => (int)$scorm->cmid,
            'status' => 'notattempted',
            'score' => null,
            'grade' => self::grade_value($grade),
            'attempts' => 0,
        ];
        if (!scorm_has_tracks($scorm->id, $userid)) {
            return $row;
        }
        $row['attempts'] = (int)scorm_get_attempt_count($userid, $scorm);
        $attempt = scorm_get_last_attempt($scorm->id, $userid);
        $statuses = [];
        foreach ($scorm->scoids as $scoid) {
            $track = scorm_get_tracks($scoid, $userid, $attempt);
            if (!$track) {
                $statuses[] = 'notattempted';
                continue;
            }
            $success = $track->{'cmi.success_status'} ?? '';
            $statuses[] = in_array($success, ['passed', 'failed'], true) ? $success : ($track->status ?: 'incomplete');
            if ($track->score_raw !== '' && ($row['score'] === null || $track->score_raw > $row['score'])) {
                $row['score'] = (float)$track->score_raw;
            }
        }
        $row['status'] = self::combine_statuses($statuses);
        return $row;
    }

    /**
     * One status for an activity from the statuses of its SCOs.
     *
     * @param string[] $statuses
     * @return string
     */
    private static function combine_statuses(array $statuses): string {
        if (!$statuses) {
            return 'notattempted';
        }
        if (in_array('failed', $statuses, true)) {
            return 'failed';
        }
        $unique = array_unique($statuses);
        if ($unique === ['passed']) {
            return 'passed';
        }
        if (!array_diff($unique, ['passed', 'completed'])) {
            return 'completed';
        }
        if ($unique === ['notattempted']) {
            return 'notattempted';
        }
        if ($unique === ['browsed']) {
            return 'browsed';
        }
        return 'incomplete';
    }

    /**
     * The numeric grade of a gradebook grade object, or null when there is none.
     *
     * grade_get_course_grades() and grade_get_grades() give false, not a number, while the
     * grade item still needs a regrade.
     *
     * @param stdClass|null $grade
     * @return float|null
     */
    private static function grade_value(?stdClass $grade): ?float {
        if ($grade === null || !is_numeric($grade->grade)) {
            return null;
        }
        return (float)$grade->grade;
    }
}
