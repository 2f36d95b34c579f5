"""The HTML report in headless Chromium, in each language: no network request, no axe
violation, summary tables side by side without running into each other (Bulgarian and
Albanian headers are longer), every course and learner on the printed (PDF) page, and a
full-page screenshot in ``test-output/screenshots/report[-LANG].png`` for review."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from lms_bridge.reports import CompletionReport, collect_completions
from lms_bridge.reports.labels import CATALOGUE
from lms_bridge.reports.output import render
from lms_bridge.testing import FakeMoodle
from tests.browser import AXE, REPO, require
from tests.reports.conftest import COURSES
from tests.reports.site import seed

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "test-output" / "screenshots"
#: pairs of summary tables whose boxes intersect, and how far the page scrolls sideways
LAYOUT = """() => {
  const boxes = [...document.querySelectorAll('.tables > table')]
    .map(t => t.getBoundingClientRect());
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, k) => {
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      overlaps.push([i, i + 1 + k]);
  }));
  const root = document.documentElement;
  return {overlaps, sideways: root.scrollWidth - root.clientWidth};
}"""


@pytest.fixture(scope="module")
def partial_report() -> CompletionReport:
    """The realistic report with one learner not loaded, so every column is on the page."""
    with FakeMoodle() as fake:
        seed(fake)
        report = collect_completions(fake.client(), COURSES)
    first = report.records[0]
    broken = first.model_copy(update={"load_error": "core_completion: boom",
                                      "progress": "not_loaded"})
    return report.model_copy(update={"records": [broken, *report.records[1:]]})


@pytest.mark.parametrize("lang", ["en", "sq", "bg"])
def test_report_renders_offline_accessibly(browser: Any, partial_report: CompletionReport,
                                           lang: str) -> None:
    report = partial_report
    require(AXE)
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.on("request", lambda r: requests.append(r.url))
        page.set_content(render(report, "html", lang=lang).decode("utf-8"), wait_until="load")
        layout: dict[str, Any] = page.evaluate(LAYOUT)
        screenshot = SCREENSHOTS / ("report.png" if lang == "en" else f"report-{lang}.png")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
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
    assert layout == {"overlaps": [], "sideways": 0}
    assert screenshot.stat().st_size > 50_000
    printed = " ".join(" ".join(pg.extract_text().split()) for pg in PdfReader(BytesIO(pdf)).pages)
    assert all(c.shortname in printed for c in report.courses)
    assert report.records and all(r.lastname in printed for r in report.records)
    assert CATALOGUE[lang]["by_institution"] in printed
