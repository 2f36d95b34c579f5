"""Every bad roster in tests/data/rosters gives its expected row-level message and zero writes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lms_bridge.exceptions import InputError, Problem
from lms_bridge.moodle import MoodleClient
from lms_bridge.sync import Journal, apply_sync, load_roster
from lms_bridge.testing import FakeMoodle

ROSTERS = Path(__file__).resolve().parents[1] / "data" / "rosters"
with (ROSTERS / "EXPECTED.tsv").open(encoding="utf-8", newline="") as handle:
    CASES = list(csv.DictReader(handle, delimiter="\t"))


def test_corpus_is_complete() -> None:
    listed = {case["file"] for case in CASES}
    on_disk = {p.name for p in ROSTERS.iterdir() if p.name != "EXPECTED.tsv"}
    assert listed == on_disk
    assert len(CASES) >= 25


def _matches(problems: list[Problem], case: dict[str, str]) -> bool:
    row = None if case["row"] == "-" else int(case["row"])
    column = None if case["column"] == "-" else case["column"]
    return any(p.line == row and p.field == column and case["message"] in p.message
               for p in problems)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_roster_is_reported_and_nothing_is_written(
        case: dict[str, str], fake: FakeMoodle, client: MoodleClient, journal: Journal) -> None:
    fake.add_cohort("tirane")
    path = ROSTERS / case["file"]
    with pytest.raises(InputError) as raised:
        apply_sync(client.call_params, load_roster(path), journal)
    assert _matches(raised.value.problems, case), "\n".join(map(str, raised.value.problems))
    assert all(p.file == str(path) for p in raised.value.problems)
    assert fake.writes == []
    if case["stage"] == "row":
        roster = load_roster(path)
        assert _matches(list(roster.problems), case)
    if case["stage"] == "file":
        assert fake.calls == []


def test_oversized_roster_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.write(b"username,firstname,lastname,email\n")
        handle.truncate(25 * 1024 * 1024)
    with pytest.raises(InputError, match="too large") as raised:
        load_roster(huge)
    assert "the limit is 20,971,520 bytes" in raised.value.problems[0].message


def test_too_many_rows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    lines = ["username,firstname,lastname,email"]
    lines += [f"u{i},A,B,u{i}@example.org" for i in range(1200)]
    path.write_text("\n".join(lines), encoding="utf-8")
    from lms_bridge.tabular.reader import read_table

    with pytest.raises(InputError, match="too large") as raised:
        read_table(path, max_rows=1000)
    assert "1,200 rows; the limit is 1,000" in raised.value.problems[0].message
