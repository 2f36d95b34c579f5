"""``deploy``: one package into one Moodle course, idempotently, verified by SHA-1.

The pipeline reads top to bottom: check the options and the package (nothing is sent for bad
input) -> check the site has the plugin -> find the course and the activity with our ID number
-> if Moodle already holds the same SHA-1 and settings, stop -> upload to the draft area ->
``local_lmsbridge_deploy_scorm`` -> read ``mod_scorm_get_scorms_by_courses`` back and compare
``sha1hash`` with the local file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lms_bridge.deploy.errors import DeployError, PluginMissingError
from lms_bridge.deploy.options import (
    ATTEMPT_GRADING,
    GRADE_METHODS,
    DeployOptions,
    default_idnumber,
)
from lms_bridge.deploy.package_info import PackageInfo, check_package, read_package
from lms_bridge.moodle.client import MoodleClient
from lms_bridge.moodle.lmsbridge_plugin import DEPLOY_SCORM, LmsBridgePlugin
from lms_bridge.moodle.scorm import ScormActivity


@dataclass(frozen=True)
class DeployReport:
    action: Literal["created", "updated", "unchanged"]
    course: str
    courseid: int
    cmid: int
    idnumber: str
    name: str
    sha1: str
    revision: int
    uploaded: bool
    url: str


def deploy_package(moodle: MoodleClient, package: PackageInfo | Path,
                   options: DeployOptions) -> DeployReport:
    """Put ``package`` (a :class:`PackageInfo` or a path to a zip) into the course."""
    options.check()
    info = package if isinstance(package, PackageInfo) else _checked(package)
    idnumber = (options.idnumber or default_idnumber(info.identifier)).strip()
    name = (options.name or info.title).strip()

    site = moodle.site_info()
    missing = site.missing([DEPLOY_SCORM])
    if missing:
        raise PluginMissingError(moodle.config.url, idnumber, missing)
    site.require("deploy")
    course = moodle.courses.by_shortname(options.course)
    if course is None:
        raise DeployError(f"{moodle.config.url} has no course with the short name "
                          f"{options.course!r}; nothing was sent.")

    wanted = _settings(options)
    current = _find_activity(moodle, course.id, idnumber)
    if current is not None and current.sha1hash == info.sha1 and current.name == name \
            and _same(current, wanted):
        return DeployReport("unchanged", options.course, course.id, current.coursemodule,
                            idnumber, current.name, info.sha1, current.revision or 0, False,
                            _view_url(moodle, current.coursemodule))

    draftitemid = 0
    if current is None or current.sha1hash != info.sha1:
        if not site.uploadfiles:
            raise DeployError("The token's external service does not allow file uploads; "
                              "enable \"Can upload files\" on the lms_bridge service.")
        draft = moodle.files.upload([info.path])
        draftitemid = draft[0].itemid
    result = LmsBridgePlugin(moodle).deploy_scorm(
        courseid=course.id, idnumber=idnumber, name=name, draftitemid=draftitemid,
        section=options.section, **wanted)
    if result.version == "ERROR":
        raise DeployError(f"Moodle stored the package but could not read its manifest "
                          f"(activity {_view_url(moodle, result.cmid)}); run lms-bridge "
                          "validate on it.")
    _verify(moodle, course.id, result.cmid, info.sha1)
    return DeployReport(result.action, options.course, course.id, result.cmid, idnumber, name,
                        info.sha1, result.revision, draftitemid != 0,
                        _view_url(moodle, result.cmid))


def _checked(path: Path) -> PackageInfo:
    check_package(path)
    return read_package(path)


def _settings(options: DeployOptions) -> dict[str, Any]:
    return {
        "grademethod": GRADE_METHODS[options.grade_method],
        "whatgrade": ATTEMPT_GRADING[options.attempt_grading],
        "maxgrade": options.max_grade,
        "maxattempt": options.max_attempts,
        "completionstatusrequired": options.completion.status,
        "completionscorerequired": options.completion.min_score,
    }


def _find_activity(moodle: MoodleClient, courseid: int, idnumber: str) -> ScormActivity | None:
    """The course's SCORM activity whose course-module ID number is ``idnumber``.

    ``get_scorms_by_courses`` and ``get_contents`` do not return ID numbers; the course module
    does, so each SCORM activity of the course costs one read.
    """
    for activity in moodle.scorm.by_courses([courseid]):
        if moodle.courses.module(activity.coursemodule).idnumber == idnumber:
            return activity
    return None


def _same(current: ScormActivity, wanted: dict[str, Any]) -> bool:
    """Whether Moodle's settings equal ``wanted``; unknown (not returned) counts as different."""
    extra = current.model_extra or {}
    known = {"maxgrade": current.maxgrade, **extra}
    for key, value in wanted.items():
        have = known.get(key)
        if key.startswith("completion"):
            have = have or 0
        if have is None or float(have) != float(value):
            return False
    return True


def _verify(moodle: MoodleClient, courseid: int, cmid: int, sha1: str) -> None:
    for activity in moodle.scorm.by_courses([courseid]):
        if activity.coursemodule == cmid:
            if activity.sha1hash != sha1:
                raise DeployError(
                    f"Moodle holds a different package in activity {cmid}: its SHA-1 is "
                    f"{activity.sha1hash}, the local file's is {sha1}. Deploy again; if it "
                    "persists, check the site's upload size limits.")
            return
    raise DeployError(f"Moodle reported activity {cmid} but mod_scorm_get_scorms_by_courses "
                      "does not list it; check that the lms-bridge user can see the course.")


def _view_url(moodle: MoodleClient, cmid: int) -> str:
    return f"{moodle.config.url}/mod/scorm/view.php?id={cmid}"
