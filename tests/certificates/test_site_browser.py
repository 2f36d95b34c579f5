"""The published site in headless Chromium, served over HTTP as a static host would: the
verify page answers valid / revoked / replaced / unknown / malformed (a replaced code links to
its replacement), the per-certificate page works with
JavaScript off, and axe finds no WCAG A/AA violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lms_bridge.certificates.codes import SigningKey, new_code
from lms_bridge.certificates.csv_source import read_completions
from lms_bridge.certificates.issue import issue_certificates
from lms_bridge.certificates.models import CourseInfo
from lms_bridge.certificates.registry import Registry
from lms_bridge.certificates.reissue import Correction, reissue_certificate
from lms_bridge.certificates.site import publish_site
from lms_bridge.certificates.template import CertificateTemplate
from tests.browser import AXE, require, serve
from tests.certificates.conftest import DATA

pytestmark = pytest.mark.browser


@pytest.fixture
def served(registry: Registry, key: SigningKey, template: CertificateTemplate,
           tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    rows = read_completions(DATA / "f2f-training.csv", default_hours=8)
    course = CourseInfo(id="F2F", title="Menaxhimi i ankesave", lang="sq", hours=8)
    codes = [c.code for c in issue_certificates(course, rows, source="csv", registry=registry,
                                                key=key, template=template,
                                                out_dir=tmp_path / "pdf").issued]
    registry.revoke(codes[1], "Lëshuar gabimisht")
    codes.append(reissue_certificate(codes[2], Correction(fullname="Dritë Gashi"),
                                     reason="Emri me gabim", registry=registry, key=key,
                                     template=template).new.code)
    publish_site(list(registry.all()), template, tmp_path / "site", lang="sq")
    with serve(tmp_path / "site") as base:
        yield base, codes


def test_verify_page_and_certificate_pages(served: tuple[str, list[str]],
                                           key: SigningKey, browser: Any) -> None:
    require(AXE)
    base, codes = served
    typed = codes[0].lower().replace("-", " ")
    results: dict[str, str] = {}
    context = browser.new_context()
    no_js_context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for label, code in (("valid", typed), ("revoked", codes[1]),
                            ("unknown", new_code(key)), ("malformed", "12345")):
            page.goto(f"{base}/verify.html?code={code}")
            page.wait_for_selector("#result .status:not(.checking)")
            results[label] = page.inner_text("#result")
        page.goto(f"{base}/verify.html?code={codes[2]}")
        page.wait_for_selector("#result .status:not(.checking)")
        results["replaced"] = page.inner_text("#result")
        page.click(f"#result a:text('{codes[3]}')")
        page.wait_for_selector("#result .status.valid")
        results["replacement"] = page.inner_text("#result")
        page.add_script_tag(path=str(AXE))
        axe: dict[str, Any] = page.evaluate(
            "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
        no_js = no_js_context.new_page()
        no_js.goto(f"{base}/c/{codes[1]}.html")
        static = no_js.inner_text("main")
    finally:
        context.close()
        no_js_context.close()
    assert "Kjo certifikatë është e vlefshme." in results["valid"]
    assert "Zoë Françoise Çela" in results["valid"]
    assert "revokuar" in results["revoked"] and "Lëshuar gabimisht" in results["revoked"]
    assert "zëvendësuar me një certifikatë të korrigjuar" in results["replaced"]
    assert "Emri me gabim" in results["replaced"] and codes[3] in results["replaced"]
    assert "e vlefshme" in results["replacement"] and "Dritë Gashi" in results["replacement"]
    assert "Nuk kemi lëshuar" in results["unknown"]
    assert "nuk është kod" in results["malformed"]
    assert "Иван Петров" in static and "Lëshuar gabimisht" in static
    assert [(v["id"], len(v["nodes"])) for v in axe["violations"]] == []
