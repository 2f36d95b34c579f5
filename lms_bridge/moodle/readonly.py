"""Functions known to change nothing in Moodle, and so safe to retry.

A function is a write until it is listed here: retrying a write after a timeout could create a
user twice or re-enrol someone whose enrolment was just edited by hand.
"""

from __future__ import annotations

READ_ONLY_FUNCTIONS: set[str] = {
    "core_webservice_get_site_info",
    "core_user_get_users_by_field",
    "core_user_get_users",
    "core_cohort_get_cohorts",
    "core_cohort_search_cohorts",
    "core_cohort_get_cohort_members",
    "core_course_get_courses_by_field",
    "core_course_get_courses",
    "core_course_get_contents",
    "core_course_get_course_module",
    "core_enrol_get_enrolled_users",
    "core_enrol_get_users_courses",
    "core_completion_get_activities_completion_status",
    "core_completion_get_course_completion_status",
    "gradereport_user_get_grade_items",
    "gradereport_user_get_grades_table",
    "mod_scorm_get_scorms_by_courses",
    "mod_scorm_get_scorm_scoes",
    "mod_scorm_get_scorm_attempt_count",
    "mod_scorm_get_scorm_user_data",
    "mod_scorm_get_scorm_sco_tracks",
    "mod_scorm_get_scorm_access_information",
    "mod_customcert_list_issues",
    "core_reportbuilder_list_reports",
    "core_reportbuilder_retrieve_report",
}


def mark_read_only(*names: str) -> None:
    """Declare functions (e.g. a plugin's getters) safe to retry."""
    READ_ONLY_FUNCTIONS.update(names)


def is_read_only(name: str) -> bool:
    return name in READ_ONLY_FUNCTIONS
