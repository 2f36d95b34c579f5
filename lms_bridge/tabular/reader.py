"""Reading a spreadsheet (CSV or XLSX) into a header and rows of text cells, nothing more.

Interpretation of the cells belongs to the caller (:mod:`lms_bridge.sync.validate`,
:mod:`lms_bridge.certificates.csv_source`); here we only make sure every cell is text, every
row knows its spreadsheet row number (header = row 1), and a formula cell is reported rather than
evaluated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from lms_bridge.exceptions import InputError, Problem
from lms_bridge.tabular.decode import decode_roster

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
DELIMITERS = ",;\t|"


@dataclass
class RawRow:
    number: int
    cells: dict[str, str]
    formulas: set[str] = field(default_factory=set)


@dataclass
class RawTable:
    file: str
    header: list[str]
    rows: list[RawRow]
    encoding: str | None = None
    delimiter: str | None = None


def read_table(path: Path, encoding: str | None = None, max_bytes: int = MAX_BYTES,
               max_rows: int = MAX_ROWS) -> RawTable:
    """Read a spreadsheet; size, emptiness and structural problems raise :class:`InputError`."""
    file = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError("The file cannot be read", [Problem(file, exc.strerror or str(exc))]) \
            from None
    if size > max_bytes:
        raise InputError("The file is too large", [Problem(
            file, f"the file has {size:,} bytes; the limit is {max_bytes:,} bytes "
            f"(about {max_rows:,} rows) — split it into several files")])
    if size == 0:
        raise InputError("The file is empty", [Problem(file, "the file is empty")])
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        table = _read_xlsx(path, file)
    else:
        table = _read_csv(path.read_bytes(), file, encoding)
    if not any(h for h in table.header):
        raise InputError("The file is empty", [Problem(file, "there is no header row", line=1)])
    if not table.rows:
        raise InputError("The file has no rows", [Problem(
            file, "the file has a header row but no rows below it", line=1)])
    if len(table.rows) > max_rows:
        raise InputError("The file is too large", [Problem(
            file, f"the file has {len(table.rows):,} rows; the limit is {max_rows:,} — split it "
            "into several files")])
    return table


def _read_csv(data: bytes, file: str, encoding: str | None) -> RawTable:
    decoded = decode_roster(data, file, encoding)
    text = decoded.text.lstrip("\ufeff")
    delimiter = _sniff_delimiter(text)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        all_rows = list(records)
    except csv.Error as exc:
        raise InputError("The file is not valid CSV", [Problem(file, str(exc))]) from None
    if not all_rows:
        raise InputError("The file is empty", [Problem(file, "the file has no rows")])
    header = [h.strip() for h in all_rows[0]]
    rows: list[RawRow] = []
    for number, record in enumerate(all_rows[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {header[i] if i < len(header) else f"#{i + 1}": value.strip()
                 for i, value in enumerate(record)}
        rows.append(RawRow(number, cells))
    return RawTable(file, header, rows, decoded.encoding, delimiter)


def _sniff_delimiter(text: str) -> str:
    """The most frequent candidate in the header line (headers are never quoted in practice)."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_xlsx(path: Path, file: str) -> RawTable:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many unrelated types for a broken file
        raise InputError("The file is not a readable XLSX workbook",
                         [Problem(file, f"{type(exc).__name__}: {exc}")]) from None
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows()
        header_cells = next(iterator, None)
        if header_cells is None:
            return RawTable(file, [], [])
        header = [_cell_text(c.value) for c in header_cells]
        rows: list[RawRow] = []
        for number, cells in enumerate(iterator, start=2):
            row = RawRow(number, {})
            for i, cell in enumerate(cells):
                name = header[i] if i < len(header) and header[i] else f"#{i + 1}"
                if getattr(cell, "data_type", None) == "f":
                    row.formulas.add(name)
                row.cells[name] = _cell_text(cell.value)
            if any(row.cells.values()) or row.formulas:
                rows.append(row)
        return RawTable(file, header, rows)
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
