"""The HTML report in headless Chromium: no network request, no axe violation, every course and
learner on the printed (PDF) page, and a full-page screenshot in
``test-output/screenshots/report.png`` for review."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from lms_bridge.reports import collect_completions
from lms_bridge.reports.output import render
from lms_bridge.testing import FakeMoodle
from tests.browser import AXE, REPO, require
from tests.reports.conftest import COURSES
from tests.reports.site import seed

pytestmark = pytest.mark.browser

SCREENSHOT = REPO / "test-output" / "screenshots" / "report.png"


def test_report_renders_offline_accessibly(browser: Any) -> None:
    with FakeMoodle() as fake:
        seed(fake)
        report = collect_completions(fake.client(), COURSES)
    require(AXE)
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.on("request", lambda r: requests.append(r.url))
        page.set_content(render(report, "html").decode("utf-8"), wait_until="load")
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        page.add_script_tag(path=str(AXE))
        result: dict[str, Any] = page.evaluate(
            "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", landscape=True)
    finally:
        page.close()
    assert [u for u in requests if not u.startswith(("about:", "data:"))] == []
    violations = [(v["id"], len(v["nodes"])) for v in result["violations"]]
    assert violations == []
    assert SCREENSHOT.stat().st_size > 50_000
    printed = " ".join(" ".join(pg.extract_text().split()) for pg in PdfReader(BytesIO(pdf)).pages)
    assert all(c.shortname in printed for c in report.courses)
    assert report.records and all(r.lastname in printed for r in report.records)
