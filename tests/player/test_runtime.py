"""A learner in a real SCORM runtime (scorm-again) in a real browser: passes, fails, resumes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.player.learner import (
    INTERACTION_ID,
    SESSION_TIME_12,
    SESSION_TIME_2004,
    Learner,
    right_answer,
)
from tests.player.packages import STANDARDS, Sco, course_names

pytestmark = pytest.mark.browser

CASES = [(c, s) for c in course_names() for s in STANDARDS]
TYPES = {"single": "choice", "multiple": "choice", "true_false": "true-false",
         "matching": "matching", "fill_in": "fill-in", "numeric": "numeric"}


def _interactions(cmi: dict[str, str]) -> list[dict[str, str]]:
    rows: dict[int, dict[str, str]] = {}
    for key, value in cmi.items():
        parts = key.split(".")
        if key.startswith("cmi.interactions.") and parts[2].isdigit():
            rows.setdefault(int(parts[2]), {})[".".join(parts[3:])] = value
    return [rows[i] for i in sorted(rows)]


def _check_common(sco: Sco, cmi: dict[str, str], sets: list[list[str]]) -> None:
    rejected = [s for s in sets if s[2] != "true"]
    assert rejected == [], f"the runtime refused values: {rejected}"
    if sco.standard == "scorm12":
        assert SESSION_TIME_12.match(cmi["cmi.core.session_time"])
        assert len(cmi["cmi.suspend_data"]) <= 4096
    else:
        assert SESSION_TIME_2004.match(cmi["cmi.session_time"])


def _expected_interactions(sco: Sco, right: bool) -> list[tuple[str, str, str]]:
    wrong = "wrong" if sco.standard == "scorm12" else "incorrect"
    return [(f"{quiz['id']}.{q['id']}", TYPES[q["type"]], "correct" if right else wrong)
            for quiz in sco.quizzes for q in quiz["questions"]]


def _run(page: Any, base_url: str, sco: Sco, right: bool) -> dict[str, str]:
    learner = Learner(page, base_url, sco)
    learner.open()
    learner.run_through(right=right)
    cmi = learner.close()
    _check_common(sco, cmi, learner.lms("sets"))
    got = [(i["id"], i["type"], i["result"]) for i in _interactions(cmi)]
    assert got == _expected_interactions(sco, right)
    assert all(INTERACTION_ID.match(i[0]) for i in got)
    if sco.standard == "scorm2004":
        described = [i.get("description", "") for i in _interactions(cmi)]
        assert all(d and "<" not in d for d in described), described
    assert page.errors == []
    return cmi


@pytest.mark.parametrize(("course", "standard"), CASES)
def test_right_answers_pass_with_full_score(page: Any, base_url: str, built: Any,
                                            course: str, standard: str) -> None:
    for sco in built(course, standard):
        cmi = _run(page, base_url, sco, right=True)
        if standard == "scorm12":
            assert cmi["cmi.core.lesson_status"] == ("passed" if sco.graded else "completed")
            assert cmi["cmi.core.exit"] == ""
            score = "cmi.core.score."
        else:
            assert cmi["cmi.completion_status"] == "completed"
            assert cmi["cmi.success_status"] == ("passed" if sco.graded else "unknown")
            assert cmi["cmi.exit"] == "normal"
            assert cmi["cmi.progress_measure"] == "1"
            score = "cmi.score."
        if sco.graded:
            got = (cmi[score + "raw"], cmi[score + "min"], cmi[score + "max"])
            assert got == ("100", "0", "100")
            if standard == "scorm2004":
                assert cmi["cmi.score.scaled"] == "1"


@pytest.mark.parametrize(("course", "standard"), CASES)
def test_wrong_answers_fail_with_score_recorded(page: Any, base_url: str, built: Any,
                                                course: str, standard: str) -> None:
    graded = [s for s in built(course, standard) if s.graded]
    assert graded, "every test course has a graded quiz"
    for sco in graded:
        cmi = _run(page, base_url, sco, right=False)
        if standard == "scorm12":
            assert cmi["cmi.core.lesson_status"] == "failed"
            assert cmi["cmi.core.score.raw"] == "0"
            assert cmi["cmi.core.exit"] == "suspend"
        else:
            assert cmi["cmi.success_status"] == "failed"
            # every page was viewed: only the "all_pages" rule is met without passing
            done = sco.data["settings"]["completion"] == "all_pages"
            assert cmi["cmi.completion_status"] == ("completed" if done else "incomplete")
            assert (float(cmi["cmi.progress_measure"]) == 1) is done
            assert (cmi["cmi.score.raw"], cmi["cmi.score.scaled"]) == ("0", "0")
            assert cmi["cmi.exit"] == "suspend"


@pytest.mark.parametrize(("course", "standard"), CASES)
def test_leaving_half_way_resumes_on_the_same_page_with_answers(
    page: Any, base_url: str, built: Any, course: str, standard: str
) -> None:
    sco = next(s for s in built(course, standard) if s.quizzes)
    quiz_page, quiz = sco.first_quiz
    half = max(1, len(quiz["questions"]) // 2)
    first = Learner(page, base_url, sco)
    first.open()
    first.go(quiz_page)
    first.answer_quiz(quiz, right=True, only=half)
    first.go(0)
    first.go(quiz_page)  # a page change commits
    saved = first.lms("commits")[-1]
    page.close()  # the tab is closed: only what was committed survives

    is12 = standard == "scorm12"
    keep = ("cmi.suspend_data", "cmi.core.lesson_location" if is12 else "cmi.location")
    seed = {k: saved[k] for k in keep}
    seed["cmi.core.entry" if is12 else "cmi.entry"] = "resume"
    second_page = page.context.browser.new_page()
    try:
        second = Learner(second_page, base_url, sco)
        second.open(seed=seed)
        assert second.current() == quiz_page
        for q in quiz["questions"][:half]:
            assert second.kept_answer(quiz, q) == right_answer(q), q["id"]
        second.answer_quiz(quiz, right=True)
        second.submit()
        cmi = second.close()
        assert cmi["cmi.core.lesson_status" if is12 else "cmi.success_status"] != "failed"
    finally:
        second_page.close()


@pytest.mark.parametrize(("course", "standard"),
                         [c for c in CASES if not c[0].startswith("player-")])
def test_whole_course_as_one_sco_passes(page: Any, base_url: str, built: Any,
                                        course: str, standard: str) -> None:
    """Single-SCO mode: every module's pages and quizzes in one SCO, one status and score."""
    (sco,) = built(course, standard, "single")
    assert len({p["module_id"] for p in sco.pages}) > 1
    cmi = _run(page, base_url, sco, right=True)
    status = "cmi.core.lesson_status" if standard == "scorm12" else "cmi.success_status"
    assert cmi[status] == "passed"


@pytest.mark.parametrize("standard", STANDARDS)
def test_answers_are_committed_once_the_learner_pauses(page: Any, base_url: str, built: Any,
                                                       standard: str) -> None:
    """No page change needed: answers are committed 2 s after the last one, in one commit (a
    commit sent only while the SCO unloads, e.g. another SCO opened from Moodle's own contents,
    may never arrive)."""
    sco = built("player-mini", standard)[0]
    learner = Learner(page, base_url, sco)
    page.clock.install()
    learner.open()
    quiz_page, quiz = sco.first_quiz
    learner.go(quiz_page)
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    before = len(learner.lms("commits"))
    learner.answer_quiz(quiz, right=True)
    assert len(learner.lms("commits")) == before
    page.clock.run_for(1999)
    assert len(learner.lms("commits")) == before
    page.clock.run_for(2)
    commits = learner.lms("commits")
    assert len(commits) == before + 1
    state = learner.frame.evaluate(
        "(s) => LB.state.decode(s, LB.player.pageCount, LB.player.quizzes)",
        commits[-1]["cmi.suspend_data"])
    answers = state["quizzes"][quiz["id"]]["answers"]
    assert answers == {q["id"]: right_answer(q) for q in quiz["questions"]}
    page.clock.run_for(10_000)
    assert len(learner.lms("commits")) == before + 1  # nothing more until the next change
