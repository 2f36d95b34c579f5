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
require_once($CFG->dirroot . '/cohort/lib.php');
require_once($CFG->dirroot . '/enrol/cohort/locallib.php');

use context_course;
use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_single_structure;
use core_external\external_value;
use moodle_exception;
use null_progress_trace;

/**
 * Adds (or finds) a cohort sync enrolment for a course, cohort and role, then syncs it.
 *
 * Core Moodle 4.1-5.x has no web service that creates an enrol_cohort instance. This goes
 * through enrol_cohort_plugin::add_instance(), which also runs enrol_cohort_sync() for the
 * course, exactly as the "Cohort sync" form does. Calling it again with the same course, cohort
 * and role finds the existing instance, enables it if it was disabled, and syncs again, so a
 * client can call it on every run.
 *
 * @package    local_lmsbridge
 * @copyright  2026 lms-bridge developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class add_cohort_enrolment extends external_api {
    /** COHORT_CREATE_GROUP of enrol/cohort/lib.php: add_instance() creates a group for the cohort. */
    private const CREATE_GROUP = -1;

    /**
     * Describes the parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'courseid' => new external_value(PARAM_INT, 'Course id'),
            'cohortid' => new external_value(PARAM_INT, 'Cohort id'),
            'roleid' => new external_value(PARAM_INT, 'Role given to the cohort members (e.g. the student role id)'),
            'groupid' => new external_value(PARAM_INT,
                'Course group to add members to: 0 none, -1 a new group named after the cohort', VALUE_DEFAULT, 0),
        ]);
    }

    /**
     * Adds or finds the instance and syncs the cohort into the course.
     *
     * @param int $courseid
     * @param int $cohortid
     * @param int $roleid
     * @param int $groupid
     * @return array
     */
    public static function execute(int $courseid, int $cohortid, int $roleid, int $groupid = 0): array {
        global $DB;

        $params = self::validate_parameters(self::execute_parameters(), [
            'courseid' => $courseid,
            'cohortid' => $cohortid,
            'roleid' => $roleid,
            'groupid' => $groupid,
        ]);
        $course = get_course($params['courseid']);
        $context = context_course::instance($course->id);
        self::validate_context($context);
        require_capability('local/lmsbridge:manageenrolments', $context);
        require_capability('moodle/course:enrolconfig', $context);
        require_capability('enrol/cohort:config', $context);

        if (!enrol_is_enabled('cohort')) {
            throw new moodle_exception('enrolcohortdisabled', 'local_lmsbridge');
        }
        if (!cohort_get_cohort($params['cohortid'], $context)) {
            throw new moodle_exception('cohortnotavailable', 'local_lmsbridge', '', $params['cohortid']);
        }
        if (!array_key_exists($params['roleid'], get_assignable_roles($context))) {
            throw new moodle_exception('rolenotassignable', 'local_lmsbridge', '', $params['roleid']);
        }
        // The choices of enrol_cohort_plugin::get_group_options() (enrol/cohort/lib.php).
        if ($params['groupid'] === self::CREATE_GROUP) {
            require_capability('moodle/course:managegroups', $context);
        } else if ($params['groupid'] < 0 || ($params['groupid'] > 0
                && !$DB->record_exists('groups', ['id' => $params['groupid'], 'courseid' => $course->id]))) {
            throw new moodle_exception('invalidgroupid');
        }

        $plugin = enrol_get_plugin('cohort');
        $instances = $DB->get_records('enrol', [
            'enrol' => 'cohort',
            'courseid' => $course->id,
            'customint1' => $params['cohortid'],
            'roleid' => $params['roleid'],
        ], 'id');
        $created = false;
        if ($instances) {
            $instance = reset($instances);
            if ((int)$instance->status !== ENROL_INSTANCE_ENABLED) {
                // update_status() syncs the course itself.
                $plugin->update_status($instance, ENROL_INSTANCE_ENABLED);
            } else {
                $trace = new null_progress_trace();
                enrol_cohort_sync($trace, $course->id);
                $trace->finished();
            }
            $instanceid = (int)$instance->id;
        } else {
            // add_instance() syncs the course itself.
            $instanceid = (int)$plugin->add_instance($course, [
                'customint1' => $params['cohortid'],
                'roleid' => $params['roleid'],
                'customint2' => $params['groupid'],
                'status' => ENROL_INSTANCE_ENABLED,
            ]);
            $created = true;
        }

        return [
            'instanceid' => $instanceid,
            'created' => $created,
            'enrolledusers' => $DB->count_records('user_enrolments', ['enrolid' => $instanceid]),
        ];
    }

    /**
     * Describes the result.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'instanceid' => new external_value(PARAM_INT, 'Enrolment instance id'),
            'created' => new external_value(PARAM_BOOL, 'Whether the instance was created by this call'),
            'enrolledusers' => new external_value(PARAM_INT, 'Users enrolled through this instance after the sync'),
        ]);
    }
}
