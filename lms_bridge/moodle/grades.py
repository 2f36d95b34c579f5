"""Grades through ``gradereport_user_get_grade_items`` (``core_grades_get_grades`` is gone
since 4.0). ``userid=0`` returns every user of the course in one call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from lms_bridge.moodle.models import MoodleModel, MoodleWarning

if TYPE_CHECKING:
    from lms_bridge.moodle.client import MoodleClient


class GradeItem(MoodleModel):
    id: int
    itemname: str | None = None
    itemtype: str = ""
    itemmodule: str | None = None
    iteminstance: int | None = None
    cmid: int | None = None
    idnumber: str | None = None
    graderaw: float | None = None
    gradeformatted: str = ""
    grademin: float | None = None
    grademax: float | None = None
    gradedategraded: int | None = None
    percentageformatted: str = ""


class UserGrades(MoodleModel):
    courseid: int
    userid: int
    userfullname: str = ""
    useridnumber: str | None = None
    gradeitems: list[GradeItem] = Field(default_factory=list)

    def for_module(self, cmid: int) -> GradeItem | None:
        return next((g for g in self.gradeitems if g.cmid == cmid), None)

    @property
    def course_total(self) -> GradeItem | None:
        return next((g for g in self.gradeitems if g.itemtype == "course"), None)


class GradeReport(MoodleModel):
    usergrades: list[UserGrades] = Field(default_factory=list)
    warnings: list[MoodleWarning] = Field(default_factory=list)


class Grades:
    def __init__(self, client: MoodleClient) -> None:
        self._client = client

    def grade_items(self, course_id: int, user_id: int = 0, group_id: int = 0) -> list[UserGrades]:
        """Grade items of one user, or of every user of the course when ``user_id`` is 0."""
        answer = self._client.call("gradereport_user_get_grade_items", courseid=course_id,
                                   userid=user_id, groupid=group_id)
        return GradeReport.model_validate(answer).usergrades
