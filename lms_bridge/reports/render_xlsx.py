"""XLSX: a "Learners" data sheet and a "Summary" sheet, with typed cells.

Numbers are numbers, dates are dates (in the report's zone, as Excel has no time zones), rates
are percentages, so a coordinator can sort, filter and chart without converting text. Text
that looks like a formula is stored as text, never as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lms_bridge.reports.aggregate import GroupSummary, summarise
from lms_bridge.reports.records import COLUMNS, CompletionReport

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=12, color="1F4E79")
WARNING_FONT = Font(bold=True, color="9C0006")
WARNING_FILL = PatternFill("solid", fgColor="FFC7CE")
DATE_FORMAT = "yyyy-mm-dd hh:mm"
NUMBER_FORMAT = "0.00"
PERCENT_FORMAT = "0.0%"
SUMMARY_HEADERS = ("Group", "Learners", "Completed", "In progress", "Not started",
                   "Not loaded", "Suspended", "Completion rate", "Average SCORM score",
                   "Average final grade")


def render_xlsx(report: CompletionReport) -> bytes:
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = "Learners"
    _data_sheet(data, report)
    _summary_sheet(workbook.create_sheet("Summary"), report)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write a typed value; text is always text (never a formula), dates lose their zone."""
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, float):
        cell.number_format = NUMBER_FORMAT
    return cell


def _header(sheet: Worksheet, row: int, headers: Sequence[str]) -> None:
    for column, header in enumerate(headers, start=1):
        cell = _set(sheet, row, column, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _data_sheet(sheet: Worksheet, report: CompletionReport) -> None:
    _header(sheet, 1, [header for header, _typed, _text in COLUMNS])
    widths = [len(header) for header, _typed, _text in COLUMNS]
    for row, record in enumerate(report.records, start=2):
        for column, (_header_text, typed, text) in enumerate(COLUMNS, start=1):
            value = typed(record)
            _set(sheet, row, column, value if value != "" else None)
            widths[column - 1] = max(widths[column - 1], len(text(record)))
        if record.load_error:
            for column in range(1, len(COLUMNS) + 1):
                sheet.cell(row=row, column=column).fill = WARNING_FILL
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 50)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{max(len(report.records) + 1, 2)}"


def _summary_sheet(sheet: Worksheet, report: CompletionReport) -> None:
    summary = summarise(report)
    _set(sheet, 1, 1, "Completion report").font = TITLE_FONT
    facts = [("Site", f"{report.site_name} ({report.site_url})"),
             ("Courses", ", ".join(f"{c.shortname} – {c.fullname}" for c in report.courses)),
             ("Generated", report.generated_at),
             ("Cohorts", ", ".join(report.cohort_filter) or "all"),
             ("Period", _period(report))]
    row = 2
    for label, value in facts:
        _set(sheet, row, 1, label).font = Font(bold=True)
        _set(sheet, row, 2, value)
        row += 1
    if report.partial:
        cell = _set(sheet, row, 1, f"PARTIAL REPORT: {len(report.failed)} learner(s) could not "
                                   "be loaded; see the Load error column of the Learners sheet.")
        cell.font, cell.fill = WARNING_FONT, WARNING_FILL
        row += 1
    sections = [("Overall", [summary.overall]), ("By course", summary.by_course),
                ("By cohort", summary.by_cohort), ("By institution", summary.by_institution),
                ("By institution and department", summary.by_department)]
    for title, groups in sections:
        row += 1
        _set(sheet, row, 1, title).font = SECTION_FONT
        row += 1
        _header(sheet, row, SUMMARY_HEADERS)
        for group in groups:
            row += 1
            _group_row(sheet, row, group)
    row += 2
    _set(sheet, row, 1, "Completions by month").font = SECTION_FONT
    row += 1
    _header(sheet, row, ("Month", "Completions"))
    for month, count in summary.completions_by_month:
        row += 1
        _set(sheet, row, 1, month)
        _set(sheet, row, 2, count)
    sheet.column_dimensions["A"].width = 46
    for column in range(2, len(SUMMARY_HEADERS) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14


def _group_row(sheet: Worksheet, row: int, group: GroupSummary) -> None:
    values: list[Any] = [group.label, group.learners, group.completed, group.in_progress,
                         group.not_started, group.not_loaded, group.suspended,
                         group.completion_rate, group.average_score, group.average_grade]
    for column, value in enumerate(values, start=1):
        cell = _set(sheet, row, column, value)
        if column == 8 and value is not None:
            cell.number_format = PERCENT_FORMAT


def _period(report: CompletionReport) -> str:
    if report.since is None and report.until is None:
        return "all time"
    start = report.since.date().isoformat() if report.since else "…"
    end = report.until.date().isoformat() if report.until else "today"
    return f"{start} to {end} (completed, or last access if not completed)"
