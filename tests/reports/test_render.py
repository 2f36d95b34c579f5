"""CSV, XLSX, JSON and HTML output of the realistic report."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lms_bridge.reports import CompletionReport
from lms_bridge.reports.output import ReportWriteError, render, write_report
from lms_bridge.reports.records import COLUMNS
from lms_bridge.reports.render_csv import safe_cell
from tests.reports.expected import expected_rows


def _csv(report: CompletionReport) -> list[dict[str, str]]:
    text = render(report, "csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_columns_and_values(report: CompletionReport) -> None:
    rows = {(r["Course"], r["Username"]): r for r in _csv(report)}
    assert len(rows) == 230
    for want in expected_rows():
        row = rows[(want["course_shortname"], want["username"])]
        assert row["Email"] == want["email"]
        assert row["Cohorts"] == "; ".join(want["cohorts"])
        assert row["Activities completed"] == str(want["activities_completed"])
        assert row["Activities total"] == str(want["activities_total"])
        completed = {True: "yes", False: "no", None: "no criteria"}[want["course_completed"]]
        assert row["Course completed"] == completed
        when = want["completed_at"]
        assert row["Completed on"] == (when.strftime("%Y-%m-%d %H:%M") if when else "")
        score = want["scorm_score"]
        assert (float(row["SCORM score"]) if row["SCORM score"] else None) == score


def test_csv_cannot_inject_formulas(report: CompletionReport) -> None:
    text = render(report, "csv").decode("utf-8-sig")
    for cell in ("'=HYPERLINK(", "'@Bashkia Vlorë", "'-Besa"):
        assert cell in text
    for row in csv.reader(io.StringIO(text)):
        assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in row)
    assert [safe_cell(v) for v in ("=1+2", "+1", "-1", "@x", "\tx", "\rx", "ok", "")] == \
        ["'=1+2", "'+1", "'-1", "'@x", "'\tx", "'\rx", "ok", ""]


def test_xlsx_sheets_types_and_layout(report: CompletionReport) -> None:
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert book.sheetnames == ["Learners", "Summary"]
    data = book["Learners"]
    headers = [c.value for c in data[1]]
    assert headers == [c.header for c in COLUMNS]
    assert data.freeze_panes == "A2"
    assert data.auto_filter.ref == f"A1:{data.cell(1, len(COLUMNS)).column_letter}231"
    assert data.cell(1, 1).font.bold
    column = {h: i + 1 for i, h in enumerate(headers)}
    by_user = {(data.cell(r, 1).value, data.cell(r, column["Username"]).value): r
               for r in range(2, data.max_row + 1)}
    for want in expected_rows():
        row = by_user[(want["course_shortname"], want["username"])]
        completed_on = data.cell(row, column["Completed on"]).value
        assert completed_on == (want["completed_at"].replace(tzinfo=None)
                                if want["completed_at"] else None)
        score = data.cell(row, column["SCORM score"]).value
        assert score == want["scorm_score"]
        assert data.cell(row, column["Activities total"]).value == want["activities_total"]
    assert any(isinstance(data.cell(r, column["Completed on"]).value, datetime)
               for r in range(2, 50))
    formula = [c for row in data.iter_rows() for c in row
               if isinstance(c.value, str) and c.value.startswith("=")]
    assert formula and all(c.data_type == "s" for c in formula)
    summary = book["Summary"]
    labels = [summary.cell(r, 1).value for r in range(1, summary.max_row + 1)]
    for section in ("Overall", "By course", "By cohort", "By institution",
                    "By institution and department", "Completions per month"):
        assert section in labels
    rate_row = labels.index("ADM-101") + 1
    rate = summary.cell(rate_row, 8)
    adm = [r for r in expected_rows() if r["course_shortname"] == "ADM-101"]
    assert rate.value == sum(r["progress"] == "completed" for r in adm) / len(adm)
    assert rate.number_format == "0.0%"


def test_json_has_records_summary_and_partial_flag(report: CompletionReport) -> None:
    data = json.loads(render(report, "json"))
    assert data["partial"] is False and data["failed_learners"] == 0
    assert len(data["records"]) == 230
    first = data["records"][0]
    assert set(first) >= {"username", "course_completed", "completed_at", "scorm_status",
                          "final_grade", "progress", "load_error", "cohorts"}
    assert data["summary"]["overall"]["learners"] == 230
    assert "Община София" in json.dumps(data, ensure_ascii=False)


def test_html_is_self_contained_and_accessible(report: CompletionReport) -> None:
    page = render(report, "html").decode("utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert "<script" not in page.lower() and "@import" not in page
    assert page.count("<svg") == 3
    assert page.count("<title id=\"chart") == 3 and page.count("<desc id=\"chart") == 3
    assert '<th scope="col">' in page and "@media print" in page
    assert "&lt;" not in page.split("<body>")[0]
    assert "=HYPERLINK(&#34;http://evil.example/&#34;" in page  # escaped, never a link


def test_partial_report_is_marked_in_every_format(report: CompletionReport) -> None:
    record = report.records[0]
    broken = report.model_copy(update={"records": [record.model_copy(update={
        "load_error": "core_completion_get_activities_completion_status: boom",
        "progress": "not_loaded"}), *report.records[1:]]})
    assert "Partial report" in render(broken, "html").decode("utf-8")
    assert json.loads(render(broken, "json"))["partial"] is True
    assert "Not loaded (error)" in render(broken, "csv").decode("utf-8-sig")
    summary = load_workbook(io.BytesIO(render(broken, "xlsx")))["Summary"]
    assert any(str(c.value).startswith("PARTIAL REPORT") for c in summary["A"])


def test_write_report_follows_the_umask(report: CompletionReport, tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    old = os.umask(0o077)
    try:
        write_report(report, target, "csv")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == render(report, "csv")


def test_failed_write_leaves_no_temporary_file(report: CompletionReport, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    with pytest.raises(ReportWriteError, match="cannot write"):
        write_report(report, target, "csv")
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]
