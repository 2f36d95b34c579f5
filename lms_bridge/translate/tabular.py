"""CSV and XLSX for spreadsheets: columns id, source (xx), target (yy), fingerprint, note.

CSV is written UTF-8 with a BOM and CRLF (Excel then opens Cyrillic and Albanian correctly).
Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab
or CR) get a leading ``'``, which the import removes again — a list item ``- …`` is not
corrupted. Reading refuses what cannot be read for certain: other encodings, an unknown
delimiter, rows with the wrong number of cells.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lms_bridge.exceptions import InputError, Problem
from lms_bridge.translate.units import Row, TranslationFile, Unit

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_HEADER = re.compile(r"^(source|target) \(([a-z]{2,3})\)$")
_DELIMITERS = (",", ";", "\t")
SHEET = "translation"
ABOUT = "about"


def escape(value: str) -> str:
    return "'" + value if value.startswith((*_TRIGGERS, "'")) else value


def unescape(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith((*_TRIGGERS, "'")) else value


def header(source_lang: str, target_lang: str) -> list[str]:
    return ["id", f"source ({source_lang})", f"target ({target_lang})", "fingerprint", "note"]


def _cells(unit: Unit) -> list[str]:
    return [unit.id, unit.source, unit.target, unit.fingerprint, unit.note]


def write_csv(units: Iterable[Unit], source_lang: str, target_lang: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(source_lang, target_lang))
    for unit in units:
        writer.writerow([escape(c) for c in _cells(unit)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def read_csv(data: bytes, name: str) -> TranslationFile:
    text = _decode(data, name)
    first = text.split("\n", 1)[0].rstrip("\r")
    fitting = [d for d in _DELIMITERS if _languages(next(csv.reader([first], delimiter=d)))]
    if len(fitting) != 1:
        found = "several" if fitting else "none"
        raise InputError(f"{name}: cannot tell the delimiter", [Problem(
            name, "the first row must be the header 'id, source (xx), target (yy), fingerprint, "
            f"note' separated by ',', ';' or tabs ({found} of these fit)", 1)])
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=fitting[0]))
    return _table(rows, name, unescape_cells=True, row_numbers=_physical_lines(text, fitting[0]))


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from charset_normalizer import from_bytes

        guess = from_bytes(data).best()
        hint = f" (it looks like {guess.encoding})" if guess is not None else ""
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{name} is not UTF-8", [Problem(
            name, f"is not UTF-8 text{hint}: save it as 'CSV UTF-8'", line)]) from exc


def _physical_lines(text: str, delimiter: str) -> list[int]:
    """The line on which each CSV record starts (a quoted cell may span lines)."""
    numbers = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for _ in reader:
        numbers.append(line)
        line = reader.line_num + 1
    return numbers


def _languages(cells: list[str]) -> tuple[str, str] | None:
    if len(cells) < 3 or cells[0].strip().lower() != "id":
        return None
    source, target = _HEADER.match(cells[1].strip()), _HEADER.match(cells[2].strip())
    if not source or not target or source[1] != "source" or target[1] != "target":
        return None
    return source[2], target[2]


def _table(rows: list[list[Any]], name: str, *, unescape_cells: bool,
           row_numbers: list[int] | None = None) -> TranslationFile:
    pair = _languages([str(c or "") for c in rows[0]]) if rows else None
    if pair is None:
        raise InputError(f"{name} has no header row", [Problem(
            name, "the first row must be: id, source (xx), target (yy), fingerprint, note", 1)])
    head = [str(c or "").strip().lower() for c in rows[0]]
    problems: list[Problem] = []
    if head[3:5] != ["fingerprint", "note"] or len(head) != 5:
        problems.append(Problem(name, "the header must have exactly the columns id, source (xx), "
                                "target (yy), fingerprint, note", 1))
    result = TranslationFile(pair[0], pair[1])
    for index, cells in enumerate(rows[1:], start=1):
        number = row_numbers[index] if row_numbers and index < len(row_numbers) else index + 1
        values = ["" if c is None else _cell_text(c) for c in cells]
        if not any(v.strip() for v in values):
            continue
        if len(values) != 5:
            problems.append(Problem(name, f"row {number} has {len(values)} cells instead of 5 "
                                    "(a different delimiter, or a broken quote?)", number))
            continue
        if unescape_cells:
            values = [unescape(v) for v in values]
        unit_id, source, target, fp, _ = values
        result.rows.append(Row(unit_id.strip(), source, target.strip(), fp.strip(),
                               f"row {number}"))
    if problems:
        raise InputError(f"{name} cannot be imported", problems)
    return result


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_xlsx(units: Iterable[Unit], course_id: str, source_lang: str,
               target_lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(header(source_lang, target_lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, unit in enumerate(units, start=2):
        for column, value in enumerate(_cells(unit), start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = wrap
    for letter, width in zip("ABCDE", (38, 60, 60, 18, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C2"
    about = book.create_sheet(ABOUT)
    for row in (("course", course_id), ("source language", source_lang),
                ("target language", target_lang),
                ("how to", "Fill in column C only; keep ids, fingerprints and Markdown "
                           "(links, **bold**, `code`, <tags>) as they are.")):
        about.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_xlsx(data: bytes, name: str) -> TranslationFile:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(f"{name} is not an XLSX workbook", [Problem(name, str(exc))]) from exc
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        result = _table(rows, name, unescape_cells=False)
        if ABOUT in book.sheetnames:
            for key, value, *_ in _pairs(book[ABOUT].iter_rows(values_only=True)):
                if key == "course" and value:
                    result.course_id = str(value)
    finally:
        book.close()
    return result


def _pairs(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        if len(row) >= 2:
            yield row
