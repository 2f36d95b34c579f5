"""The small rules behind the columns: SCORM status combination, completion time, progress,
and a course with completion tracking switched off."""

from __future__ import annotations

import pytest

from lms_bridge.moodle.completion import CourseCompletion
from lms_bridge.reports import collect_completions
from lms_bridge.reports.records import combine_scorm_statuses, progress_of
from lms_bridge.testing import FakeMoodle


@pytest.mark.parametrize(("statuses", "combined"), [
    ([], "notattempted"), (["notattempted", "notattempted"], "notattempted"),
    (["passed", "failed"], "failed"), (["passed", "passed"], "passed"),
    (["passed", "completed"], "completed"), (["passed", "notattempted"], "incomplete"),
    (["incomplete"], "incomplete")])
def test_combine_scorm_statuses(statuses: list[str], combined: str) -> None:
    assert combine_scorm_statuses(statuses) == combined


def _completion(aggregation: int, completed: bool) -> CourseCompletion:
    return CourseCompletion.model_validate({
        "completed": completed, "aggregation": aggregation, "completions": [
            {"type": 4, "complete": True, "timecompleted": 300},
            {"type": 4, "complete": True, "timecompleted": 100},
            {"type": 4, "complete": False, "timecompleted": None}]})


def test_completion_time_is_last_needed_or_first_met() -> None:
    assert _completion(1, True).timecompleted == 300
    assert _completion(2, True).timecompleted == 100
    assert _completion(1, False).timecompleted is None


def test_progress_rules() -> None:
    base = {"activities_completed": 0, "activities_total": 2, "activities_started": False,
            "scorm_status": "notattempted", "load_error": None}
    assert progress_of(course_completed=None, **base) == "not_started"
    assert progress_of(course_completed=True, **base) == "completed"
    assert progress_of(course_completed=False, **{**base, "scorm_status": "failed"}) \
        == "in_progress"
    assert progress_of(course_completed=None, **{**base, "activities_completed": 2}) \
        == "completed"
    assert progress_of(course_completed=True, **{**base, "load_error": "x"}) == "not_loaded"
    assert progress_of(course_completed=None, **{**base, "activities_total": None,
                                                 "scorm_status": "passed"}) == "completed"


def test_course_without_completion_tracking_and_two_scorms() -> None:
    with FakeMoodle() as fake:
        course = fake.add_course("OLD-1", enablecompletion=False)
        first = fake.add_scorm(course, "Part 1")
        second = fake.add_scorm(course, "Part 2")
        ana = fake.add_user("ana.hoxha", firstname="Ana", lastname="Hoxha")
        ivan = fake.add_user("ivan.petrov", firstname="Иван", lastname="Петров")
        for user in (ana, ivan):
            fake.enrol(user, course)
        for scorm, score in ((first, "90"), (second, "70")):
            fake.set_scorm_track(ana, scorm.scoes[1], {"cmi.core.lesson_status": "passed",
                                                       "cmi.core.score.raw": score})
        fake.set_scorm_track(ivan, first.scoes[1], {"cmi.core.lesson_status": "passed"})
        report = collect_completions(fake.client(), ["OLD-1"])
        assert not fake.calls_to("core_completion_get_activities_completion_status")
    ana_row, ivan_row = report.records
    assert (ana_row.username, ana_row.course_completed, ana_row.activities_total) == \
        ("ana.hoxha", None, None)
    assert ana_row.scorm_status == "passed" and ana_row.scorm_score == 80
    assert ana_row.progress == "completed"
    assert [s.name for s in ana_row.scorms] == ["Part 1", "Part 2"]
    assert ivan_row.scorm_status == "incomplete" and ivan_row.progress == "in_progress"
    assert report.courses[0].completion_enabled is False
