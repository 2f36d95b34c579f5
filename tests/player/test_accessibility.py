"""axe-core finds no serious or critical problem on content, quiz and results pages, at phone
and desktop widths; screenshots of each are written under test-output/screenshots/ for review."""

from __future__ import annotations

from typing import Any

import pytest

from tests.player.conftest import SCREENSHOTS
from tests.player.learner import Learner
from tests.player.packages import course_names

pytestmark = pytest.mark.browser

# The page is the same in both standards; each width runs under one of them so both are covered.
VIEWS = [(375, "scorm12"), (1280, "scorm2004")]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _axe(learner: Learner) -> list[str]:
    frame = learner.frame
    if not frame.evaluate("!!window.axe"):
        frame.add_script_tag(url="/axe/axe.min.js")
    found: list[dict[str, Any]] = frame.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found
            if v["impact"] in ("serious", "critical")]


def _overflow(learner: Learner) -> int:
    """How far the page is wider than the window (0: nothing to scroll sideways)."""
    wide: int = learner.frame.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return wide


def _shoot(learner: Learner, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # the SCO's own document, full height, as the learner scrolls through it
    width = learner.page.viewport_size["width"]
    learner.page.set_viewport_size({"width": width, "height": 640})
    height = learner.frame.evaluate("document.documentElement.scrollHeight")
    learner.page.set_viewport_size({"width": width, "height": min(max(height, 640), 6000)})
    learner.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize(("width", "standard"), VIEWS)
@pytest.mark.parametrize("course", course_names())
def test_pages_pass_axe_and_are_captured(browser: Any, base_url: str, built: Any,
                                         course: str, width: int, standard: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        problems: dict[str, list[str]] = {}
        scos = built(course, standard)
        sco = next((s for s in scos if s.graded), scos[0])
        learner = Learner(page, base_url, sco)
        learner.open()
        prefix = f"{course}-{sco.data['sco_id']}-{width}"
        problems["content"] = _axe(learner)
        assert _overflow(learner) == 0
        _shoot(learner, f"{prefix}-1-content")
        quiz_page, quiz = sco.first_quiz
        learner.go(quiz_page)
        learner.answer_quiz(quiz, right=False)
        learner.submit()
        problems["quiz"] = _axe(learner)
        assert _overflow(learner) == 0
        _shoot(learner, f"{prefix}-2-quiz-feedback")
        learner.go(len(sco.pages))
        problems["results"] = _axe(learner)
        assert _overflow(learner) == 0
        _shoot(learner, f"{prefix}-3-results")
        assert {k: v for k, v in problems.items() if v} == {}
    finally:
        context.close()
