"""Learners who completed a Moodle course.

When the reports collector (``lms_bridge.reports.collect.collect_completions``) is installed it
is used, so certificates and completion reports agree on who completed; otherwise the course's
students are read with core functions (enrolled users, then course completion per learner).
Only reads: nothing here writes to Moodle.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime
from typing import Any

from lms_bridge.certificates.models import Completion, CourseInfo
from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.moodle.client import MoodleClient
from lms_bridge.moodle.courses import Course

LANGS = ("sq", "en", "bg")


class CourseNotFound(LmsBridgeError):
    """No Moodle course has that id or short name."""


def find_course(moodle: MoodleClient, ref: str) -> Course:
    """A course by numeric id or short name."""
    course = moodle.courses.get(int(ref)) if ref.isdigit() else moodle.courses.by_shortname(ref)
    if course is None and ref.isdigit():
        course = moodle.courses.by_shortname(ref)
    if course is None:
        raise CourseNotFound(f"Moodle has no course with id or short name {ref!r}")
    return course


def course_info(course: Course, *, lang: str | None, hours: float | None) -> CourseInfo:
    """The certificate's view of a course: an explicit ``lang`` wins over the course's own."""
    course_lang = (course.lang or "").split("_")[0]
    chosen = lang or (course_lang if course_lang in LANGS else "en")
    return CourseInfo(id=str(course.id), title=course.fullname or course.shortname,
                      lang=chosen, hours=hours)


def completions(moodle: MoodleClient, course: Course) -> list[Completion]:
    collector = _collector()
    if collector is not None:
        return _from_report(collector(moodle, courses=[course.id]))
    return _from_core(moodle, course)


def _collector() -> Any:
    try:
        module = importlib.import_module("lms_bridge.reports.collect")
    except ModuleNotFoundError:
        return None
    return getattr(module, "collect_completions", None)


def _from_report(report: Any) -> list[Completion]:
    """Adapt the collector's ``CompletionRecord`` rows (see docs/certificates.md)."""
    found = []
    for record in getattr(report, "records", report):
        when = getattr(record, "completed_at", None) or getattr(record, "completion_date", None)
        if not _is_complete(record) or when is None:
            continue
        day = when.date() if isinstance(when, datetime) else when
        if not isinstance(day, date):
            day = datetime.fromtimestamp(int(day)).date()
        fullname = str(getattr(record, "name", None) or getattr(record, "fullname", "") or "")
        found.append(Completion(username=record.username, fullname=fullname or record.username,
                                completed_on=day, email=getattr(record, "email", "") or ""))
    return found


def _is_complete(record: Any) -> bool:
    state = getattr(record, "completed", None)
    if state is None:
        state = getattr(record, "state", None) or getattr(record, "completion_state", None)
    if isinstance(state, str):
        return state.lower() in ("complete", "completed", "complete_pass", "yes")
    return bool(state)


def _from_core(moodle: MoodleClient, course: Course) -> list[Completion]:
    found = []
    users = moodle.enrolments.iter_enrolled_users(course.id, onlyactive=True)
    for user in users:
        if not user.username:
            continue
        status = moodle.completion.course(course.id, user.id)
        if status is None:
            raise LmsBridgeError(
                f"course {course.shortname or course.id} has no completion criteria, so Moodle "
                "never marks anyone as having completed it: set criteria in Moodle (Course "
                "completion), or issue from a CSV with --from-csv")
        if not status.completed or status.timecompleted is None:
            continue
        found.append(Completion(username=user.username, fullname=user.fullname or user.username,
                                completed_on=datetime.fromtimestamp(status.timecompleted).date(),
                                email=user.email or ""))
    return found
