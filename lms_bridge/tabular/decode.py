"""Turning the bytes of a CSV sheet into text.

Municipal spreadsheets arrive as UTF-8 (with or without a BOM) or in the Windows code page of the
office that exported them: cp1250 for Albanian, cp1251 for Bulgarian. Both code pages decode *any*
byte string without error, so "it decoded" proves nothing; charset-normalizer gives a first opinion
and plausibility rules on the decoded words decide between the two. When neither reading is clearly
right the user is asked for ``--encoding`` instead of getting silently garbled names.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from lms_bridge.exceptions import InputError, Problem

CODE_PAGES = ("cp1250", "cp1251")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ENCODING_HINT = "give the encoding with --encoding (utf-8, cp1250 or cp1251)"


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode_roster(data: bytes, file: str, encoding: str | None = None) -> Decoded:
    """Decode a CSV sheet, detecting the encoding unless one is given."""
    if encoding:
        return _decode_given(data, file, encoding)
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_strict(data, "utf-8-sig", file), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(_strict(data, "utf-16", file), "utf-16")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    _refuse_mixed_utf8(data, file)
    code_page = _pick_code_page(data, file)
    return Decoded(data.decode(code_page), code_page)


def _decode_given(data: bytes, file: str, encoding: str) -> Decoded:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            "Unknown encoding",
            [Problem(file, f"'{encoding}' is not an encoding Python knows; {_ENCODING_HINT}")],
        ) from None
    if encoding.replace("_", "-").lower() in {"utf-8", "utf8"}:
        encoding = "utf-8-sig"
    return Decoded(_strict(data, encoding, file), encoding)


def _strict(data: bytes, encoding: str, file: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            "The file cannot be read in the given encoding",
            [Problem(file, f"byte 0x{data[exc.start]:02x} is not valid {encoding}; "
                     f"{_ENCODING_HINT}", line=line)],
        ) from None


def _refuse_mixed_utf8(data: bytes, file: str) -> None:
    """A file where some lines are UTF-8 and others are not was pasted together from two exports."""
    utf8_lines: list[int] = []
    other_lines: list[int] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_lines.append(number)
        except UnicodeDecodeError:
            other_lines.append(number)
    if utf8_lines and other_lines:
        raise InputError(
            "The file mixes encodings",
            [Problem(file, f"lines {_few(utf8_lines)} are UTF-8 but lines {_few(other_lines)} are "
                     "not; save the whole file in one encoding (UTF-8 is best)",
                     line=other_lines[0])],
        )


def _few(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5])
    return shown + (", ..." if len(numbers) > 5 else "")


def _pick_code_page(data: bytes, file: str) -> str:
    """Choose cp1250 or cp1251 by which reading gives words people could have written."""
    scores = {cp: _implausibility(data.decode(cp)) for cp in CODE_PAGES}
    best = min(scores, key=lambda cp: scores[cp])
    other = max(scores, key=lambda cp: scores[cp])
    if scores[best] < 0.05 and scores[other] >= 0.3:
        return best
    guess = from_bytes(data, cp_isolation=list(CODE_PAGES)).best()
    if guess is not None and guess.encoding in CODE_PAGES and scores[guess.encoding] < 0.05 \
            and scores[guess.encoding] < scores[_other(guess.encoding)]:
        return str(guess.encoding)
    raise InputError(
        "The file's encoding cannot be detected with confidence",
        [Problem(file, f"it is not UTF-8 and reads plausibly neither as cp1250 (Albanian) nor as "
                 f"cp1251 (Bulgarian); {_ENCODING_HINT}")],
    )


def _other(code_page: str) -> str:
    return CODE_PAGES[1] if code_page == CODE_PAGES[0] else CODE_PAGES[0]


def _implausibility(text: str) -> float:
    """Share of non-ASCII words that no one writes: mixed scripts, or Latin words made of accents.

    Albanian written in cp1250 read as cp1251 turns "Tiranë" into "Tiranл" (Latin and Cyrillic in
    one word); Bulgarian in cp1251 read as cp1250 turns "Иван" into "Čâŕí", a Latin word with no
    plain letter at all.
    """
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 1.0
    bad = sum(1 for w in words if not _plausible_word(w))
    return bad / len(words)


def _plausible_word(word: str) -> bool:
    scripts = {_script(ch) for ch in word}
    if len(scripts) > 1:
        return False
    if scripts == {"latin"}:
        accented = sum(1 for ch in word if not ch.isascii())
        return accented * 2 <= len(word)
    return scripts == {"cyrillic"}


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    if name.startswith("LATIN"):
        return "latin"
    return "other"
