"""Courses: get by field, create, contents (sections and modules), one course module."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from lms_bridge.moodle.models import InputModel, MoodleModel

if TYPE_CHECKING:
    from lms_bridge.moodle.client import MoodleClient

CourseField = Literal["id", "ids", "shortname", "idnumber", "category"]


class Course(MoodleModel):
    id: int
    fullname: str = ""
    shortname: str = ""
    displayname: str = ""
    categoryid: int = 0
    idnumber: str = ""
    format: str = ""
    visible: int = 1
    startdate: int = 0
    enddate: int = 0
    enablecompletion: int = 0
    lang: str = ""


class NewCourse(InputModel):
    fullname: str
    shortname: str
    categoryid: int
    idnumber: str | None = None
    summary: str | None = None
    summaryformat: int | None = None
    format: str | None = None
    startdate: int | None = None
    enddate: int | None = None
    numsections: int | None = None
    visible: bool | None = None
    enablecompletion: bool | None = None
    lang: str | None = None


class CreatedCourse(MoodleModel):
    id: int
    shortname: str


class CourseModule(MoodleModel):
    id: int
    name: str = ""
    instance: int = 0
    modname: str = ""
    contextid: int | None = None
    visible: int = 1
    url: str | None = None
    completion: int | None = None


class ModuleInfo(MoodleModel):
    """``core_course_get_course_module``'s ``cm``: the only read that carries the ID number."""

    id: int
    course: int
    modname: str = ""
    instance: int = 0
    name: str = ""
    sectionnum: int = 0
    idnumber: str | None = None


class Section(MoodleModel):
    id: int
    name: str = ""
    section: int = 0
    visible: int = 1
    modules: list[CourseModule] = Field(default_factory=list)


class Courses:
    def __init__(self, client: MoodleClient) -> None:
        self._client = client

    def get_by_field(self, field: CourseField, value: str | int) -> list[Course]:
        answer = self._client.call("core_course_get_courses_by_field", field=field,
                                   value=str(value))
        return [Course.model_validate(c) for c in answer.get("courses", [])]

    def get(self, course_id: int) -> Course | None:
        found = self.get_by_field("id", course_id)
        return found[0] if found else None

    def by_shortname(self, shortname: str) -> Course | None:
        found = self.get_by_field("shortname", shortname)
        return found[0] if found else None

    def create(self, courses: Sequence[NewCourse]) -> list[CreatedCourse]:
        results = self._client.call_chunked("core_course_create_courses", "courses",
                                            [c.model_dump(exclude_none=True) for c in courses])
        return [CreatedCourse.model_validate(c) for chunk in results for c in chunk]

    def module(self, cmid: int) -> ModuleInfo:
        answer = self._client.call("core_course_get_course_module", cmid=cmid)
        return ModuleInfo.model_validate(answer["cm"])

    def contents(self, course_id: int, **options: Any) -> list[Section]:
        """Sections and modules; ``options`` e.g. ``cmid=3``, ``excludecontents=True``."""
        answer = self._client.call("core_course_get_contents", courseid=course_id, options=[
            {"name": k, "value": v} for k, v in options.items()])
        return [Section.model_validate(s) for s in answer or []]
