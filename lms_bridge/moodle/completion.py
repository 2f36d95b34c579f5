"""Activity and course completion, and overriding an activity's state.

``get_course_completion_status`` throws for ordinary cases (``nocriteriaset`` for a course
without criteria); :meth:`Completion.course` returns ``None`` for that one, because it is a
normal state of a course, not a failure of the run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from lms_bridge.moodle.errors import NoCompletionCriteria
from lms_bridge.moodle.models import MoodleModel, MoodleWarning

if TYPE_CHECKING:
    from lms_bridge.moodle.client import MoodleClient

INCOMPLETE, COMPLETE, COMPLETE_PASS, COMPLETE_FAIL = 0, 1, 2, 3
#: ``completionstatus.aggregation``: all criteria needed, or any one
AGGREGATION_ALL, AGGREGATION_ANY = 1, 2


class ActivityStatus(MoodleModel):
    cmid: int
    modname: str = ""
    instance: int = 0
    #: 0 incomplete, 1 complete, 2 complete-pass, 3 complete-fail
    state: int
    timecompleted: int = 0
    tracking: int = 0
    overrideby: int | None = None
    isoverallcomplete: bool | None = None
    details: list[dict[str, Any]] = Field(default_factory=list)


class ActivitiesCompletion(MoodleModel):
    statuses: list[ActivityStatus] = Field(default_factory=list)
    warnings: list[MoodleWarning] = Field(default_factory=list)


class CompletionCriterion(MoodleModel):
    type: int
    title: str = ""
    status: str = ""
    complete: bool = False
    timecompleted: int | None = None
    details: dict[str, Any] = Field(default_factory=dict)


class CourseCompletion(MoodleModel):
    """One user's completion of one course, as ``core_completion_get_course_completion_status``
    answers it."""

    completed: bool
    aggregation: int = AGGREGATION_ALL
    completions: list[CompletionCriterion] = Field(default_factory=list)

    @property
    def timecompleted(self) -> int | None:
        """When the course was completed. Moodle's answer has no course-level time, only each
        criterion's, so it is the last criterion met when all are needed, or the first one met
        when any one is enough; criteria not met do not count (a time there would be stale)."""
        times = [c.timecompleted for c in self.completions if c.complete and c.timecompleted]
        if not self.completed or not times:
            return None
        return min(times) if self.aggregation == AGGREGATION_ANY else max(times)


class OverrideResult(MoodleModel):
    cmid: int
    userid: int
    state: int
    timecompleted: int = 0
    overrideby: int | None = None
    tracking: int = 0


class Completion:
    def __init__(self, client: MoodleClient) -> None:
        self._client = client

    def activities(self, course_id: int, user_id: int) -> ActivitiesCompletion:
        answer = self._client.call("core_completion_get_activities_completion_status",
                                   courseid=course_id, userid=user_id)
        return ActivitiesCompletion.model_validate(answer)

    def course(self, course_id: int, user_id: int) -> CourseCompletion | None:
        """The user's course completion, or ``None`` if the course has no criteria."""
        try:
            answer = self._client.call("core_completion_get_course_completion_status",
                                       courseid=course_id, userid=user_id)
        except NoCompletionCriteria:
            return None
        return CourseCompletion.model_validate(answer["completionstatus"])

    def override(self, user_id: int, cmid: int, newstate: int) -> OverrideResult:
        """Set an activity's state for a user (needs moodle/course:overridecompletion)."""
        answer = self._client.call("core_completion_override_activity_completion_status",
                                   userid=user_id, cmid=cmid, newstate=newstate)
        return OverrideResult.model_validate(answer)

    def mark_own(self, cmid: int, completed: bool) -> bool:
        """Tick a manual-completion activity *for the token's user* (Moodle allows no other)."""
        answer = self._client.call(
            "core_completion_update_activity_completion_status_manually",
            cmid=cmid, completed=completed)
        return bool(answer.get("status"))
