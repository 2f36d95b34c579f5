"""One learner's completion data in one course: from core functions or the plugin's export.

Both sources end in the same :class:`LearnerData`, so the records do not depend on how the
data was read. Anything that goes wrong for one learner becomes ``LearnerData.error``; it never
stops the other learners.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import ValidationError

from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.moodle.completion import COMPLETE, COMPLETE_FAIL, COMPLETE_PASS
from lms_bridge.moodle.lmsbridge_plugin import LearnerCompletion
from lms_bridge.moodle.scorm import ScormActivity
from lms_bridge.reports.records import ScormResult, ScormStatus, combine_scorm_statuses

if TYPE_CHECKING:
    from lms_bridge.moodle.client import MoodleClient
    from lms_bridge.reports.collect import CourseContext

_STATUS_NAMES: dict[str, ScormStatus] = {
    "passed": "passed", "completed": "completed", "failed": "failed",
    "incomplete": "incomplete", "browsed": "incomplete", "notattempted": "notattempted",
    "not attempted": "notattempted", "unknown": "incomplete"}


@dataclass
class LearnerData:
    course_completed: bool | None = None
    completed_at: int | None = None
    activities_completed: int | None = None
    activities_total: int | None = None
    activities_started: bool = False
    scorms: list[ScormResult] = field(default_factory=list)
    error: str | None = None


def learner_from_core(client: MoodleClient, ctx: CourseContext, user_id: int) -> LearnerData:
    """Activity completion, course completion and SCORM tracks through core functions."""
    data = LearnerData()
    course_id = ctx.course.id
    try:
        if ctx.completion_enabled:
            statuses = [s for s in client.completion.activities(course_id, user_id).statuses
                        if s.tracking]
            data.activities_total = len(statuses)
            data.activities_completed = sum(1 for s in statuses
                                            if s.state in (COMPLETE, COMPLETE_PASS))
            data.activities_started = any(s.state in (COMPLETE, COMPLETE_PASS, COMPLETE_FAIL)
                                          for s in statuses)
            if ctx.has_criteria is not False:
                completion = client.completion.course(course_id, user_id)
                with ctx.lock:
                    ctx.has_criteria = completion is not None
                if completion is not None:
                    data.course_completed = completion.completed
                    data.completed_at = completion.timecompleted
        data.scorms = [_scorm_result(client, scorm, ctx.scoes.get(scorm.id, []), user_id)
                       for scorm in ctx.scorms]
    except (LmsBridgeError, ValidationError, KeyError, TypeError, ValueError) as exc:
        return LearnerData(error=describe_error(exc))
    return data


def _scorm_result(client: MoodleClient, scorm: ScormActivity, sco_ids: list[int],
                  user_id: int) -> ScormResult:
    """The last attempt (``attempt=0``) on every launchable SCO, combined."""
    statuses: list[str] = []
    best: float | None = None
    for sco_id in sco_ids:
        tracks = client.scorm.sco_tracks(sco_id, user_id, 0).as_dict()
        if not tracks:
            statuses.append("notattempted")
            continue
        success = str(tracks.get("cmi.success_status") or "")
        raw_status = str(tracks.get("status") or "").strip().lower()
        statuses.append(success if success in ("passed", "failed")
                        else _STATUS_NAMES.get(raw_status, "incomplete"))
        score = _float(tracks.get("score_raw"))
        if score is not None:
            best = score if best is None else max(best, score)
    return ScormResult(cmid=scorm.coursemodule, name=scorm.name,
                       status=combine_scorm_statuses(statuses), score=best)


def probe_criteria(client: MoodleClient, course_id: int, user_id: int) -> bool:
    """Whether the course has completion criteria (one call; ``nocriteriaset`` means no)."""
    return client.completion.course(course_id, user_id) is not None


def from_plugin(row: LearnerCompletion, scorm_names: dict[int, str],
                ctx: CourseContext) -> LearnerData:
    """The plugin's row for one learner (see ``local_lmsbridge_get_course_completions``)."""
    data = LearnerData(scorms=[
        ScormResult(cmid=s.cmid, name=scorm_names.get(s.cmid, ""),
                    status=_STATUS_NAMES.get(s.status.lower(), "incomplete"), score=s.score)
        for s in row.scorms if s.cmid in scorm_names])
    if ctx.completion_enabled:
        data.activities_total = row.activitiestotal
        data.activities_completed = row.activitiescompleted
        data.activities_started = row.activitiescompleted + row.activitiesfailed > 0
        if ctx.has_criteria:
            data.course_completed = row.coursecompleted
            data.completed_at = row.timecompleted if row.coursecompleted else None
    return data


def describe_error(exc: BaseException) -> str:
    """A one-line reason for the report (Moodle errors already name the function)."""
    if isinstance(exc, LmsBridgeError):
        return str(exc).splitlines()[0]
    if isinstance(exc, ValidationError):
        return f"unexpected answer from Moodle ({exc.error_count()} field problem(s))"
    return f"unexpected answer from Moodle ({type(exc).__name__}: {exc})"


def _float(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(str(value))
    except ValueError:
        return None
