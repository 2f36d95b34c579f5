"""A learner who uses only the keyboard (Tab, Enter, Space, arrow keys, typing) gets to the end."""

from __future__ import annotations

from typing import Any

import pytest

from tests.player.learner import Learner, right_answer
from tests.player.packages import STANDARDS, Sco, course_names

pytestmark = pytest.mark.browser

MAX_TABS = 300


def _tab_to(learner: Learner, selector: str) -> None:
    for _ in range(MAX_TABS):
        if learner.frame.evaluate(
                "(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        learner.page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _focused_id(learner: Learner) -> str:
    focused: str = learner.frame.evaluate("document.activeElement.id")
    return focused


def _choose_radio(learner: Learner, base: str, target: str) -> None:
    _tab_to(learner, f'input[name="{base}"]')
    if _focused_id(learner) == target:
        learner.page.keyboard.press("Space")
    while _focused_id(learner) != target:
        learner.page.keyboard.press("ArrowDown")
    assert learner.frame.evaluate(f"document.getElementById({target!r}).checked")


def _answer(learner: Learner, quiz: dict[str, Any], q: dict[str, Any]) -> None:
    base = f"lb-{quiz['id']}-{q['id']}"
    answer = right_answer(q)
    keys = learner.page.keyboard
    if q["type"] == "single":
        _choose_radio(learner, base, f"{base}-{answer}")
    elif q["type"] == "true_false":
        _choose_radio(learner, base, f"{base}-{'true' if answer else 'false'}")
    elif q["type"] == "multiple":
        for a in q["answers"]:
            _tab_to(learner, f'[id="{base}-{a["id"]}"]')
            if a["id"] in answer:
                keys.press("Space")
    elif q["type"] == "matching":
        for left, right in answer.items():
            select = f'[id="{base}-m{left}"]'
            _tab_to(learner, select)
            for _ in range(len(q["pairs"]) + 1):
                if learner.frame.evaluate(f"document.querySelector({select!r}).value") == right:
                    break
                keys.press("ArrowDown")
            assert learner.frame.evaluate(f"document.querySelector({select!r}).value") == right
    else:
        _tab_to(learner, f'[id="{base}-input"]')
        keys.type(str(answer))


def _keyboard_run(learner: Learner, sco: Sco) -> None:
    learner.page.keyboard.press("Tab")  # from the LMS page into the course frame
    for page in sco.pages:
        if page["quiz"]:
            for q in page["quiz"]["questions"]:
                _answer(learner, page["quiz"], q)
            _tab_to(learner, "#lb-submit")
            learner.page.keyboard.press("Enter")
            learner.frame.wait_for_selector(".lb-summary.is-passed")
        before = learner.current()
        _tab_to(learner, "#lb-next")
        learner.page.keyboard.press("Enter")
        learner.frame.wait_for_function(f"LB.player.current === {before + 1}")
        assert learner.frame.evaluate("document.activeElement.tagName") == "H1"


@pytest.mark.parametrize("standard", STANDARDS)
@pytest.mark.parametrize("course", course_names())
def test_keyboard_only_learner_reaches_the_end(page: Any, base_url: str, built: Any,
                                               course: str, standard: str) -> None:
    for sco in built(course, standard):
        learner = Learner(page, base_url, sco)
        learner.open()
        _keyboard_run(learner, sco)
        assert learner.frame.inner_text("main h1") == learner.frame.evaluate("LB.t('results')")
        cmi = learner.close()
        if standard == "scorm12":
            assert cmi["cmi.core.lesson_status"] == ("passed" if sco.graded else "completed")
        else:
            assert cmi["cmi.completion_status"] == "completed"
            assert cmi["cmi.success_status"] == ("passed" if sco.graded else "unknown")
        assert page.errors == []


def test_focus_is_visible(page: Any, base_url: str, built: Any) -> None:
    sco = built("player-mini", "scorm12")[0]
    learner = Learner(page, base_url, sco)
    learner.open()
    _tab_to(learner, "#lb-next")
    style = learner.frame.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
    assert style[0] != "none" and style[1] >= 2
