"""Collect completion data for whole courses in as few Moodle round trips as Moodle allows.

Per course, whatever the number of learners: one paged ``core_enrol_get_enrolled_users``
(every user field the report needs), one paged call for the suspended enrolments (Moodle does
not return an enrolment's status otherwise), one ``gradereport_user_get_grade_items`` with
``userid=0`` (every learner's grades). Cohort membership comes from the cohort member calls, a
few ids per call. Core Moodle has no bulk completion export, so each learner then costs one
activity-completion call, one course-completion call and one SCORM tracks call per SCO; these
run on a bounded thread pool sharing the client: the transport only posts through its
``requests.Session`` (no per-request session state; Moodle's web services set no cookies),
and urllib3's connection pool is thread-safe. Where the site has the companion plugin, its
paged export replaces all per-learner calls.

A learner whose calls fail keeps a ``load_error`` and the progress ``not_loaded``: the rest of
the report is still produced, and the caller decides how loudly to fail (the CLI exits 1).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone, tzinfo

from pydantic import ValidationError
from requests.adapters import DEFAULT_POOLSIZE, HTTPAdapter

from lms_bridge.exceptions import InputError, Problem
from lms_bridge.moodle.client import MoodleClient
from lms_bridge.moodle.cohorts import Cohort
from lms_bridge.moodle.courses import Course
from lms_bridge.moodle.errors import MoodleError
from lms_bridge.moodle.lmsbridge_plugin import GET_COURSE_COMPLETIONS, LmsBridgePlugin
from lms_bridge.moodle.scorm import ScormActivity
from lms_bridge.reports.learner_data import (
    LearnerData,
    from_plugin,
    learner_from_core,
    probe_criteria,
)
from lms_bridge.reports.records import (
    CompletionRecord,
    CompletionReport,
    CourseInfo,
    combine_scorm_statuses,
    progress_of,
)

log = logging.getLogger("lms_bridge.reports")

#: called after each learner (or plugin page) with (done, total)
ProgressCallback = Callable[[int, int], None]
LEARNER_ROLE = "student"
USER_FIELDS = ("id", "username", "firstname", "lastname", "fullname", "email", "idnumber",
               "institution", "department", "lastaccess", "lastcourseaccess", "roles")
COHORT_IDS_PER_CALL = 200
MAX_CONCURRENCY = 32


@dataclass
class Learner:
    """An enrolled learner with the profile fields the report shows."""

    id: int
    username: str
    firstname: str
    lastname: str
    fullname: str
    email: str
    idnumber: str
    institution: str
    department: str
    last_access: int
    suspended: bool
    cohorts: tuple[str, ...] = ()


@dataclass
class CourseContext:
    """One course and what is shared by all its learners."""

    course: Course
    scorms: list[ScormActivity]
    #: scorm id -> launchable SCO ids
    scoes: dict[int, list[int]]
    learners: list[Learner] = field(default_factory=list)
    grades: dict[int, tuple[float | None, float | None]] = field(default_factory=dict)
    has_criteria: bool | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def completion_enabled(self) -> bool:
        return bool(self.course.enablecompletion)


def collect_completions(client: MoodleClient, courses: Sequence[int | str | Course], *,
                        cohorts: Sequence[str] | None = None,
                        since: date | datetime | None = None,
                        until: date | datetime | None = None, concurrency: int = 8,
                        progress: ProgressCallback | None = None,
                        use_plugin: bool | None = None,
                        tz: tzinfo = timezone.utc) -> CompletionReport:
    """One record per learner (users with the *student* role) and course.

    ``courses`` are ids, short names, or courses the caller already looked up (not read
    again). ``cohorts`` (names or ID numbers) keep only members of
    any of them. ``since``/``until`` keep learners who completed the course in
    ``[since, until)`` or, if not completed, last accessed the course in it; learners whose
    data failed to load are always kept. ``use_plugin`` ``None`` uses the companion plugin
    when the token can call it. Raises :class:`InputError` for unknown courses or cohorts
    before any per-learner call.

    ``tz`` is the zone of the report's days and times: a ``since`` day starts at midnight
    there, and completion times (so also the per-month counts) are given in it. A coordinator
    in Tirana wants a completion at 00:30 on 1 October counted in October, not in September.
    """
    if not courses:
        raise InputError("Name at least one course (id or short name).")
    site = client.site_info()
    site.require("reports")
    found = _resolve_courses(client, courses)
    all_cohorts = client.cohorts.get()
    wanted = _resolve_cohorts(all_cohorts, cohorts or [])
    membership = _cohort_membership(client, all_cohorts)
    start, end = _as_datetime(since, tz), _as_datetime(until, tz)
    plugin = LmsBridgePlugin(client)
    if use_plugin is None:
        use_plugin = plugin.available(GET_COURSE_COMPLETIONS)
    contexts = _course_contexts(client, found)
    for ctx in contexts:
        _load_learners(client, ctx, membership, wanted)
    total = sum(len(ctx.learners) for ctx in contexts)
    counter = _Counter(total, progress)
    records: list[CompletionRecord] = []
    plugin_used = False
    for ctx in contexts:
        data = _plugin_data(client, plugin, ctx, counter) if use_plugin else None
        plugin_used = plugin_used or data is not None
        if data is None:
            data = _core_data(client, ctx, concurrency, counter)
        records.extend(_record(ctx, learner, data[learner.id], tz) for learner in ctx.learners)
    order = {ctx.course.id: index for index, ctx in enumerate(contexts)}
    kept = sorted((r for r in records if _in_window(r, start, end)),
                  key=lambda r: (order[r.course_id], r.lastname.casefold(),
                                 r.firstname.casefold(), r.user_id))
    return CompletionReport(
        generated_at=datetime.now(tz), timezone=_zone_name(tz), site_name=site.sitename,
        site_url=client.config.url, cohort_filter=list(cohorts or []), since=start, until=end,
        used_plugin=plugin_used, records=kept,
        courses=[CourseInfo(id=c.course.id, shortname=c.course.shortname,
                            fullname=c.course.fullname, completion_enabled=c.completion_enabled,
                            has_criteria=c.has_criteria,
                            scorm_names=tuple(s.name for s in c.scorms)) for c in contexts])


class _Counter:
    def __init__(self, total: int, callback: ProgressCallback | None) -> None:
        self.total, self.done, self._callback = total, 0, callback
        self._lock = threading.Lock()

    def add(self, count: int = 1) -> None:
        with self._lock:
            self.done += count
            done = self.done
        if self._callback is not None:
            self._callback(done, self.total)


def find_course(client: MoodleClient, ref: str) -> Course | None:
    """The course whose id (a number) or short name ``ref`` is. A number that is no course's
    id is tried as a short name too: a course may well be called ``2026``."""
    text = ref.strip()
    course = client.courses.get(int(text)) if text.isdigit() else None
    return course or client.courses.by_shortname(text)


def _resolve_courses(client: MoodleClient, refs: Sequence[int | str | Course]) -> list[Course]:
    found: list[Course] = []
    problems: list[Problem] = []
    asked: set[str] = set()
    for ref in refs:
        if isinstance(ref, Course):
            course: Course | None = ref
        else:
            text = str(ref).strip()
            if text in asked:
                continue
            asked.add(text)
            course = find_course(client, text)
        if course is None:
            kind = "id or short name" if text.isdigit() else "short name"
            problems.append(Problem("--course", f"no course with {kind} {text!r}"))
        elif course.id not in {c.id for c in found}:
            found.append(course)
    if problems:
        raise InputError("Unknown course(s)", problems)
    return found


def _resolve_cohorts(all_cohorts: list[Cohort], refs: Sequence[str]) -> set[int]:
    wanted: set[int] = set()
    problems: list[Problem] = []
    for ref in refs:
        key = ref.strip().casefold()
        matches = {c.id for c in all_cohorts
                   if key in (c.name.strip().casefold(), c.idnumber.strip().casefold())}
        if not matches:
            problems.append(Problem("--cohort", f"no cohort with name or ID number {ref!r}"))
        wanted |= matches
    if problems:
        raise InputError("Unknown cohort(s)", problems)
    return wanted


def _cohort_membership(client: MoodleClient,
                       all_cohorts: list[Cohort]) -> dict[int, list[Cohort]]:
    """user id -> cohorts, from ``core_cohort_get_cohort_members`` (a few cohorts per call)."""
    by_id = {c.id: c for c in all_cohorts}
    ids = sorted(by_id)
    membership: dict[int, list[Cohort]] = {}
    for start in range(0, len(ids), COHORT_IDS_PER_CALL):
        members = client.cohorts.members(ids[start:start + COHORT_IDS_PER_CALL])
        for cohort_id, user_ids in members.items():
            for user_id in user_ids:
                membership.setdefault(user_id, []).append(by_id[cohort_id])
    return membership


def _course_contexts(client: MoodleClient, courses: list[Course]) -> list[CourseContext]:
    scorms = client.scorm.by_courses([c.id for c in courses])
    scoes = {s.id: [sco.id for sco in client.scorm.scoes(s.id) if sco.launch] for s in scorms}
    return [CourseContext(course=c, scorms=sorted((s for s in scorms if s.course == c.id),
                                                  key=lambda s: s.coursemodule),
                          scoes=scoes) for c in courses]


def _load_learners(client: MoodleClient, ctx: CourseContext,
                   membership: dict[int, list[Cohort]], wanted: set[int]) -> None:
    course_id = ctx.course.id
    suspended = {u.id for u in client.enrolments.iter_enrolled_users(
        course_id, userfields=["id"], onlysuspended=True)}
    learners = []
    for user in client.enrolments.iter_enrolled_users(course_id, userfields=USER_FIELDS):
        if not any(r.shortname == LEARNER_ROLE for r in user.roles):
            continue
        cohorts = membership.get(user.id, [])
        if wanted and not any(c.id in wanted for c in cohorts):
            continue
        learners.append(Learner(
            id=user.id, username=user.username or "", firstname=user.firstname or "",
            lastname=user.lastname or "", fullname=user.fullname or "",
            email=user.email or "", idnumber=user.idnumber or "",
            institution=user.institution or "", department=user.department or "",
            last_access=user.lastcourseaccess or user.lastaccess or 0,
            suspended=user.id in suspended,
            cohorts=tuple(sorted(c.name for c in cohorts))))
    ctx.learners = learners
    for grades in client.grades.grade_items(course_id, 0):
        total = grades.course_total
        ctx.grades[grades.userid] = ((total.graderaw, total.grademax) if total
                                     else (None, None))


def _core_data(client: MoodleClient, ctx: CourseContext, concurrency: int,
               counter: _Counter) -> dict[int, LearnerData]:
    def one(learner: Learner) -> tuple[int, LearnerData]:
        data = learner_from_core(client, ctx, learner.id)
        counter.add()
        return learner.id, data

    workers = max(1, min(concurrency, MAX_CONCURRENCY))
    if workers == 1:
        return dict(one(learner) for learner in ctx.learners)
    _widen_pool(client, workers)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lms-bridge-report") as pool:
        return dict(pool.map(one, ctx.learners))


def _widen_pool(client: MoodleClient, workers: int) -> None:
    """Keep one pooled connection per worker: requests' default pool holds 10, and a fuller
    pool would close and reopen connections (and log a warning) on every call beyond that."""
    if workers > DEFAULT_POOLSIZE:
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=workers)
        client.transport.session.mount(client.config.url.rstrip("/") + "/", adapter)


def _plugin_data(client: MoodleClient, plugin: LmsBridgePlugin, ctx: CourseContext,
                 counter: _Counter) -> dict[int, LearnerData] | None:
    """The plugin's export for the course, or ``None`` to fall back to per-learner calls."""
    names = {s.coursemodule: s.name for s in ctx.scorms}
    wanted = {learner.id for learner in ctx.learners}
    data: dict[int, LearnerData] = {}
    try:
        if ctx.completion_enabled and ctx.learners:
            ctx.has_criteria = probe_criteria(client, ctx.course.id, ctx.learners[0].id)
        for row in plugin.course_completions(ctx.course.id, perpage=200):
            if row.id in wanted:
                data[row.id] = from_plugin(row, names, ctx)
                counter.add()
    except (MoodleError, ValidationError) as exc:
        log.warning("the plugin's completion export failed for course %s (%s); "
                    "reading learner by learner", ctx.course.shortname, exc)
        counter.add(-len(data))
        return None
    for learner in ctx.learners:
        if learner.id not in data:
            data[learner.id] = LearnerData(error="missing from the plugin's completion export")
            counter.add()
    return data


def _record(ctx: CourseContext, learner: Learner, data: LearnerData,
            tz: tzinfo) -> CompletionRecord:
    grade, grade_max = ctx.grades.get(learner.id, (None, None))
    scorm_status = (combine_scorm_statuses([s.status for s in data.scorms])
                    if ctx.scorms and not data.error else None)
    scores = [s.score for s in data.scorms if s.score is not None]
    course_completed = data.course_completed if ctx.has_criteria is not False else None
    return CompletionRecord(
        course_id=ctx.course.id, course_shortname=ctx.course.shortname,
        course_name=ctx.course.fullname, user_id=learner.id, username=learner.username,
        firstname=learner.firstname, lastname=learner.lastname, fullname=learner.fullname,
        email=learner.email, idnumber=learner.idnumber, institution=learner.institution,
        department=learner.department, cohorts=learner.cohorts,
        enrolment_status="suspended" if learner.suspended else "active",
        last_access=_timestamp(learner.last_access, tz),
        course_completed=None if data.error else course_completed,
        completed_at=None if data.error else _timestamp(data.completed_at, tz),
        activities_completed=data.activities_completed,
        activities_total=data.activities_total, scorms=tuple(data.scorms),
        scorm_status=scorm_status,
        scorm_score=sum(scores) / len(scores) if scores and not data.error else None,
        final_grade=grade, final_grade_max=grade_max,
        progress=progress_of(course_completed=course_completed,
                             activities_completed=data.activities_completed,
                             activities_total=data.activities_total,
                             activities_started=data.activities_started,
                             scorm_status=scorm_status, load_error=data.error),
        load_error=data.error)


def _timestamp(value: int | None, tz: tzinfo) -> datetime | None:
    return datetime.fromtimestamp(value, tz) if value else None


def _as_datetime(value: date | datetime | None, tz: tzinfo) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    return datetime.combine(value, time.min, tzinfo=tz)


def _zone_name(tz: tzinfo) -> str:
    """``Europe/Tirane`` for a zoneinfo zone, ``UTC`` for UTC."""
    return str(getattr(tz, "key", None) or tz.tzname(None) or "UTC")


def _in_window(record: CompletionRecord, start: datetime | None, end: datetime | None) -> bool:
    if record.load_error or (start is None and end is None):
        return True
    when = record.completed_at if record.is_completed else record.last_access
    if when is None:
        return False
    return (start is None or when >= start) and (end is None or when < end)

