"""The course-completion time the Moodle model derives from each criterion's time."""

from __future__ import annotations

from typing import Any

from lms_bridge.moodle.completion import AGGREGATION_ALL, AGGREGATION_ANY, CourseCompletion
from tests.moodle.recorded_site import fixtures_root, load


def _recorded(name: str) -> dict[str, Any]:
    answer = load(fixtures_root() / "4.5", name)
    assert answer is not None, f"recording {name} missing under {fixtures_root()}"
    status: dict[str, Any] = answer["completionstatus"]
    return status


def test_all_criteria_needed_completes_at_the_last_one() -> None:
    status = _recorded("core_completion_get_course_completion_status")
    assert status["aggregation"] == AGGREGATION_ALL
    times = [c["timecompleted"] for c in status["completions"]]
    assert times == [1795372861, 1795372867]
    assert CourseCompletion.model_validate(status).timecompleted == 1795372867


def test_any_one_criterion_completes_at_the_first_one_met() -> None:
    status = {**_recorded("core_completion_get_course_completion_status"),
              "aggregation": AGGREGATION_ANY}
    assert CourseCompletion.model_validate(status).timecompleted == 1795372861


def test_a_criterion_not_met_does_not_count() -> None:
    status = _recorded("core_completion_get_course_completion_status")
    later = {**status["completions"][0], "complete": False, "timecompleted": 1795999999}
    completion = CourseCompletion.model_validate({**status,
                                                  "completions": [*status["completions"], later]})
    assert completion.timecompleted == 1795372867


def test_not_completed_has_no_time() -> None:
    status = _recorded("core_completion_get_course_completion_status.not-started")
    completion = CourseCompletion.model_validate(status)
    assert not completion.completed and completion.timecompleted is None
