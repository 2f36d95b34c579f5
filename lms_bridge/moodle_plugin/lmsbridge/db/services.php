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

/**
 * Web service functions of local_lmsbridge and the pre-defined "lms_bridge" service.
 *
 * The service lists every core and plugin function lms-bridge calls (its feature table in
 * lms_bridge/moodle/features.py), so a site admin only enables the service, authorises one
 * user and creates a token. Functions of plugins the site lacks (mod_customcert) are simply
 * not callable until that plugin is installed.
 *
 * @package    local_lmsbridge
 * @copyright  2026 lms-bridge developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$functions = [
    'local_lmsbridge_deploy_scorm' => [
        'classname' => 'local_lmsbridge\external\deploy_scorm',
        'methodname' => 'execute',
        'description' => 'Create a SCORM activity from an uploaded package, or update the one with the same ID number.',
        'type' => 'write',
        'capabilities' => 'local/lmsbridge:deploy, moodle/course:manageactivities, mod/scorm:addinstance',
    ],
    'local_lmsbridge_add_cohort_enrolment' => [
        'classname' => 'local_lmsbridge\external\add_cohort_enrolment',
        'methodname' => 'execute',
        'description' => 'Add (or find) a cohort sync enrolment for a course, cohort and role, and sync it.',
        'type' => 'write',
        'capabilities' => 'local/lmsbridge:manageenrolments, moodle/course:enrolconfig, enrol/cohort:config',
    ],
    'local_lmsbridge_get_course_completions' => [
        'classname' => 'local_lmsbridge\external\get_course_completions',
        'methodname' => 'execute',
        'description' => 'Paged completions of all learners of a course: course completion, activities, SCORM status and score.',
        'type' => 'read',
        'capabilities' => 'local/lmsbridge:viewcompletions, moodle/course:viewparticipants, report/progress:view, '
            . 'moodle/grade:viewall',
    ],
];

$services = [
    'lms-bridge' => [
        'shortname' => 'lms_bridge',
        'functions' => [
            // This plugin.
            'local_lmsbridge_deploy_scorm',
            'local_lmsbridge_add_cohort_enrolment',
            'local_lmsbridge_get_course_completions',
            // Site information: version and the functions the token can call.
            'core_webservice_get_site_info',
            // Users.
            'core_user_get_users',
            'core_user_get_users_by_field',
            'core_user_create_users',
            'core_user_update_users',
            // Cohorts.
            'core_cohort_search_cohorts',
            'core_cohort_get_cohorts',
            'core_cohort_create_cohorts',
            'core_cohort_add_cohort_members',
            'core_cohort_delete_cohort_members',
            'core_cohort_get_cohort_members',
            // Courses and enrolment.
            'core_course_get_courses_by_field',
            'core_course_get_contents',
            'core_course_get_course_module',
            'core_enrol_get_enrolled_users',
            'enrol_manual_enrol_users',
            'enrol_manual_unenrol_users',
            // Completion and grades.
            'core_completion_get_activities_completion_status',
            'core_completion_get_course_completion_status',
            'gradereport_user_get_grade_items',
            // SCORM.
            'mod_scorm_get_scorms_by_courses',
            'mod_scorm_get_scorm_attempt_count',
            'mod_scorm_get_scorm_scoes',
            'mod_scorm_get_scorm_sco_tracks',
            // Certificates (mod_customcert v4.4.7+ / v5.0.1+).
            'mod_customcert_list_issues',
        ],
        'restrictedusers' => 1,
        'enabled' => 0,
        'downloadfiles' => 1,
        'uploadfiles' => 1,
    ],
];
