"""The completion rules of docs/player.md, for each standard's status fields."""

from __future__ import annotations

from typing import Any

import pytest

from tests.player.learner import Learner

pytestmark = pytest.mark.browser

STATUS = """([rule, allPages, score]) => {
  const p = LB.player;
  p.data.settings.completion = rule;
  p.state.visited = Array.from({length: p.pageCount}, (_, i) => allPages || i === 0);
  const qid = p.graded[0].id;
  p.state.quizzes[qid] = {attempts: 1, submitted: score !== null, score: score, answers: {}};
  const written = {};
  p.rt.active = true;
  p.rt.set = (element, value) => { written[element] = value; return true; };
  p.rt.setStatus(p.standing());
  p.rt.active = false;
  return written;
}"""

# rule, all pages viewed, quiz score (pass mark 70) -> 1.2 lesson_status, 2004 (completion, success)
CASES = [
    ("all_pages", True, None, "completed", ("completed", "unknown")),
    ("all_pages", False, None, "incomplete", ("incomplete", "unknown")),
    ("all_pages", True, 90, "passed", ("completed", "passed")),
    ("all_pages", True, 40, "failed", ("completed", "failed")),
    ("quiz_passed", False, 90, "passed", ("completed", "passed")),
    ("quiz_passed", True, 40, "failed", ("incomplete", "failed")),
    ("quiz_passed", True, None, "incomplete", ("incomplete", "unknown")),
    ("all_pages_and_quiz", False, 90, "incomplete", ("incomplete", "passed")),
    ("all_pages_and_quiz", True, 90, "passed", ("completed", "passed")),
    ("all_pages_and_quiz", True, 40, "failed", ("incomplete", "failed")),
]


@pytest.mark.parametrize(("rule", "all_pages", "score", "status12", "status2004"), CASES)
def test_status_follows_the_completion_rule(page: Any, base_url: str, built: Any, rule: str,
                                            all_pages: bool, score: int | None, status12: str,
                                            status2004: tuple[str, str]) -> None:
    frame12 = Learner(page, base_url, built("player-mini", "scorm12")[0]).open(lms=False)
    written = frame12.evaluate(STATUS, [rule, all_pages, score])
    assert written["cmi.core.lesson_status"] == status12
    assert ("cmi.core.score.raw" in written) is (score is not None)
    frame04 = Learner(page, base_url, built("player-mini", "scorm2004")[0]).open(lms=False)
    written = frame04.evaluate(STATUS, [rule, all_pages, score])
    assert (written["cmi.completion_status"], written["cmi.success_status"]) == status2004
    if score is not None:
        assert written["cmi.score.scaled"] == str(score / 100).rstrip("0").rstrip(".")
