"""Typed rows of a completion report: one :class:`CompletionRecord` per learner and course.

Every renderer (CSV, XLSX, HTML, JSON) and every consumer of the library (certificates, the
monthly example) reads these records, so their meaning is fixed here:

* ``progress`` is derived once, in :func:`progress_of`, from what Moodle returned;
* a learner whose data failed to load has ``load_error`` set and ``progress == "not_loaded"``
  and is never counted as completed, whatever partial data was read before the failure.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

Progress = Literal["not_started", "in_progress", "completed", "not_loaded"]
EnrolmentStatus = Literal["active", "suspended"]
#: SCORM status of one activity (or of all SCORM activities of a course, combined)
ScormStatus = Literal["notattempted", "incomplete", "completed", "passed", "failed"]

PROGRESS_LABELS: dict[Progress, str] = {
    "not_started": "Not started", "in_progress": "In progress", "completed": "Completed",
    "not_loaded": "Not loaded (error)"}
SCORM_LABELS: dict[str, str] = {
    "notattempted": "Not attempted", "incomplete": "Incomplete", "completed": "Completed",
    "passed": "Passed", "failed": "Failed"}


class CourseInfo(BaseModel):
    """A course as the report saw it."""

    model_config = ConfigDict(frozen=True)

    id: int
    shortname: str
    fullname: str
    completion_enabled: bool
    #: ``False`` when Moodle answered ``nocriteriaset``; ``None`` if never asked
    has_criteria: bool | None = None
    scorm_names: tuple[str, ...] = ()


class ScormResult(BaseModel):
    """A learner's last attempt at one SCORM activity."""

    model_config = ConfigDict(frozen=True)

    cmid: int
    name: str = ""
    status: ScormStatus = "notattempted"
    score: float | None = None


class CompletionRecord(BaseModel):
    """One learner in one course. ``None`` means Moodle gave no value, not zero."""

    model_config = ConfigDict(frozen=True)

    course_id: int
    course_shortname: str
    course_name: str
    user_id: int
    username: str
    firstname: str = ""
    lastname: str = ""
    fullname: str = ""
    email: str = ""
    idnumber: str = ""
    institution: str = ""
    department: str = ""
    cohorts: tuple[str, ...] = ()
    enrolment_status: EnrolmentStatus = "active"
    last_access: datetime | None = None
    #: ``None`` when the course has no completion criteria (or completion is off)
    course_completed: bool | None = None
    completed_at: datetime | None = None
    activities_completed: int | None = None
    activities_total: int | None = None
    scorms: tuple[ScormResult, ...] = ()
    scorm_status: ScormStatus | None = None
    scorm_score: float | None = None
    final_grade: float | None = None
    final_grade_max: float | None = None
    progress: Progress = "not_started"
    load_error: str | None = None

    @property
    def is_completed(self) -> bool:
        return self.progress == "completed"


def combine_scorm_statuses(statuses: list[str]) -> ScormStatus:
    """One status from several SCOs or activities: the rule of Moodle's own SCORM report.

    Any failure is a failure; all passed is passed; passed/completed mixed is completed;
    anything started but not finished is incomplete.
    """
    unique = set(statuses)
    if not unique or unique == {"notattempted"}:
        return "notattempted"
    if "failed" in unique:
        return "failed"
    if unique == {"passed"}:
        return "passed"
    if unique <= {"passed", "completed"}:
        return "completed"
    return "incomplete"


def progress_of(*, course_completed: bool | None, activities_completed: int | None,
                activities_total: int | None, activities_started: bool,
                scorm_status: str | None, load_error: str | None) -> Progress:
    """The learner's state in the course (see ``docs/reports.md``, "Progress").

    * completed: Moodle's course completion says so; for a course without completion
      criteria, every tracked activity is complete, or (nothing tracked) the SCORM status
      is passed or completed;
    * not started: no activity complete or failed and no SCORM attempt;
    * in progress: anything in between (including a failed SCORM attempt).
    """
    if load_error:
        return "not_loaded"
    if course_completed is not None:
        done = course_completed
    elif activities_total:
        done = activities_completed == activities_total
    else:
        done = scorm_status in ("passed", "completed")
    if done:
        return "completed"
    attempted = scorm_status is not None and scorm_status != "notattempted"
    if activities_started or attempted:
        return "in_progress"
    return "not_started"


def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def course_completed_text(record: CompletionRecord) -> str:
    if record.load_error:
        return "unknown"
    if record.course_completed is None:
        return "no criteria"
    return "yes" if record.course_completed else "no"


Getter = Callable[[CompletionRecord], object]


class Column(NamedTuple):
    """One data column of the CSV and the XLSX "Learners" sheet.

    ``header`` is the CSV's English header (stable for scripts that read it); ``label`` is the
    catalogue key of the header people read in the XLSX (:mod:`.labels`). ``typed`` feeds XLSX
    cells; ``text`` feeds the CSV (and the XLSX column widths).
    """

    header: str
    label: str
    typed: Getter
    text: Callable[[CompletionRecord], str]


#: the data columns, in report order
COLUMNS: list[Column] = [
    Column("Course", "course", lambda r: r.course_shortname, lambda r: r.course_shortname),
    Column("Full name", "column_full_name", lambda r: r.fullname, lambda r: r.fullname),
    Column("Username", "column_username", lambda r: r.username, lambda r: r.username),
    Column("Email", "column_email", lambda r: r.email, lambda r: r.email),
    Column("ID number", "column_idnumber", lambda r: r.idnumber, lambda r: r.idnumber),
    Column("Institution", "institution", lambda r: r.institution, lambda r: r.institution),
    Column("Department", "column_department", lambda r: r.department, lambda r: r.department),
    Column("Cohorts", "cohorts", lambda r: "; ".join(r.cohorts),
           lambda r: "; ".join(r.cohorts)),
    Column("Enrolment", "column_enrolment", lambda r: r.enrolment_status,
           lambda r: r.enrolment_status),
    Column("Progress", "progress", lambda r: PROGRESS_LABELS[r.progress],
           lambda r: PROGRESS_LABELS[r.progress]),
    Column("Course completed", "column_course_completed", course_completed_text,
           course_completed_text),
    Column("Completed on", "completed_on", lambda r: r.completed_at,
           lambda r: _date(r.completed_at)),
    Column("Activities completed", "column_activities_completed",
           lambda r: r.activities_completed,
           lambda r: "" if r.activities_completed is None else str(r.activities_completed)),
    Column("Activities total", "column_activities_total", lambda r: r.activities_total,
           lambda r: "" if r.activities_total is None else str(r.activities_total)),
    Column("SCORM status", "column_scorm_status",
           lambda r: SCORM_LABELS.get(r.scorm_status or "", ""),
           lambda r: SCORM_LABELS.get(r.scorm_status or "", "")),
    Column("SCORM score", "column_scorm_score", lambda r: r.scorm_score,
           lambda r: _number(r.scorm_score)),
    Column("Final grade", "column_final_grade", lambda r: r.final_grade,
           lambda r: _number(r.final_grade)),
    Column("Last access", "column_last_access", lambda r: r.last_access,
           lambda r: _date(r.last_access)),
    Column("Load error", "column_load_error", lambda r: r.load_error or "",
           lambda r: r.load_error or ""),
]


class CompletionReport(BaseModel):
    """What :func:`~lms_bridge.reports.collect.collect_completions` returns."""

    generated_at: datetime
    #: the zone of every date and time in the report (an IANA name, or ``UTC``)
    timezone: str = "UTC"
    site_name: str = ""
    site_url: str = ""
    courses: list[CourseInfo] = Field(default_factory=list)
    cohort_filter: list[str] = Field(default_factory=list)
    since: datetime | None = None
    until: datetime | None = None
    used_plugin: bool = False
    records: list[CompletionRecord] = Field(default_factory=list)

    @property
    def failed(self) -> list[CompletionRecord]:
        return [r for r in self.records if r.load_error]

    @property
    def partial(self) -> bool:
        """True when at least one learner's data could not be loaded."""
        return any(r.load_error for r in self.records)

    def completed(self, course: int | str | None = None) -> list[CompletionRecord]:
        """Learners who completed ``course`` (id or short name; ``None``: every course)."""
        return [r for r in self.records if r.is_completed
                and (course is None or course in (r.course_id, r.course_shortname))]
