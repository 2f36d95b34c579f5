"""Which web-service functions each lms-bridge feature needs.

Features check this table before they start, so a run never stops half-way for a function
missing from the token's service. Other parts of the project register their needs with
:func:`register_feature` (or by editing the table below).
"""

from __future__ import annotations

from dataclasses import dataclass

from lms_bridge.moodle.lmsbridge_plugin import DEPLOY_SCORM, PLUGIN_FUNCTIONS
from lms_bridge.moodle.site import SiteInfo

FEATURES: dict[str, tuple[str, ...]] = {
    "build": (),
    "sync": (
        "core_webservice_get_site_info",
        "core_user_get_users_by_field",
        "core_user_create_users",
        "core_user_update_users",
        "core_course_get_courses_by_field",
        "core_cohort_search_cohorts",
        "core_cohort_get_cohorts",
        "core_cohort_create_cohorts",
        "core_cohort_add_cohort_members",
        "core_cohort_delete_cohort_members",
        "core_cohort_get_cohort_members",
        "enrol_manual_enrol_users",
        "enrol_manual_unenrol_users",
        "core_enrol_get_enrolled_users",
    ),
    "reports": (
        "core_webservice_get_site_info",
        "core_course_get_courses_by_field",
        "core_cohort_get_cohorts",
        "core_cohort_get_cohort_members",
        "core_enrol_get_enrolled_users",
        "core_completion_get_activities_completion_status",
        "core_completion_get_course_completion_status",
        "gradereport_user_get_grade_items",
        "mod_scorm_get_scorms_by_courses",
        "mod_scorm_get_scorm_scoes",
        "mod_scorm_get_scorm_sco_tracks",
    ),
    # certificates issue reads completions through the reports collector, so it needs what
    # reports needs; pulling mod_customcert issues is optional and listed on its own.
    "certificates": (
        "core_webservice_get_site_info",
        "core_course_get_courses_by_field",
        "core_course_get_contents",
        "core_enrol_get_enrolled_users",
        "core_completion_get_activities_completion_status",
        "core_completion_get_course_completion_status",
        "gradereport_user_get_grade_items",
        "mod_scorm_get_scorms_by_courses",
        "mod_scorm_get_scorm_attempt_count",
        "mod_scorm_get_scorm_scoes",
        "mod_scorm_get_scorm_sco_tracks",
    ),
    "certificates-pull": (
        "core_webservice_get_site_info",
        "core_course_get_courses_by_field",
        "core_course_get_contents",
        "mod_customcert_list_issues",
    ),
    "deploy": (
        "core_webservice_get_site_info",
        "core_course_get_courses_by_field",
        "core_course_get_course_module",
        "mod_scorm_get_scorms_by_courses",
        DEPLOY_SCORM,
    ),
    # The companion plugin local_lmsbridge (lms-bridge moodle plugin-zip); sync and reports
    # use it when present and fall back to core functions otherwise.
    "plugin": PLUGIN_FUNCTIONS,
}


def register_feature(name: str, functions: tuple[str, ...] | list[str]) -> None:
    """Add functions a feature needs (merged with what is already listed)."""
    known = FEATURES.get(name, ())
    FEATURES[name] = known + tuple(f for f in functions if f not in known)


def required_functions(feature: str) -> tuple[str, ...]:
    try:
        return FEATURES[feature]
    except KeyError:
        raise KeyError(f"unknown feature {feature!r}; known: {', '.join(FEATURES)}") from None


@dataclass(frozen=True)
class FeatureStatus:
    feature: str
    required: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def available(self) -> bool:
        return not self.missing


def check_features(site: SiteInfo) -> list[FeatureStatus]:
    return [FeatureStatus(name, funcs, tuple(site.missing(funcs)))
            for name, funcs in FEATURES.items()]
