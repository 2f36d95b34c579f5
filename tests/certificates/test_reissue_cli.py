"""``lms-bridge certificates reissue`` as a coordinator runs it, and what verify, list and
publish say afterwards."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from lms_bridge.cli.main import main
from tests.certificates.conftest import DATA


def _run(*args: str) -> int:
    try:
        return int(main(list(args)) or 0)
    except SystemExit as exc:
        return int(exc.code or 0)


def _codes(out: str) -> list[str]:
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("issued")]


def _issue() -> int:
    return _run("certificates", "issue", "--course", "F2F", "--course-title", "Trajnim",
                "--lang", "sq", "--hours", "6", "--from-csv", str(DATA / "f2f-misspelt.csv"))


@pytest.fixture
def arber(cert_env: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert _issue() == 0
    return _codes(capsys.readouterr().out)[0]


def test_reissue_then_verify_list_publish_and_issue_again(
        arber: str, cert_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("certificates", "reissue", arber.lower(), "--reason", "Name misspelt in Moodle",
                "--name", "Arbër Hoxha") == 0
    out = capsys.readouterr().out
    new = _codes(out)[0]
    assert f"Reissued {arber} as {new}" in out and "publish" in out
    assert (cert_env / "certificates" / f"arber.hoxha-{new}.pdf").is_file()
    assert (cert_env / "certificates" / f"arber.hoxha-{arber}.pdf").is_file()

    assert _run("certificates", "verify", arber) == 3
    assert f"replaced by {new}" in capsys.readouterr().err
    assert _run("certificates", "verify", arber, "--json") == 3
    verdict = json.loads(capsys.readouterr().out)
    assert (verdict["status"], verdict["replaced_by"], verdict["reason"]) == (
        "revoked", new, "Name misspelt in Moodle")
    assert _run("certificates", "verify", new, "--json") == 0
    assert json.loads(capsys.readouterr().out)["name"] == "Arbër Hoxha"

    assert _run("certificates", "list", "--course", "F2F") == 0
    listing = capsys.readouterr().out
    assert f"{arber}  revoked" in listing and f"Arber Hoxha (arber.hoxha)  → replaced by {new}" \
        in listing
    assert f"{new}  valid" in listing and "Arbër Hoxha (arber.hoxha)\n" in listing
    assert _run("certificates", "list", "--json") == 0
    rows = {r["code"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows[arber]["replaced_by"] == new and rows[new]["replaced_by"] is None

    assert _issue() == 0
    assert "0 certificate(s) issued, 3 already issued, 0 PDF(s)" in capsys.readouterr().out
    assert _run("certificates", "publish", "-o", str(cert_env / "site")) == 0
    assert "3 valid and 1 revoked" in capsys.readouterr().out
    assert f'href="{new}.html"' in (cert_env / "site" / "c" / f"{arber}.html").read_text(
        encoding="utf-8")
    assert (cert_env / "site" / "c" / f"{new}.html").is_file()


def _register_digest(cert_env: Path) -> str:
    return hashlib.sha256((cert_env / "register.sqlite").read_bytes()).hexdigest()


@pytest.mark.parametrize(("args", "status", "message"), [
    (["LB-00000-00000-00000-00000", "--name", "Arbër Hoxha"], 1, "is not in the register"),
    (["{code}"], 1, "nothing to correct on LB-"),
    (["{code}", "--name", "Arbër Hoxha", "--completed-on", "20.10.2026"], 2,
     "'20.10.2026' does not match the format '%Y-%m-%d'"),
    (["{code}", "--name", "  "], 1, "name: empty"),
    (["not a code", "--name", "Arbër Hoxha"], 1, "is not a certificate code"),
])
def test_refusals_name_the_problem_and_write_nothing(
        args: list[str], status: int, message: str, arber: str, cert_env: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = _register_digest(cert_env), sorted((cert_env / "certificates").iterdir())
    argv = [a.replace("{code}", arber) for a in args]
    assert _run("certificates", "reissue", *argv, "--reason", "Typo") == status
    assert message in capsys.readouterr().err
    assert (_register_digest(cert_env), sorted((cert_env / "certificates").iterdir())) == before


def test_revoked_certificate_is_not_reissued(arber: str, cert_env: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("certificates", "revoke", arber, "--reason", "Did not attend") == 0
    before = _register_digest(cert_env)
    assert _run("certificates", "reissue", arber, "--reason", "Typo", "--name", "Arbër") == 1
    assert "a revoked certificate is not reissued" in capsys.readouterr().err
    assert _register_digest(cert_env) == before
