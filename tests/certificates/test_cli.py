"""The verify / revoke / publish / init-key / pull commands as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lms_bridge.cli.main import main
from lms_bridge.testing import FakeMoodle
from lms_bridge.testing.customcert_fake import install_customcert
from tests.certificates.conftest import DATA


def _run(*args: str) -> int:
    try:
        return int(main(list(args)) or 0)  # click returns ctx.exit codes in non-standalone mode
    except SystemExit as exc:
        return int(exc.code or 0)


@pytest.fixture
def issued(cert_env: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert _run("certificates", "issue", "--course", "F2F", "--course-title", "Trajnim",
                "--lang", "sq", "--hours", "6", "--from-csv",
                str(DATA / "f2f-training.csv")) == 0
    out = capsys.readouterr().out
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("issued")]


def test_verify_exit_codes(issued: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = issued[0]
    assert _run("certificates", "verify", code) == 0
    assert _run("certificates", "verify", code[:-1] + ("0" if code[-1] != "0" else "1")) == 5
    assert _run("certificates", "verify", "LB-00000-00000-00000-00000") == 5
    assert _run("certificates", "verify", "no code") == 2
    assert _run("certificates", "revoke", code, "--reason", "Issued twice") == 0
    assert _run("certificates", "verify", code, "--json") == 3
    verdict = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert verdict == {"code": code, "status": "revoked", "name": "Zoë Françoise Çela",
                       "course": "Trajnim", "reason": "Issued twice", "replaced_by": None}


def test_unknown_code_from_another_register(issued: list[str], cert_env: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("certificates", "verify", issued[0], "--registry",
                str(cert_env / "empty.sqlite")) == 4
    assert "unknown" in capsys.readouterr().err


def test_publish_writes_the_site(issued: list[str], cert_env: Path) -> None:
    assert _run("certificates", "publish", "-o", str(cert_env / "site"), "--lang", "sq") == 0
    assert (cert_env / "site" / "c" / f"{issued[0]}.html").is_file()
    assert 'lang="sq"' in (cert_env / "site" / "verify.html").read_text(encoding="utf-8")


def test_init_key_creates_a_private_key_once(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.key"
    assert _run("certificates", "init-key", str(path)) == 0
    assert path.stat().st_mode & 0o777 == 0o600
    secret = path.read_text().strip()
    assert _run("certificates", "init-key", str(path)) == 1
    out, err = capsys.readouterr()
    assert secret not in out + err


def test_pull_from_the_command_line(cert_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    token = cert_env / "token"
    token.write_text("fake-token")
    token.chmod(0o600)
    with FakeMoodle() as fake:
        course = fake.add_course("LAB101", "Lab Course 101")
        plugin = install_customcert(fake)
        user = fake.add_user("drita", firstname="Drita", lastname="Gashi")
        plugin.issue(user, plugin.add_activity(course), code="wonBNGSN9w")
        assert _run("certificates", "pull", "--course", "LAB101", "--url", fake.url,
                    "--token-file", str(token)) == 0
    assert "1 certificate(s) pulled" in capsys.readouterr().out
    assert _run("certificates", "verify", "wonBNGSN9w") == 0
    assert _run("certificates", "revoke", "wonBNGSN9w", "--reason", "Duplicate") == 0
    assert _run("certificates", "verify", "wonBNGSN9w") == 3
    assert (cert_env / "register.sqlite").stat().st_mode & 0o777 == 0o600


def test_list_and_redraw(issued: list[str], cert_env: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("certificates", "list", "--course", "F2F", "--json") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["code"] for r in rows) == sorted(issued)
    assert {r["username"] for r in rows} == {"zoe.francoise", "ivan.petrov", "drita.gashi"}
    pdf = Path(rows[0]["pdf"])
    before = pdf.stat().st_mtime_ns
    assert _run("certificates", "issue", "--course", "F2F", "--course-title", "Trajnim",
                "--lang", "sq", "--hours", "6", "--from-csv", str(DATA / "f2f-training.csv"),
                "--redraw") == 0
    assert "0 certificate(s) issued, 3 already issued, 3 PDF(s)" in capsys.readouterr().out
    assert pdf.stat().st_mtime_ns > before


def test_open_key_is_refused_before_anything_is_written(cert_env: Path, key_file: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    key_file.chmod(0o640)
    assert _run("certificates", "issue", "--course", "F2F", "--course-title", "Trajnim",
                "--hours", "6", "--from-csv", str(DATA / "f2f-training.csv")) == 1
    assert "chmod 600" in capsys.readouterr().err
    assert not (cert_env / "register.sqlite").exists()
    assert not (cert_env / "certificates").exists()


def test_placeholder_verify_address_is_flagged(cert_env: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    args = ["certificates", "issue", "--course", "F2F", "--course-title", "Trajnim",
            "--hours", "6", "--from-csv", str(DATA / "f2f-training.csv")]
    assert _run(*args) == 0
    assert "placeholder https://certificates.example.org" in capsys.readouterr().err
    assert _run(*args, "--base-url", "https://verify.example.al") == 0
    assert "placeholder" not in capsys.readouterr().err
