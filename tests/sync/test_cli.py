"""``lms-bridge sync plan|apply`` end to end against the fake Moodle."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from lms_bridge.cli.main import main
from lms_bridge.testing import FakeMoodle

Runner = Callable[[list[str]], tuple[int, str, str]]


@pytest.fixture
def connection(fake: FakeMoodle, tmp_path: Path) -> list[str]:
    token = tmp_path / "token"
    token.write_text(fake.token, encoding="utf-8")
    token.chmod(0o600)
    return ["--url", fake.url, "--token-file", str(token),
            "--journal", str(tmp_path / "journal.sqlite")]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[[list[str]], tuple[int, str, str]]:
    """Runs ``lms-bridge`` as the console script does, ``sys.exit(main())``; stdin is not a
    terminal under pytest."""

    def invoke(args: list[str]) -> tuple[int, str, str]:
        try:
            returned = main(args)
            code = returned if isinstance(returned, int) else 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def test_plan_json_lists_changes_and_writes_nothing(
        run: Runner, fake: FakeMoodle,
        connection: list[str], base_roster: Path) -> None:
    code, out, _ = run(["sync", "plan", str(base_roster), "--json", *connection])
    assert code == 0
    data = json.loads(out)
    assert data["counts"]["users_create"] == 4
    assert data["counts"]["cohorts_create"] == 4
    assert fake.writes == []
    assert fake.token not in out


def test_plan_table_for_people(run: Runner, connection: list[str], base_roster: Path) -> None:
    code, out, _ = run(["sync", "plan", str(base_roster), *connection])
    assert code == 0
    assert "accounts to create" in out
    assert "cohorts to create (named in the roster, missing on the site)" in out
    assert "row 5" in out and "ivan.petrov" in out


def test_apply_without_terminal_refuses_without_yes(
        run: Runner, fake: FakeMoodle,
        connection: list[str], base_roster: Path) -> None:
    code, _, err = run(["sync", "apply", str(base_roster), *connection])
    assert code != 0
    assert "--yes" in err
    assert fake.writes == []


def test_apply_yes_then_again_is_a_no_op(run: Runner, fake: FakeMoodle, connection: list[str],
                                          base_roster: Path) -> None:
    code, out, _ = run(["sync", "apply", str(base_roster), "--yes", *connection])
    assert code == 0, out
    assert "Done: " in out
    fake.reset_calls()
    code, out, _ = run(["sync", "apply", str(base_roster), "--yes", "--json", *connection])
    assert code == 0
    summary = json.loads(out)["summary"]
    assert summary["writes"] == 0 and summary["planned"] == {}
    assert fake.writes == []


def test_roster_errors_exit_1_with_row_and_column(run: Runner, fake: FakeMoodle,
                                                  connection: list[str]) -> None:
    bad = Path(__file__).resolve().parents[1] / "data" / "rosters" / "bad_email.csv"
    code, _, err = run(["sync", "apply", str(bad), "--yes", *connection])
    assert code == 1
    assert "bad_email.csv:3: email:" in err
    assert fake.writes == []


def test_plan_with_only_bad_rows_does_not_claim_the_site_matches(
        run: Runner, connection: list[str]) -> None:
    """Row 2 names a course the site lacks, row 3 has a bad email: both are listed, in row
    order, and the plan does not say the site matches a roster it could not apply."""
    bad = Path(__file__).resolve().parents[1] / "data" / "sync" / "site_and_row_problems.csv"
    code, out, err = run(["sync", "plan", str(bad), *connection])
    assert code == 1
    assert "already matches" not in out
    lines = [line for line in err.splitlines() if "site_and_row_problems.csv:" in line]
    assert ["course1: no course" in lines[0], "email:" in lines[1]] == [True, True]


def test_skip_invalid_applies_the_rest_and_exits_3(run: Runner, fake: FakeMoodle,
                                                   connection: list[str]) -> None:
    bad = Path(__file__).resolve().parents[1] / "data" / "rosters" / "bad_email.csv"
    code, out, _ = run(["sync", "apply", str(bad), "--yes", "--skip-invalid", *connection])
    assert code == 3
    assert "arben.hoxha" in {u.username for u in fake.state.users.values()}
    assert "skipped" in out


def test_role_id_option_makes_a_custom_role_known(run: Runner, fake: FakeMoodle,
                                                  connection: list[str], tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("username,firstname,lastname,email,course1,role1\n"
                    "ana,Ana,Hoxha,ana@example.org,LVV,nxenes\n", encoding="utf-8")
    code, _, err = run(["sync", "plan", str(path), *connection])
    assert code == 1 and "no role with the shortname 'nxenes'" in err
    code, out, _ = run(["sync", "plan", str(path), "--role-id", "nxenes=5", "--json", *connection])
    assert code == 0
    assert json.loads(out)["enrolments"][0]["roleid"] == 5
