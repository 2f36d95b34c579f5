from __future__ import annotations

import json
from pathlib import Path

import pytest

from lms_bridge.cli.main import main
from lms_bridge.testing import FakeMoodle

TOKEN = "cli-check-token-5d1e"


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeMoodle:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LMS_BRIDGE_MOODLE_URL", "https://moodle.example.org")
    monkeypatch.setenv("LMS_BRIDGE_MOODLE_TOKEN", TOKEN)
    with FakeMoodle(token=TOKEN, sitename="Instituti i Trajnimit") as fake:
        yield fake


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_prints_site_user_and_features(fake: FakeMoodle,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    fake.remove_functions(["core_cohort_add_cohort_members", "enrol_manual_unenrol_users"])
    code, out, _err = _run(["moodle", "check"], capsys)
    assert code == 0
    assert "Instituti i Trajnimit (https://moodle.example.org)" in out
    assert "Moodle 4.5+ (Build: 20241205)" in out and "admin (Admin User)" in out
    assert "build         available (needs no Moodle)" in out
    assert ("sync          NOT available, missing 2: core_cohort_add_cohort_members, "
            "enrol_manual_unenrol_users") in out
    assert len(fake.calls) == 1  # one site-info call


def test_check_require_and_json(fake: FakeMoodle, capsys: pytest.CaptureFixture[str]) -> None:
    fake.service_functions = {"core_course_get_courses_by_field"}
    code, out, err = _run(["moodle", "check", "--json", "--require", "sync"], capsys)
    assert code == 1 and "required feature(s) not available: sync" in err
    data = json.loads(out)
    assert data["features"]["build"] == {"available": True, "missing": []}
    assert "core_user_create_users" in data["features"]["sync"]["missing"]


def test_check_explains_a_wrong_token(fake: FakeMoodle, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMS_BRIDGE_MOODLE_TOKEN", "not-the-token")
    code, _out, err = _run(["moodle", "check"], capsys)
    assert code == 1 and "Invalid token" in err and "--token-file" in err


def test_check_refuses_plain_http(fake: FakeMoodle, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(["moodle", "check", "--url", "http://moodle.example.org"], capsys)
    assert code == 1 and "plain http" in err and TOKEN not in err


def test_check_reports_web_services_off(fake: FakeMoodle,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    fake.webservices_enabled = False
    code, _out, err = _run(["moodle", "check"], capsys)
    assert code == 1 and "web services or the REST protocol are disabled" in err
