"""Encoding detection and ``--encoding`` for CSV rosters."""

from __future__ import annotations

import codecs

import pytest

from lms_bridge.exceptions import InputError
from lms_bridge.tabular.decode import decode_roster

ALBANIAN = "username;firstname;lastname;city\nana;Ana;Çela;Tiranë\nbesa;Besa;Hoxha;Durrës\n"
BULGARIAN = ("username;firstname;lastname;city\nivan;Иван;Петров;Габрово\n"
             "maria;Мария;Иванова;София\n")


@pytest.mark.parametrize(("data", "encoding"), [
    (ALBANIAN.encode("cp1250"), "cp1250"),
    (BULGARIAN.encode("cp1251"), "cp1251"),
    (ALBANIAN.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + BULGARIAN.encode("utf-8"), "utf-8-sig"),
    (ALBANIAN.encode("utf-16"), "utf-16"),
])
def test_detects(data: bytes, encoding: str) -> None:
    decoded = decode_roster(data, "r.csv")
    assert decoded.encoding == encoding
    assert decoded.text.lstrip("\ufeff") in {ALBANIAN, BULGARIAN}


def test_given_encoding_wins_over_detection() -> None:
    data = BULGARIAN.encode("cp1251")
    assert decode_roster(data, "r.csv", "cp1250").text != BULGARIAN
    assert decode_roster(data, "r.csv", "cp1251").text == BULGARIAN


def test_given_utf8_that_is_not_utf8_names_the_line() -> None:
    with pytest.raises(InputError) as raised:
        decode_roster(ALBANIAN.encode("cp1250"), "r.csv", "utf-8")
    assert raised.value.problems[0].line == 2
    assert "--encoding" in raised.value.problems[0].message


def test_unknown_encoding_name() -> None:
    with pytest.raises(InputError, match="Unknown encoding"):
        decode_roster(b"username\n", "r.csv", "albanian")
