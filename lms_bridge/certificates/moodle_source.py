"""Learners who completed a Moodle course.

The reports collector (``lms_bridge.reports.collect.collect_completions``) decides who
completed, so certificates and completion reports always agree (it uses the companion plugin
when present, core functions otherwise). Only reads: nothing here writes to Moodle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lms_bridge.certificates.models import Completion, CourseInfo
from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.moodle.client import MoodleClient
from lms_bridge.moodle.courses import Course
from lms_bridge.reports.collect import collect_completions
from lms_bridge.reports.collect import find_course as reports_find_course

LANGS = ("sq", "en", "bg")


class CourseNotFound(LmsBridgeError):
    """No Moodle course has that id or short name."""


def find_course(moodle: MoodleClient, ref: str) -> Course:
    """A course by numeric id or short name, found as the completion report finds it."""
    course = reports_find_course(moodle, ref)
    if course is None:
        raise CourseNotFound(f"Moodle has no course with id or short name {ref!r}")
    return course


def course_info(course: Course, *, lang: str | None, hours: float | None,
                languages: tuple[str, ...] = LANGS) -> CourseInfo:
    """The certificate's view of a course: an explicit ``lang`` wins over the course's own
    (Moodle's ``sq``, ``bg`` or ``en_us`` style), which is used when ``languages`` has it."""
    course_lang = (course.lang or "").split("_")[0]
    chosen = lang or (course_lang if course_lang in languages else "en")
    return CourseInfo(id=str(course.id), title=course.fullname or course.shortname,
                      lang=chosen, hours=hours)


@dataclass
class MoodleCompletions:
    completions: list[Completion] = field(default_factory=list)
    #: learners whose data could not be read, or who completed without a date
    skipped: list[str] = field(default_factory=list)


def completions(moodle: MoodleClient, course: Course) -> MoodleCompletions:
    """Who completed ``course``, as the completion report counts them."""
    report = collect_completions(moodle, [course])
    found = MoodleCompletions()
    for record in report.records:
        if record.load_error:
            found.skipped.append(f"{record.username}: {record.load_error}")
            continue
        if not record.is_completed:
            continue
        when = record.completed_at or record.last_access
        if when is None:
            found.skipped.append(f"{record.username}: completed, but Moodle gives no date")
            continue
        found.completions.append(Completion(
            username=record.username, fullname=record.fullname or record.username,
            completed_on=when.date(), email=record.email))
    return found
