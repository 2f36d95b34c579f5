"""XLSX: a "Learners" data sheet and a "Summary" sheet, with typed cells.

Numbers are numbers, dates are dates (in the report's zone, as Excel has no time zones), rates
are percentages, so a coordinator can sort, filter and chart without converting text. Text
that looks like a formula is stored as text, never as a formula. Sheet names, headers and
status words are in the report's language (``lang``); the columns and their order are those of
:data:`~.records.COLUMNS`, the CSV's.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lms_bridge.reports.aggregate import GroupSummary, summarise
from lms_bridge.reports.language import Labels, labels_for
from lms_bridge.reports.records import (
    COLUMNS,
    Column,
    CompletionRecord,
    CompletionReport,
    course_completed_text,
)

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=12, color="1F4E79")
WARNING_FONT = Font(bold=True, color="9C0006")
WARNING_FILL = PatternFill("solid", fgColor="FFC7CE")
NUMBER_FORMAT = "0.00"
PERCENT_FORMAT = "0.0%"
SUMMARY_KEYS = ("group", "learners", "count_completed", "count_in_progress",
                "count_not_started", "count_not_loaded", "count_suspended", "completion_rate",
                "average_score", "average_grade")
COMPLETED_KEYS = {"yes": "course_completed_yes", "no": "course_completed_no",
                  "no criteria": "course_completed_no_criteria",
                  "unknown": "course_completed_unknown"}


def render_xlsx(report: CompletionReport, *, lang: str = "en") -> bytes:
    t = labels_for(lang)
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = t("learners")
    _data_sheet(data, report, t)
    _summary_sheet(workbook.create_sheet(t("summary")), report, t)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def columns(t: Labels) -> list[Column]:
    """:data:`~.records.COLUMNS` with headers and status words in ``t``'s language."""
    words: dict[str, Callable[[CompletionRecord], str]] = {
        "column_enrolment": lambda r: t.enrolment(r.enrolment_status),
        "progress": lambda r: t.progress(r.progress),
        "column_course_completed": lambda r: t(COMPLETED_KEYS[course_completed_text(r)]),
        "column_scorm_status": lambda r: t.scorm(r.scorm_status)}
    out: list[Column] = []
    for column in COLUMNS:
        word = words.get(column.label)
        header = t(column.label)
        out.append(column._replace(header=header, typed=word, text=word) if word
                   else column._replace(header=header))
    return out


def _set(sheet: Worksheet, row: int, column: int, value: Any, t: Labels) -> Any:
    """Write a typed value; text is always text (never a formula), dates lose their zone."""
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.number_format = t.excel_datetime_format
    elif isinstance(value, float):
        cell.number_format = NUMBER_FORMAT
    return cell


def _header(sheet: Worksheet, row: int, headers: Sequence[str], t: Labels) -> None:
    for column, header in enumerate(headers, start=1):
        cell = _set(sheet, row, column, header, t)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _data_sheet(sheet: Worksheet, report: CompletionReport, t: Labels) -> None:
    cols = columns(t)
    _header(sheet, 1, [c.header for c in cols], t)
    widths = [len(c.header) for c in cols]
    for row, record in enumerate(report.records, start=2):
        for column, col in enumerate(cols, start=1):
            value = col.typed(record)
            _set(sheet, row, column, value if value != "" else None, t)
            widths[column - 1] = max(widths[column - 1], len(col.text(record)))
        if record.load_error:
            for column in range(1, len(cols) + 1):
                sheet.cell(row=row, column=column).fill = WARNING_FILL
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 50)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(cols))
    sheet.auto_filter.ref = f"A1:{last}{max(len(report.records) + 1, 2)}"


def _summary_sheet(sheet: Worksheet, report: CompletionReport, t: Labels) -> None:
    summary = summarise(report)
    _set(sheet, 1, 1, t("title"), t).font = TITLE_FONT
    facts = [(t("meta_site"), f"{report.site_name} ({report.site_url})"),
             (t("meta_courses"),
              ", ".join(f"{c.shortname} – {c.fullname}" for c in report.courses)),
             (t("meta_generated"), report.generated_at),
             (t("meta_cohorts"), ", ".join(report.cohort_filter) or t("cohorts_all")),
             (t("meta_period"), _period(report, t))]
    row = 2
    for label, value in facts:
        _set(sheet, row, 1, label, t).font = Font(bold=True)
        _set(sheet, row, 2, value, t)
        row += 1
    if report.partial:
        cell = _set(sheet, row, 1, t("partial_sheet", count=len(report.failed),
                                     column=t("column_load_error"), sheet=t("learners")), t)
        cell.font, cell.fill = WARNING_FONT, WARNING_FILL
        row += 1
    sections = [(t("overall"), [summary.overall]), (t("by_course"), summary.by_course),
                (t("by_cohort"), summary.by_cohort), (t("by_institution"), summary.by_institution),
                (t("by_department"), summary.by_department)]
    for title, groups in sections:
        row += 1
        _set(sheet, row, 1, title, t).font = SECTION_FONT
        row += 1
        _header(sheet, row, [t(key) for key in SUMMARY_KEYS], t)
        for group in groups:
            row += 1
            _group_row(sheet, row, group, t)
    row += 2
    _set(sheet, row, 1, t("completions_per_month"), t).font = SECTION_FONT
    row += 1
    _header(sheet, row, (t("month"), t("completions")), t)
    for month, count in summary.completions_by_month:
        row += 1
        _set(sheet, row, 1, t.month(month), t)
        _set(sheet, row, 2, count, t)
    sheet.column_dimensions["A"].width = 46
    for column in range(2, len(SUMMARY_KEYS) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14


def _group_row(sheet: Worksheet, row: int, group: GroupSummary, t: Labels) -> None:
    values: list[Any] = [t.group(group.label), group.learners, group.completed,
                         group.in_progress, group.not_started, group.not_loaded,
                         group.suspended, group.completion_rate, group.average_score,
                         group.average_grade]
    for column, value in enumerate(values, start=1):
        cell = _set(sheet, row, column, value, t)
        if column == 8 and value is not None:
            cell.number_format = PERCENT_FORMAT


def _period(report: CompletionReport, t: Labels) -> str:
    if report.since is None and report.until is None:
        return t("period_all")
    return f"{t.period(report.since, report.until)} {t('period_rule')}"
