"""CSV: one row per learner and course, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is a formula to
Excel and LibreOffice (a learner can put ``=HYPERLINK(...)`` in their department), so such cells
get a leading ``'`` (the OWASP "CSV injection" advice). The file is UTF-8 with a byte-order mark
so Excel shows ë, ç and Cyrillic correctly.
"""

from __future__ import annotations

import csv
import io

from lms_bridge.reports.records import COLUMNS, CompletionReport

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def render_csv(report: CompletionReport) -> str:
    """The report as CSV text (write it with ``encoding="utf-8-sig"``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    for record in report.records:
        writer.writerow([safe_cell(c.text(record)) for c in COLUMNS])
    return buffer.getvalue()
