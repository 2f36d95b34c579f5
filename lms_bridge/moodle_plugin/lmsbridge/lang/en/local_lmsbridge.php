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
 * English strings for local_lmsbridge.
 *
 * @package    local_lmsbridge
 * @copyright  2026 lms-bridge developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['cohortnotavailable'] = 'The cohort with id {$a} does not exist or is not available in this course.';
$string['draftfileinfolder'] = 'The package in draft area {$a} is in a folder; upload it with filepath "/".';
$string['draftfilemissing'] = 'The draft area {$a} of the web service user holds no file. Upload the package with webservice/upload.php first.';
$string['draftfiletoomany'] = 'The draft area {$a} holds more than one file; upload exactly one SCORM package.';
$string['enrolcohortdisabled'] = 'The "Cohort sync" enrolment method is disabled on this site. Enable it in Site administration > Plugins > Enrolments > Manage enrol plugins.';
$string['idnumberambiguous'] = 'More than one activity in this course has the ID number "{$a}".';
$string['idnumbernotscorm'] = 'The activity with ID number "{$a}" in this course is not a SCORM package.';
$string['idnumbertaken'] = 'The ID number "{$a}" is already used in this course by a grade item, or by an activity that is being deleted (it is gone after the next cron run).';
$string['invalidcompletionstatus'] = 'completionstatusrequired must be 0 (none), 2 (passed), 4 (completed) or 6 (passed or completed).';
$string['invalidpackage'] = 'The uploaded file is not a valid SCORM package: {$a}';
$string['lmsbridge:deploy'] = 'Create and update SCORM activities through lms-bridge';
$string['lmsbridge:manageenrolments'] = 'Add cohort sync enrolments through lms-bridge';
$string['lmsbridge:viewcompletions'] = 'View the completions of all learners through lms-bridge';
$string['noscormmodule'] = 'The SCORM activity module is not installed or is disabled on this site.';
$string['packageunreadable'] = 'The uploaded package was not deployed, and the course is unchanged: {$a}. Check it with "lms-bridge validate".';
$string['pluginname'] = 'lms-bridge companion';
$string['privacy:metadata'] = 'The lms-bridge companion plugin stores no personal data. Its web service functions read and write core Moodle data only.';
$string['rolenotassignable'] = 'The role with id {$a} cannot be assigned in this course by the web service user.';
$string['sectionmissing'] = 'The course has no section {$a->section}; its last section is {$a->last}. Add the section in Moodle first, or deploy to an existing one.';
