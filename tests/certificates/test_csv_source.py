from __future__ import annotations

from datetime import date

import pytest

from lms_bridge.certificates.csv_source import read_completions
from lms_bridge.exceptions import InputError
from tests.certificates.conftest import DATA


def test_reads_rows_dates_and_default_hours() -> None:
    rows = read_completions(DATA / "f2f-training.csv", default_hours=8)
    assert [r.fullname for r in rows] == ["Zoë Françoise Çela", "Иван Петров", "Drita Gashi"]
    assert rows[1].completed_on == date(2026, 10, 21)
    assert [r.hours for r in rows] == [12, 8, 16]


def test_every_bad_row_is_reported_with_line_and_field() -> None:
    with pytest.raises(InputError) as info:
        read_completions(DATA / "f2f-bad-rows.csv")
    found = {(p.line, p.field) for p in info.value.problems}
    assert found == {(2, "username"), (3, "fullname"), (3, "completed_on"), (3, "hours"),
                     (4, "username"), (4, "completed_on"), (4, "hours"), (5, "username")}
    assert "f2f-bad-rows.csv:4: username: 'ivan.petrov' is also on line 3" in str(info.value)


def test_names_the_certificate_cannot_print_are_reported_by_line() -> None:
    with pytest.raises(InputError) as info:
        read_completions(DATA / "f2f-unprintable-names.csv")
    assert [(p.line, p.field) for p in info.value.problems] == [(3, "fullname"),
                                                                (4, "fullname")]
    assert "f2f-unprintable-names.csv:4: fullname: contains invisible characters (U+200B)" \
        in str(info.value)


def test_missing_columns_are_named() -> None:
    with pytest.raises(InputError) as info:
        read_completions(DATA / "f2f-missing-columns.csv")
    assert {p.field for p in info.value.problems} == {"completed_on", "username"}


def test_a_cp1251_semicolon_export_reads_like_a_roster() -> None:
    """Excel in a Bulgarian office saves cp1251 with ';': the same reader as sync's rosters."""
    rows = read_completions(DATA / "f2f-training-cp1251.csv", default_hours=8)
    assert [r.fullname for r in rows] == ["Иван Петров", "Мария Иванова"]
    assert rows[1].completed_on == date(2026, 10, 22)
