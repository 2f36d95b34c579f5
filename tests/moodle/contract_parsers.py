"""How each recorded success answer is read: through the client's own wrapper method.

The contract test answers every request with the recorded body, so the arguments below only
have to be valid for the wrapper; what is checked is that the wrapper's own parsing (keys it
reads, models it builds) accepts what real Moodle sent.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from lms_bridge.moodle.client import MoodleClient
from lms_bridge.moodle.cohorts import CohortMember, NewCohort
from lms_bridge.moodle.courses import NewCourse
from lms_bridge.moodle.enrolments import Enrolment
from lms_bridge.moodle.users import NewUser, UserUpdate

Parser = Callable[[MoodleClient, Path], Any]


def _upload(client: MoodleClient, tmp_path: Path) -> Any:
    path = tmp_path / "handout.txt"
    path.write_bytes(b"hello")
    return client.files.upload([path])


PARSERS: dict[str, Parser] = {
    "core_webservice_get_site_info": lambda c, _: c.site_info(),
    "core_user_create_users": lambda c, _: c.users.create([NewUser(
        username="learner", firstname="A", lastname="B", email="learner@example.org")]),
    "core_user_update_users": lambda c, _: c.users.update([UserUpdate(id=3, city="Tiranë")]),
    "core_user_get_users_by_field": lambda c, _: c.users.get_by_field("id", [3]),
    "core_user_get_users": lambda c, _: c.users.search(email="%@example.org"),
    "core_cohort_create_cohorts": lambda c, _: c.cohorts.create([NewCohort(name="x",
                                                                             idnumber="x")]),
    "core_cohort_get_cohorts": lambda c, _: c.cohorts.get(),
    "core_cohort_search_cohorts": lambda c, _: c.cohorts.search("x"),
    "core_cohort_add_cohort_members": lambda c, _: c.cohorts.add_members([CohortMember(
        cohort="x", user="learner")]),
    "core_cohort_delete_cohort_members": lambda c, _: c.cohorts.remove_members([(1, 3)]),
    "core_cohort_get_cohort_members": lambda c, _: c.cohorts.members([1]),
    "core_course_get_courses_by_field": lambda c, _: c.courses.get_by_field("id", 2),
    "core_course_create_courses": lambda c, _: c.courses.create([NewCourse(
        fullname="x", shortname="x", categoryid=1)]),
    "core_course_get_contents": lambda c, _: c.courses.contents(2),
    "core_course_get_course_module": lambda c, _: c.courses.module(3),
    "core_enrol_get_enrolled_users": lambda c, _: c.enrolments.enrolled_users(2),
    "core_enrol_get_users_courses": lambda c, _: c.enrolments.user_courses(3),
    "enrol_manual_enrol_users": lambda c, _: c.enrolments.enrol([Enrolment(userid=3,
                                                                           courseid=2)]),
    "enrol_manual_unenrol_users": lambda c, _: c.enrolments.unenrol([(3, 2)]),
    "core_completion_get_activities_completion_status":
        lambda c, _: c.completion.activities(2, 3),
    "core_completion_get_course_completion_status": lambda c, _: c.completion.course(2, 3),
    "core_completion_override_activity_completion_status":
        lambda c, _: c.completion.override(3, 4, 1),
    "core_completion_update_activity_completion_status_manually":
        lambda c, _: c.completion.mark_own(4, True),
    "gradereport_user_get_grade_items": lambda c, _: c.grades.grade_items(2),
    "mod_scorm_get_scorms_by_courses": lambda c, _: c.scorm.by_courses([2]),
    "mod_scorm_get_scorm_scoes": lambda c, _: c.scorm.scoes(1),
    "mod_scorm_get_scorm_attempt_count": lambda c, _: c.scorm.attempt_count(1, 3),
    "mod_scorm_get_scorm_sco_tracks": lambda c, _: c.scorm.sco_tracks(1, 3),
    "mod_scorm_get_scorm_user_data": lambda c, _: c.scorm.own_user_data(1, 1),
    "mod_scorm_insert_scorm_tracks": lambda c, _: c.scorm.insert_own_tracks(
        1, 1, {"cmi.core.lesson_status": "completed"}),
    "webservice/upload.php": _upload,
}

#: functions whose answer is ``null``: the wrapper returns ``None`` whatever came back, so the
#: test checks the recording itself
RETURNS_NULL = {"core_cohort_delete_cohort_members", "enrol_manual_enrol_users",
                "enrol_manual_unenrol_users"}

#: recorded functions the client deliberately has no model for (and why)
NOT_MODELLED = {
    "core_files_upload": "deprecated base64 upload; the client uses webservice/upload.php",
    "gradereport_user_get_grades_table": "HTML table; grade items are used instead",
    "mod_scorm_get_scorm_access_information": "learner-side capability probe",
    "mod_customcert_list_issues": "read by lms_bridge.certificates.customcert",
    "mod_customcert_delete_issue": "certificates feature",
    "mod_customcert_get_element_html": "certificate editor only",
    "mod/customcert/mobile/pluginfile.php": "binary exchange, no JSON recorded",
    "login/token.php": "the client uses admin-created tokens, never login/token.php",
}
