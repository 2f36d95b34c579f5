"""Aggregates of a completion report: by course, cohort, institution and department.

The unit is a *record* (one learner in one course): a learner in two courses counts in each,
and a learner in two cohorts counts in both cohorts. Definitions (also in ``docs/reports.md``):

* ``completion_rate`` = completed / (records - not loaded); ``None`` when nothing loaded.
  Learners whose data failed to load are left out of the rate rather than counted as not
  completed, and are counted in ``not_loaded`` so a partial report says so.
* ``average_score`` = mean SCORM score of the records that have one (not-attempted learners
  have none and do not pull the mean down); ``average_grade`` likewise for the final grade.
* ``not_started`` / ``in_progress`` / ``completed`` follow ``CompletionRecord.progress``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from statistics import fmean

from pydantic import BaseModel

from lms_bridge.reports.records import CompletionRecord, CompletionReport

NO_COHORT = "(no cohort)"
NO_INSTITUTION = "(no institution)"
NO_DEPARTMENT = "(no department)"
ALL_LEARNERS = "All learners"
#: stages of the funnel, in order (English codes in JSON; the HTML translates them)
FUNNEL_STAGES = ("Enrolled", "Started", "Completed")


class GroupSummary(BaseModel):
    label: str
    learners: int
    completed: int
    in_progress: int
    not_started: int
    not_loaded: int
    suspended: int
    completion_rate: float | None
    average_score: float | None
    average_grade: float | None


class ReportSummary(BaseModel):
    overall: GroupSummary
    by_course: list[GroupSummary]
    by_cohort: list[GroupSummary]
    by_institution: list[GroupSummary]
    by_department: list[GroupSummary]
    #: ("YYYY-MM", completions that month), every month from the first to the last completion
    completions_by_month: list[tuple[str, int]]
    #: ("Enrolled" | "Started" | "Completed", learners), loaded records only
    funnel: list[tuple[str, int]]


def summarise_group(label: str, records: Sequence[CompletionRecord]) -> GroupSummary:
    counts = {state: sum(1 for r in records if r.progress == state)
              for state in ("completed", "in_progress", "not_started", "not_loaded")}
    loaded = len(records) - counts["not_loaded"]
    scores = [r.scorm_score for r in records if r.scorm_score is not None and not r.load_error]
    grades = [r.final_grade for r in records if r.final_grade is not None and not r.load_error]
    return GroupSummary(
        label=label, learners=len(records), **counts,
        suspended=sum(1 for r in records if r.enrolment_status == "suspended"),
        completion_rate=counts["completed"] / loaded if loaded else None,
        average_score=fmean(scores) if scores else None,
        average_grade=fmean(grades) if grades else None)


def group_by(records: Iterable[CompletionRecord],
             keys: Callable[[CompletionRecord], Iterable[str]],
             order: Sequence[str] | None = None) -> list[GroupSummary]:
    """One summary per key; a record with several keys (cohorts) is in each group."""
    groups: dict[str, list[CompletionRecord]] = {}
    for record in records:
        for key in keys(record):
            groups.setdefault(key, []).append(record)
    labels = list(order) if order is not None else sorted(groups, key=_sort_key)
    return [summarise_group(label, groups[label]) for label in labels if label in groups]


def summarise(report: CompletionReport) -> ReportSummary:
    records = report.records
    loaded = [r for r in records if not r.load_error]
    started = sum(1 for r in loaded if r.progress in ("in_progress", "completed"))
    return ReportSummary(
        overall=summarise_group(ALL_LEARNERS, records),
        by_course=group_by(records, lambda r: [r.course_shortname],
                           order=[c.shortname for c in report.courses]),
        by_cohort=group_by(records, lambda r: list(r.cohorts) or [NO_COHORT]),
        by_institution=group_by(records, lambda r: [r.institution or NO_INSTITUTION]),
        by_department=group_by(records, lambda r: [
            f"{r.institution or NO_INSTITUTION} / {r.department or NO_DEPARTMENT}"]),
        completions_by_month=completions_by_month(records),
        funnel=list(zip(FUNNEL_STAGES, (len(loaded), started,
                                        sum(1 for r in loaded if r.is_completed)), strict=True)))


def completions_by_month(records: Iterable[CompletionRecord]) -> list[tuple[str, int]]:
    months: dict[tuple[int, int], int] = {}
    for record in records:
        if record.is_completed and record.completed_at is not None:
            key = (record.completed_at.year, record.completed_at.month)
            months[key] = months.get(key, 0) + 1
    if not months:
        return []
    (year, month), last = min(months), max(months)
    out = []
    while (year, month) <= last:
        out.append((f"{year:04d}-{month:02d}", months.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _sort_key(label: str) -> tuple[int, str]:
    """Real names first, alphabetically; the "(no ...)" groups last."""
    return (1 if label.startswith("(") else 0, label.casefold())
