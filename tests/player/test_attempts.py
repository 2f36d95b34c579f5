"""Retry policy: a failed graded quiz can be retaken while attempts remain (settings.max_attempts),
each submission is journaled as new interactions, and the latest submission decides."""

from __future__ import annotations

from typing import Any

import pytest

from tests.player.learner import Learner
from tests.player.packages import STANDARDS

pytestmark = pytest.mark.browser


def _retry(learner: Learner) -> None:
    learner.frame.click("#lb-retry")
    learner.frame.wait_for_selector("#lb-submit")


@pytest.mark.parametrize("standard", STANDARDS)
def test_fail_then_pass_on_the_second_attempt(page: Any, base_url: str, built: Any,
                                              standard: str) -> None:
    sco = built("player-mini", standard)[0]
    learner = Learner(page, base_url, sco)
    learner.open()
    _, quiz = learner.sco.first_quiz
    for i in range(1, len(sco.pages)):
        learner.go(i)
    learner.answer_quiz(quiz, right=False)
    learner.submit()
    _retry(learner)
    assert learner.frame.evaluate(
        "[...document.querySelectorAll('.lb-quiz input')].every(i => !i.checked && !i.disabled)")
    learner.answer_quiz(quiz, right=True)
    learner.submit()
    assert learner.frame.query_selector("#lb-retry") is None  # passed: nothing to retry
    cmi = learner.close()
    n = len(quiz["questions"])
    assert cmi["cmi.interactions.0.id"] == f"{quiz['id']}.q1"
    results = [cmi[f"cmi.interactions.{i}.result"] for i in range(2 * n)]
    assert results[n:] == ["correct"] * n and "correct" not in results[:n]
    if standard == "scorm12":
        assert (cmi["cmi.core.lesson_status"], cmi["cmi.core.score.raw"]) == ("passed", "100")
    else:
        assert (cmi["cmi.success_status"], cmi["cmi.score.raw"]) == ("passed", "100")
    assert cmi["cmi.suspend_data"].split("|")[4].startswith("2;1;100")


def test_no_retry_once_attempts_are_used_up(page: Any, base_url: str, built: Any) -> None:
    sco = built("player-mini", "scorm12")[0]
    assert sco.data["settings"]["max_attempts"] == 2
    learner = Learner(page, base_url, sco)
    learner.open()
    index, quiz = learner.sco.first_quiz
    learner.go(index)
    learner.answer_quiz(quiz, right=False)
    learner.submit()
    _retry(learner)
    learner.answer_quiz(quiz, right=False)
    learner.submit()
    assert learner.frame.query_selector("#lb-retry") is None
    used_up = learner.frame.evaluate("LB.t('noAttemptsLeft')")
    assert used_up in learner.frame.inner_text(".lb-summary")
    learner.go(len(sco.pages))
    assert learner.frame.query_selector(".lb-results button") is None
    # all_pages_and_quiz: no verdict while pages are unseen, then failed with the score recorded
    assert learner.frame.evaluate("LB.player.standing().success") is None
    for i in range(len(sco.pages)):
        learner.go(i)
    cmi = learner.close()
    assert cmi["cmi.core.lesson_status"] == "failed"
    assert float(cmi["cmi.core.score.raw"]) < quiz["pass_score"]
    assert len({k for k in cmi if k.endswith(".result")}) == 2 * len(quiz["questions"])


def test_shuffled_options_change_order_but_not_scoring(page: Any, base_url: str, site: Any) -> None:
    import copy

    from tests.player.packages import load_data, render_variant

    data = copy.deepcopy(load_data("player-mini"))
    for content in data["content"].values():
        quiz = next(p["quiz"] for p in content["pages"] if p["quiz"])
        quiz["shuffle"] = True
        multiple = next(q for q in quiz["questions"] if q["type"] == "multiple")
        extra = [{**multiple["answers"][-1], "id": f"x{i}"} for i in range(4)]
        multiple["answers"] = multiple["answers"] + extra
    sco = render_variant(data, "player-shuffled", "scorm12", site)
    learner = Learner(page, base_url, sco)
    learner.open()
    index, quiz = learner.sco.first_quiz
    learner.go(index)
    multiple = next(q for q in quiz["questions"] if q["type"] == "multiple")
    shown = learner.frame.evaluate(
        f"[...document.querySelectorAll('[name=\"lb-{quiz['id']}-{multiple['id']}\"]')]"
        ".map(i => i.value)")
    source = [a["id"] for a in multiple["answers"]]
    assert sorted(shown) == sorted(source) and shown != source
    learner.answer_quiz(quiz, right=True)
    learner.submit()
    assert learner.frame.query_selector(".lb-summary.is-passed")


@pytest.mark.parametrize("standard", STANDARDS)
def test_review_mode_changes_no_result(page: Any, base_url: str, built: Any,
                                       standard: str) -> None:
    """Moodle's review mode replays a finished attempt: the player reports nothing new."""
    sco = built("player-mini", standard)[0]
    mode = "cmi.core.lesson_mode" if standard == "scorm12" else "cmi.mode"
    learner = Learner(page, base_url, sco)
    learner.open(seed={mode: "review"})
    learner.run_through(right=False)
    learner.close()
    written = {s[0] for s in learner.lms("sets")}
    assert not any("status" in k or "score" in k or "interactions" in k for k in written)
