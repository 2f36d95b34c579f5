"""Every aggregate against counts made by hand from the seed's expected rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from statistics import fmean
from typing import Any

import pytest

from lms_bridge.reports import CompletionReport
from lms_bridge.reports.aggregate import GroupSummary, summarise
from tests.reports.expected import expected_rows

Row = dict[str, Any]


def _groups(keys: Callable[[Row], Iterable[str]]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in expected_rows():
        for key in keys(row):
            out.setdefault(key, []).append(row)
    return out


def _check(summary: GroupSummary, rows: list[Row]) -> None:
    count = {p: sum(1 for r in rows if r["progress"] == p)
             for p in ("completed", "in_progress", "not_started")}
    scores = [r["scorm_score"] for r in rows if r["scorm_score"] is not None]
    grades = [r["final_grade"] for r in rows if r["final_grade"] is not None]
    assert (summary.learners, summary.completed, summary.in_progress, summary.not_started,
            summary.not_loaded) == (len(rows), count["completed"], count["in_progress"],
                                    count["not_started"], 0)
    assert summary.suspended == sum(1 for r in rows if r["enrolment_status"] == "suspended")
    assert summary.completion_rate == pytest.approx(count["completed"] / len(rows))
    assert summary.average_score == (pytest.approx(fmean(scores)) if scores else None)
    assert summary.average_grade == (pytest.approx(fmean(grades)) if grades else None)


def _check_all(found: list[GroupSummary], groups: dict[str, list[Row]]) -> None:
    assert sorted(g.label for g in found) == sorted(groups)
    for summary in found:
        _check(summary, groups[summary.label])


def test_overall_and_by_course(report: CompletionReport) -> None:
    summary = summarise(report)
    _check(summary.overall, expected_rows())
    assert [g.label for g in summary.by_course] == ["ADM-101", "BG-201"]
    _check_all(summary.by_course, _groups(lambda r: [r["course_shortname"]]))


def test_by_cohort_counts_a_learner_in_each_of_their_cohorts(report: CompletionReport) -> None:
    groups = _groups(lambda r: list(r["cohorts"]) or ["(no cohort)"])
    summary = summarise(report)
    _check_all(summary.by_cohort, groups)
    assert summary.by_cohort[-1].label == "(no cohort)"
    assert sum(g.learners for g in summary.by_cohort) > summary.overall.learners


def test_by_institution_and_department(report: CompletionReport) -> None:
    summary = summarise(report)
    _check_all(summary.by_institution,
               _groups(lambda r: [r["institution"] or "(no institution)"]))
    _check_all(summary.by_department, _groups(lambda r: [
        f"{r['institution'] or '(no institution)'} / {r['department'] or '(no department)'}"]))


def test_funnel_and_months(report: CompletionReport) -> None:
    rows = expected_rows()
    summary = summarise(report)
    started = sum(1 for r in rows if r["progress"] != "not_started")
    done = sum(1 for r in rows if r["progress"] == "completed")
    assert summary.funnel == [("Enrolled", len(rows)), ("Started", started), ("Completed", done)]
    months: dict[str, int] = {}
    for r in rows:
        if r["completed_at"] is not None:
            key = r["completed_at"].strftime("%Y-%m")
            months[key] = months.get(key, 0) + 1
    found = dict(summary.completions_by_month)
    assert {k: v for k, v in found.items() if v} == months
    assert list(found) == sorted(found) and len(found) >= 3


def test_not_loaded_learners_are_counted_apart(report: CompletionReport) -> None:
    broken = report.model_copy(update={"records": [
        r.model_copy(update={"load_error": "x", "progress": "not_loaded",
                             "course_completed": None, "scorm_score": None})
        if r.is_completed and r.course_shortname == "BG-201" else r for r in report.records]})
    group = next(g for g in summarise(broken).by_course if g.label == "BG-201")
    rows = [r for r in expected_rows() if r["course_shortname"] == "BG-201"]
    lost = sum(1 for r in rows if r["progress"] == "completed")
    assert (group.completed, group.not_loaded, group.learners) == (0, lost, len(rows))
    assert group.completion_rate == 0
