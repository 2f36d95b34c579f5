"""How each recorded success answer is parsed into the client's models."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lms_bridge.moodle.cohorts import Cohort
from lms_bridge.moodle.completion import (
    ActivitiesCompletion,
    CourseCompletion,
    OverrideResult,
)
from lms_bridge.moodle.courses import Course, CreatedCourse, Section
from lms_bridge.moodle.enrolments import EnrolledUser, UserCourse
from lms_bridge.moodle.files import DraftFile
from lms_bridge.moodle.grades import GradeReport
from lms_bridge.moodle.models import MoodleWarning
from lms_bridge.moodle.scorm import Sco, ScormActivity, ScoTracks, ScoUserData
from lms_bridge.moodle.site import SiteInfo
from lms_bridge.moodle.users import CreatedUser, MoodleUser


def _each(model: Any) -> Callable[[Any], Any]:
    return lambda body: [model.model_validate(x) for x in body]


def _key(key: str, model: Any) -> Callable[[Any], Any]:
    return lambda body: [model.model_validate(x) for x in body[key]]


def _warnings(body: Any) -> Any:
    return [MoodleWarning.model_validate(w) for w in body["warnings"]]


def _null(body: Any) -> Any:
    assert body is None
    return body


PARSERS: dict[str, Callable[[Any], Any]] = {
    "core_webservice_get_site_info": SiteInfo.model_validate,
    "core_user_create_users": _each(CreatedUser),
    "core_user_update_users": _warnings,
    "core_user_get_users_by_field": _each(MoodleUser),
    "core_user_get_users": _key("users", MoodleUser),
    "core_cohort_create_cohorts": _each(Cohort),
    "core_cohort_get_cohorts": _each(Cohort),
    "core_cohort_search_cohorts": _key("cohorts", Cohort),
    "core_cohort_add_cohort_members": _warnings,
    "core_cohort_delete_cohort_members": _null,
    "core_cohort_get_cohort_members": lambda body: {r["cohortid"]: list(r["userids"])
                                                    for r in body},
    "core_course_get_courses_by_field": _key("courses", Course),
    "core_course_create_courses": _each(CreatedCourse),
    "core_course_get_contents": _each(Section),
    "core_enrol_get_enrolled_users": _each(EnrolledUser),
    "core_enrol_get_users_courses": _each(UserCourse),
    "enrol_manual_enrol_users": _null,
    "enrol_manual_unenrol_users": _null,
    "core_completion_get_activities_completion_status": ActivitiesCompletion.model_validate,
    "core_completion_get_course_completion_status":
        lambda body: CourseCompletion.model_validate(body["completionstatus"]),
    "core_completion_override_activity_completion_status": OverrideResult.model_validate,
    "core_completion_update_activity_completion_status_manually":
        lambda body: bool(body["status"]),
    "gradereport_user_get_grade_items": GradeReport.model_validate,
    "mod_scorm_get_scorms_by_courses": _key("scorms", ScormActivity),
    "mod_scorm_get_scorm_scoes": _key("scoes", Sco),
    "mod_scorm_get_scorm_attempt_count": lambda body: int(body["attemptscount"]),
    "mod_scorm_get_scorm_sco_tracks": lambda body: ScoTracks.model_validate(body["data"]),
    "mod_scorm_get_scorm_user_data": _key("data", ScoUserData),
    "mod_scorm_insert_scorm_tracks": lambda body: [int(t) for t in body["trackids"]],
    "webservice/upload.php": _each(DraftFile),
}

#: recorded functions the client deliberately has no model for (and why)
NOT_MODELLED = {
    "core_course_get_course_module": "not needed by any feature yet",
    "core_files_upload": "deprecated base64 upload; the client uses webservice/upload.php",
    "gradereport_user_get_grades_table": "HTML table; grade items are used instead",
    "mod_scorm_get_scorm_access_information": "learner-side capability probe",
    "mod_customcert_list_issues": "certificates feature (issue of the certificates engineer)",
    "mod_customcert_delete_issue": "certificates feature",
    "mod_customcert_get_element_html": "certificate editor only",
    "mod/customcert/mobile/pluginfile.php": "binary exchange, no JSON recorded",
    "login/token.php": "the client uses admin-created tokens, never login/token.php",
}
