"""``lms-bridge report completions`` end to end against the fake Moodle."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from lms_bridge.cli.main import main
from lms_bridge.testing import FakeMoodle, FakeMoodleException
from tests.reports.site import Site, seed

TOKEN = "report-cli-token-93f1"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeMoodle, Site]]:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LMS_BRIDGE_MOODLE_URL", "https://moodle.example.org")
    monkeypatch.setenv("LMS_BRIDGE_MOODLE_TOKEN", TOKEN)
    monkeypatch.chdir(tmp_path)
    with FakeMoodle(token=TOKEN) as fake:
        yield fake, seed(fake)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(["report", "completions", *args]) or 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return int(code), out, err


def test_csv_to_stdout(site: tuple[FakeMoodle, Site], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["--course", "ADM-101", "--course", "3"], capsys)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 230 and {r["Course"] for r in rows} == {"ADM-101", "BG-201"}
    assert "Wrote 230 learner record(s)" in err and "Reading learners" in err
    assert TOKEN not in out + err


@pytest.mark.parametrize("suffix", ["xlsx", "html", "json", "csv"])
def test_format_follows_the_output_extension(site: tuple[FakeMoodle, Site], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             suffix: str) -> None:
    target = tmp_path / f"report.{suffix}"
    code, out, err = _run(["--course", "ADM-101", "--cohort", "MENTORS", "-o", str(target)],
                          capsys)
    assert code == 0, err
    assert out == "" and f"to {target}" in err
    content = target.read_bytes()
    if suffix == "xlsx":
        assert load_workbook(io.BytesIO(content)).sheetnames == ["Learners", "Summary"]
    elif suffix == "json":
        assert {r["username"] for r in json.loads(content)["records"]} == {
            f"learner{i:03d}" for i in range(9, 201, 9) if i % 31}
    elif suffix == "html":
        assert content.startswith(b"<!DOCTYPE html>")
    else:
        assert content.startswith(b"\xef\xbb\xbfCourse,")


def test_partial_report_is_written_and_exits_1(site: tuple[FakeMoodle, Site], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    fake, seeded = site
    bad = seeded.user_ids["learner010"]
    original = fake.functions["core_completion_get_activities_completion_status"]

    def handler(f: FakeMoodle, params: dict[str, Any]) -> Any:
        if params["userid"] == bad:
            raise FakeMoodleException("nopermissions", "Sorry, but you do not currently have "
                                      "permissions to do that (View course reports).")
        return original.handler(f, params)

    fake.register_function(original.name, handler, original.params)
    target = tmp_path / "out.json"
    code, _out, err = _run(["--course", "ADM-101", "-o", str(target)], capsys)
    assert code == 1
    assert "partial report: 1 learner(s) could not be loaded" in err
    assert "learner010 (ADM-101): core_completion_get_activities_completion_status" in err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["partial"] is True
    failed = [r for r in data["records"] if r["load_error"]]
    assert [r["username"] for r in failed] == ["learner010"]
    assert failed[0]["progress"] == "not_loaded"


def test_bad_arguments_fail_before_reading_learners(site: tuple[FakeMoodle, Site],
                                                    tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    fake, _seeded = site
    code, _out, err = _run(["--course", "ADM-101", "--format", "xlsx"], capsys)
    assert code == 2 and "needs -o FILE" in err
    code, _out, err = _run(["--course", "NOPE", "--course", "ADM-101", "--cohort", "X"], capsys)
    assert code == 1 and "no course with short name 'NOPE'" in err
    code, _out, err = _run(["--course", "ADM-101", "-o", str(tmp_path / "no" / "r.csv")],
                           capsys)
    assert code == 2 and "does not exist" in err
    code, _out, err = _run(["--course", "ADM-101", "--timezone", "Europe/Tirana"], capsys)
    assert code == 2 and "unknown time zone 'Europe/Tirana'" in err
    assert not fake.calls_to("core_completion_get_activities_completion_status")


def test_timezone_names_the_zone_of_the_report(site: tuple[FakeMoodle, Site], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.html"
    code, _out, err = _run(["--course", "ADM-101", "--timezone", "Europe/Tirane", "-o",
                            str(target)], capsys)
    assert code == 0, err
    assert "times in Europe/Tirane." in target.read_text(encoding="utf-8")


def test_missing_functions_are_named(site: tuple[FakeMoodle, Site],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    fake, _seeded = site
    fake.remove_functions(["gradereport_user_get_grade_items"])
    code, _out, err = _run(["--course", "ADM-101"], capsys)
    assert code == 1 and "gradereport_user_get_grade_items" in err


def test_lang_translates_the_page_and_the_messages(site: tuple[FakeMoodle, Site],
                                                   tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "raport.html"
    code, _out, err = _run(["--course", "ADM-101", "--lang", "bg", "-o", str(target)], capsys)
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert '<html lang="bg">' in page and "<h2>Обобщение</h2>" in page
    assert "Четене на обучаемите" in err
    assert f"Отчетът е записан в {target}: 200 обучаеми, " in err and "Wrote" not in err


def test_lang_leaves_csv_unchanged(site: tuple[FakeMoodle, Site],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, english, err = _run(["--course", "ADM-101"], capsys)
    assert code == 0, err
    code, albanian, err = _run(["--course", "ADM-101", "--lang", "SQ"], capsys)
    assert code == 0, err
    assert albanian == english and "Raporti u shkrua: 200 pjesëmarrës" in err


def test_unknown_lang_is_refused_before_reading_learners(
        site: tuple[FakeMoodle, Site], capsys: pytest.CaptureFixture[str]) -> None:
    fake, _seeded = site
    code, out, err = _run(["--course", "ADM-101", "--lang", "de"], capsys)
    assert code == 2 and out == ""
    assert "Invalid value for '--lang': 'de' is not one of 'sq', 'en', 'bg'" in err
    assert not fake.calls_to("core_enrol_get_enrolled_users")


def test_lang_and_format_choices_are_the_library_s() -> None:
    """Spelt out in the CLI so ``--help`` imports no report code; they must not drift."""
    from lms_bridge.cli.report_cmds import FORMAT_CHOICES, LANG_CHOICES
    from lms_bridge.reports.labels import LANGUAGES
    from lms_bridge.reports.output import FORMATS

    assert LANG_CHOICES == LANGUAGES
    assert FORMAT_CHOICES == FORMATS
