"""Whole-roster validation: every problem, with file, row and column, before anything is sent.

Header problems (a required column missing, a column Moodle's upload tool does not know) stop the
load at once because no row can be read correctly without them. Row problems are collected for
every row; the rows with errors are left out of the :class:`~lms_bridge.sync.roster.Roster` and
listed in its ``problems``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from lms_bridge.exceptions import InputError, Problem
from lms_bridge.sync import cells
from lms_bridge.sync.columns import (
    NUMBERED,
    PROFILE_PREFIX,
    REFUSED,
    REQUIRED,
    USER_FIELDS,
    classify,
    normalise_header,
)
from lms_bridge.sync.roster import DEFAULT_ROLE, Roster, RosterEnrolment, RosterUser
from lms_bridge.tabular.reader import RawRow, RawTable

Numbered = list[tuple[str, str, str]]
"""The header's ``courseN``/``roleN``/``cohortN``/... columns as (column, kind, N), in the order
they are read: by N, then by name."""


def validate_table(table: RawTable, tz: dt.tzinfo) -> Roster:
    header, warnings = _check_header(table)
    numbered = _numbered(header.values())
    problems: list[Problem] = []
    users: list[RosterUser] = []
    bad_rows: set[int] = set()
    skipped: set[str] = set()
    for raw in table.rows:
        row = {header.get(k, k): v for k, v in raw.cells.items()}
        row_problems = _row_problems(table.file, raw, row, header, numbered)
        user = None if row_problems else _build_user(table.file, raw.number, row, numbered, tz,
                                                     row_problems)
        if row_problems or user is None:
            problems.extend(row_problems)
            bad_rows.add(raw.number)
            if row.get("username"):
                skipped.add(row["username"].strip().lower())
            continue
        users.append(user)
    duplicate_problems = _duplicates(table.file, users)
    duplicate_rows = {p.line for p in duplicate_problems}
    problems.extend(duplicate_problems)
    for user in users:
        if user.row in duplicate_rows:
            skipped.add(user.username)
    users = [u for u in users if u.row not in duplicate_rows]
    problems.sort(key=lambda p: (p.line or 0, p.field or ""))
    return Roster(file=table.file, users=tuple(users), problems=tuple(problems),
                  warnings=tuple(warnings), skipped_usernames=frozenset(skipped),
                  encoding=table.encoding, delimiter=table.delimiter)


def _check_header(table: RawTable) -> tuple[dict[str, str], list[Problem]]:
    """Map the header's spelling to canonical names; refuse a header no row can be read with."""
    file = table.file
    mapping: dict[str, str] = {}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    seen: dict[str, str] = {}
    for original in table.header:
        if not original:
            continue
        name = normalise_header(original)
        if name in seen:
            errors.append(Problem(file, f"column '{original}' appears twice", 1, original))
            continue
        seen[name] = original
        mapping[original] = name
        kind = classify(name)
        if kind == "unknown":
            errors.append(Problem(file, f"unknown column '{original}'; use the column names of "
                                  "Moodle's 'Upload users' tool (see docs/sync.md)", 1, original))
        elif kind == "refused":
            errors.append(Problem(file, REFUSED[name], 1, original))
        elif kind == "ignored":
            warnings.append(Problem(file, "column is accepted but not synced", 1, original))
    for name in REQUIRED:
        if name not in seen:
            errors.append(Problem(file, f"required column '{name}' is missing", 1, name))
    for name in seen:
        match = NUMBERED.match(name)
        if match and match.group(1) in {"role", "enrolperiod", "enroltimestart", "enrolstatus"} \
                and f"course{match.group(2)}" not in seen:
            errors.append(Problem(file, f"column '{name}' has no matching 'course{match.group(2)}'",
                                  1, seen[name]))
    if errors:
        raise InputError(f"The roster {file} cannot be read", errors)
    return mapping, warnings


def _numbered(columns: Iterable[str]) -> Numbered:
    """Classified once per file, not once per row."""
    found = [(column, match.group(1), match.group(2)) for column in columns
             if (match := NUMBERED.match(column))]
    return sorted(found, key=lambda c: (int(c[2]), c[0]))


def _row_problems(file: str, raw: RawRow, row: dict[str, str], header: dict[str, str],
                  numbered: Numbered) -> list[Problem]:
    found: list[Problem] = []

    def add(column: str, message: str) -> None:
        found.append(Problem(file, message, raw.number, column))

    formula_columns = {header.get(f, f) for f in raw.formulas}
    for column in sorted(formula_columns):
        add(column, "is a spreadsheet formula; put the value itself in the cell "
            "(formulas are never evaluated)")
    for column, value in row.items():
        if column.startswith("#") and value:
            add(column, f"row has a value '{value}' beyond the last header column")
        elif column not in formula_columns and cells.looks_like_formula(value):
            add(column, f"'{value}' starts like a spreadsheet formula ({value[0]}); "
                "remove the leading character or the formula")
    flagged = {p.field for p in found}
    for column, check in (("username", cells.username_problem), ("email", cells.email_problem)):
        reason = check(row.get(column, ""))
        if reason and column not in flagged:
            add(column, reason)
    for column in ("firstname", "lastname"):
        if not row.get(column):
            add(column, "is empty; Moodle requires it")
    if row.get("suspended") and cells.parse_flag(row["suspended"]) is None \
            and "suspended" not in flagged:
        add("suspended", f"'{row['suspended']}' must be 0 (active) or 1 (suspended)")
    found.extend(p for p in _enrolment_problems(file, raw.number, row, numbered)
                 if p.field not in flagged)
    return found


def _enrolment_problems(file: str, number: int, row: dict[str, str],
                        numbered: Numbered) -> list[Problem]:
    found: list[Problem] = []
    for column, kind, index in numbered:
        value = row.get(column)
        if not value:
            continue
        has_course = bool(row.get(f"course{index}"))
        if kind in {"role", "enrolperiod", "enroltimestart", "enrolstatus"} and not has_course:
            found.append(Problem(file, f"has a value but course{index} is empty", number, column))
        elif kind == "enrolstatus" and cells.parse_flag(value) is None:
            found.append(Problem(file, f"'{value}' must be 0 (active) or 1 (suspended)",
                                 number, column))
        elif kind == "enrolperiod" and cells.parse_days(value) is None:
            found.append(Problem(file, f"'{value}' must be a whole number of days (1-36500)",
                                 number, column))
        elif kind == "enroltimestart" and cells.parse_timestart(value, dt.timezone.utc) is None:
            found.append(Problem(file, f"'{value}' is not a date; write 2026-09-01, "
                                 "2026-09-01 08:00 or 01.09.2026", number, column))
    return found


def _build_user(file: str, number: int, row: dict[str, str], numbered: Numbered,
                tz: dt.tzinfo, problems: list[Problem]) -> RosterUser:
    fields = {k: row[k] for k in USER_FIELDS if row.get(k)}
    profile = {k[len(PROFILE_PREFIX):]: v for k, v in row.items()
               if k.startswith(PROFILE_PREFIX) and v}
    cohorts: list[str] = []
    enrolments: list[RosterEnrolment] = []
    for column, kind, index in numbered:
        value = row.get(column)
        if not value:
            continue
        if kind == "cohort" and value not in cohorts:
            cohorts.append(value)
        elif kind == "course":
            enrolments.append(RosterEnrolment(
                course=value, column=column, role=row.get(f"role{index}") or DEFAULT_ROLE,
                timestart=cells.parse_timestart(row.get(f"enroltimestart{index}", ""), tz),
                period_days=cells.parse_days(row.get(f"enrolperiod{index}", "")),
                suspended=row.get(f"enrolstatus{index}") == "1",
            ))
    suspended = cells.parse_flag(row["suspended"]) if row.get("suspended") else None
    return RosterUser(row=number, username=row["username"], fields=fields, profile=profile,
                      password=row.get("password") or None, suspended=suspended,
                      cohorts=tuple(cohorts), enrolments=tuple(_one_per_course(
                          file, number, enrolments, problems)))


def _one_per_course(file: str, number: int, enrolments: list[RosterEnrolment],
                    problems: list[Problem]) -> list[RosterEnrolment]:
    by_course: dict[str, RosterEnrolment] = {}
    for enrolment in enrolments:
        earlier = by_course.get(enrolment.course)
        same = enrolment.model_copy(update={"column": earlier.column}) if earlier else None
        if earlier is not None and earlier != same:
            problems.append(Problem(file, f"course '{enrolment.course}' is also in "
                                    f"{earlier.column} with different settings", number,
                                    enrolment.column))
        by_course.setdefault(enrolment.course, enrolment)
    return list(by_course.values())


def _duplicates(file: str, users: list[RosterUser]) -> list[Problem]:
    """Two rows for one username or one email cannot both be right; both are reported."""
    found: list[Problem] = []
    for column, key in (("username", lambda u: u.username), ("email", lambda u: u.email.lower())):
        rows: dict[str, list[int]] = defaultdict(list)
        for user in users:
            rows[key(user)].append(user.row)
        for value, numbers in rows.items():
            if len(numbers) < 2:
                continue
            for number in numbers:
                others = ", ".join(str(n) for n in numbers if n != number)
                found.append(Problem(file, f"'{value}' is also on row(s) {others}", number, column))
    return found
