"""Without an LMS (the SCO opened on its own) the course works, says progress is not saved,
and throws nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.player.learner import Learner
from tests.player.packages import STANDARDS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("standard", STANDARDS)
def test_without_an_lms_the_course_still_works(page: Any, base_url: str, built: Any,
                                               standard: str) -> None:
    sco = built("player-mini", standard)[0]
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    learner = Learner(page, base_url, sco)
    frame = learner.open(lms=False)
    notice = frame.inner_text("#lb-nolms")
    assert notice == frame.evaluate("LB.t('noLms')")
    assert "progress" in frame.evaluate("LB.i18n.strings.en.noLms")
    learner.run_through(right=True)
    assert frame.inner_text(".lb-facts") != ""
    page.evaluate("window.dispatchEvent(new Event('pagehide'))")
    assert page.errors == [] and console == []


def test_player_assets_stay_small() -> None:
    from lms_bridge.resources import scorm_templates_dir

    player = scorm_templates_dir() / "player"
    total = sum(p.stat().st_size for p in player.rglob("*") if p.is_file())
    assert total < 150 * 1024, f"player assets are {total} bytes"
