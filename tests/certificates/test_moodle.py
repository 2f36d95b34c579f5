"""``lms-bridge certificates issue --course`` against the fake Moodle, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.certificates.registry import Registry
from lms_bridge.cli.main import main
from lms_bridge.testing import FakeMoodle

URL = "https://moodle.example.org"
DONE_AT = 1_795_372_830  # 2026-11-22 18:40 UTC


@pytest.fixture
def site(cert_env: Path) -> tuple[FakeMoodle, list[str]]:
    token_file = cert_env / "token"
    token_file.write_text("fake-token\n")
    token_file.chmod(0o600)
    fake = FakeMoodle(url=URL)
    course = fake.add_course("LAB101", "Menaxhimi i projekteve në bashki")
    page = fake.add_module(course, "page", "Leximi", tracking=1)
    fake.set_completion_criteria(course, [page])
    for username, first, last, done in (("zoe", "Zoë", "Françoise", True),
                                        ("ivan", "Иван", "Петров", True),
                                        ("drita", "Drita", "Gashi", False)):
        user = fake.add_user(username, firstname=first, lastname=last)
        fake.enrol(user, course)
        if done:
            fake.set_completion(user, page, 1, timecompleted=DONE_AT)
    teacher = fake.add_user("teacher", firstname="Mira", lastname="Leka")
    fake.enrol(teacher, course, roleid=3)
    return fake, ["--url", URL, "--token-file", str(token_file)]


def _run(args: list[str]) -> int:
    try:
        return int(main(args) or 0)  # click returns ctx.exit codes in non-standalone mode
    except SystemExit as exc:
        return int(exc.code or 0)


def test_issue_for_a_moodle_course_is_idempotent(site: tuple[FakeMoodle, list[str]],
                                                 cert_env: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    fake, connection = site
    with fake:
        assert _run(["certificates", "issue", "--course", "LAB101", "--lang", "sq",
                     "--hours", "16", *connection]) == 0
        first = capsys.readouterr().out
        assert "2 certificate(s) issued" in first
        assert _run(["certificates", "issue", "--course", "LAB101", *connection]) == 0
        assert "0 certificate(s) issued, 2 already issued, 0 PDF(s)" in capsys.readouterr().out
    assert fake.writes == []
    with Registry(cert_env / "register.sqlite") as registry:
        certs = {c.username: c for c in registry.all()}
    assert set(certs) == {"zoe", "ivan"}
    assert certs["ivan"].fullname == "Иван Петров" and certs["ivan"].source == "moodle"
    assert certs["zoe"].course_title == "Menaxhimi i projekteve në bashki"
    assert certs["zoe"].lang == "sq" and certs["zoe"].hours == 16
    assert str(certs["zoe"].completed_on) == "2026-11-22"
    assert len(list((cert_env / "certificates").glob("*.pdf"))) == 2


def test_unknown_course_is_a_clear_error(site: tuple[FakeMoodle, list[str]],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    fake, connection = site
    with fake:
        assert _run(["certificates", "issue", "--course", "NOPE", *connection]) == 1
    assert "no course with id or short name 'NOPE'" in capsys.readouterr().err


def test_csv_issue_needs_no_moodle_and_validates_first(cert_env: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    from tests.certificates.conftest import DATA

    bad = ["certificates", "issue", "--course", "F2F", "--course-title", "Trajnim",
           "--from-csv", str(DATA / "f2f-bad-rows.csv")]
    assert _run(bad) == 1
    assert "f2f-bad-rows.csv:3: fullname: empty" in capsys.readouterr().err
    assert not (cert_env / "register.sqlite").exists() and not (cert_env / "certificates").exists()
    good = [*bad[:-1], str(DATA / "f2f-training.csv"), "--hours", "6"]
    assert _run(good) == 0
    assert "3 certificate(s) issued" in capsys.readouterr().out
