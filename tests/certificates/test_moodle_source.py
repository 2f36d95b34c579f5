"""Who gets a certificate from a completion report: completed learners with a date; learners
whose data failed to load, or completed without any date, are named, not silently dropped."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest

from lms_bridge.certificates import moodle_source
from lms_bridge.moodle.courses import Course
from lms_bridge.reports.records import CompletionRecord, CompletionReport

WHEN = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)


def _record(username: str, **fields: Any) -> CompletionRecord:
    return CompletionRecord(course_id=7, course_shortname="ADM", course_name="Admin",
                            user_id=len(username), username=username,
                            fullname=username.title(), **fields)


def test_only_dated_completions_become_certificates(monkeypatch: pytest.MonkeyPatch) -> None:
    report = CompletionReport(generated_at=WHEN, records=[
        _record("done", course_completed=True, completed_at=WHEN, progress="completed"),
        _record("busy", course_completed=False, progress="in_progress"),
        _record("broken", load_error="HTTP 500", progress="not_loaded"),
        _record("undated", progress="completed"),
    ])
    monkeypatch.setattr(moodle_source, "collect_completions", lambda client, courses: report)
    found = moodle_source.completions(None, Course(id=7))  # type: ignore[arg-type]
    assert [(c.username, c.completed_on) for c in found.completions] == \
        [("done", date(2026, 11, 2))]
    assert found.skipped == ["broken: HTTP 500", "undated: completed, but Moodle gives no date"]


def test_course_language_is_used_when_the_template_has_it() -> None:
    course = Course(id=7, fullname="Administrata", lang="sq")
    assert moodle_source.course_info(course, lang=None, hours=None).lang == "sq"
    assert moodle_source.course_info(Course(id=7, lang="de"), lang=None, hours=None).lang == "en"
    assert moodle_source.course_info(course, lang="bg", hours=3).lang == "bg"
