"""``examples/monthly_report.py`` against the fake Moodle."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from lms_bridge.testing import FakeMoodle
from tests.reports.site import seed

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "monthly_report.py"


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("monthly_report", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_last_month() -> None:
    example = _example()
    assert example.last_month(date(2026, 1, 15)) == (date(2025, 12, 1), date(2026, 1, 1))
    assert example.last_month(date(2026, 11, 1)) == (date(2026, 10, 1), date(2026, 11, 1))


def test_monthly_report_writes_html_and_xlsx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LMS_BRIDGE_MOODLE_URL", "https://moodle.example.org")
    monkeypatch.setenv("LMS_BRIDGE_MOODLE_TOKEN", "example-token")
    example = _example()
    with FakeMoodle(token="example-token") as fake:
        seed(fake)
        code = example.main(["ADM-101", "--out", str(tmp_path / "out"), "--lang", "sq"])
    out = capsys.readouterr().out
    since, _until = example.last_month(date.today())
    assert code == 0
    page = (tmp_path / "out" / f"completions-{since:%Y-%m}.html").read_text(encoding="utf-8")
    assert '<html lang="sq">' in page and "<h2>Përmbledhje</h2>" in page
    assert (tmp_path / "out" / f"completions-{since:%Y-%m}.xlsx").stat().st_size > 1000
    assert "ADM-101" in out and "completed of" in out
