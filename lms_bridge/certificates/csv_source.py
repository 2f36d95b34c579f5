"""Completions of face-to-face training, read from a coordinator's CSV or XLSX sheet.

The whole file is checked before anything is issued, and every bad row is reported with its
line and column, so a coordinator fixes the sheet once instead of once per error.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from lms_bridge.certificates.models import Completion
from lms_bridge.certificates.names import clean_name, name_problems
from lms_bridge.exceptions import InputError, Problem
from lms_bridge.tabular.reader import read_table

#: accepted header spellings (lower case, spaces/dashes as underscores) -> field
HEADERS = {
    "username": "username", "user": "username", "login": "username",
    "fullname": "fullname", "full_name": "fullname", "name": "fullname",
    "email": "email", "e_mail": "email",
    "completion_date": "completed_on", "completed_on": "completed_on", "completed": "completed_on",
    "date": "completed_on",
    "hours": "hours", "duration_hours": "hours",
}
#: the last two are how :mod:`lms_bridge.tabular.reader` writes an XLSX date-time cell
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
_USERNAME = re.compile(r"^[a-z0-9_.@+-]+$")


def _key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def parse_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def read_completions(path: Path, *, default_hours: float | None = None,
                     encoding: str | None = None) -> list[Completion]:
    """Every row of ``path`` as a :class:`Completion`; raises InputError listing all problems.

    The sheet is read by :func:`lms_bridge.tabular.reader.read_table`, as rosters are, so a
    cp1250/cp1251 export, a ``;``-separated file or an XLSX workbook works here too.
    """
    name = str(path)
    table = read_table(path, encoding=encoding)
    columns: dict[str, str] = {}
    problems: list[Problem] = []
    for raw in table.header:
        field = HEADERS.get(_key(raw))
        if field and field not in columns:
            columns[field] = raw
    for needed in ("username", "fullname", "completed_on"):
        if needed not in columns:
            problems.append(Problem(name, f"missing column (accepted: "
                                    f"{', '.join(k for k, v in HEADERS.items() if v == needed)})",
                                    line=1, field=needed))
    if problems:
        raise InputError(f"{name} cannot be read", problems)

    completions: list[Completion] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        line = row.number
        cell = {f: row.cells.get(header, "") for f, header in columns.items()}
        row_problems = _check_row(name, line, cell, seen, default_hours)
        problems.extend(row_problems)
        if cell["username"]:
            seen.setdefault(cell["username"], line)
        if row_problems:
            continue
        hours = float(cell["hours"].replace(",", ".")) if cell.get("hours") else default_hours
        completed = parse_date(cell["completed_on"])
        assert completed is not None
        completions.append(Completion(username=cell["username"], fullname=cell["fullname"],
                                      completed_on=completed, hours=hours,
                                      email=cell.get("email", "")))
    if problems:
        raise InputError(f"{name} has rows that cannot be certified; nothing was issued",
                         problems)
    if not completions:
        raise InputError(f"{name} has no learners")
    return completions


def _check_row(name: str, line: int, cell: dict[str, str], seen: dict[str, int],
               default_hours: float | None) -> list[Problem]:
    problems = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(name, message, line=line, field=field))

    username = cell["username"]
    if not username:
        bad("username", "empty")
    elif not _USERNAME.match(username):
        bad("username", f"{username!r}: use lower-case letters, digits and . _ - @ + only")
    elif username in seen:
        bad("username", f"{username!r} is also on line {seen[username]}")
    for message in name_problems(clean_name(cell["fullname"])):
        bad("fullname", message)
    if not cell["completed_on"]:
        bad("completed_on", "empty")
    else:
        parsed = parse_date(cell["completed_on"])
        if parsed is None:
            bad("completed_on", f"{cell['completed_on']!r} is not a date "
                "(use YYYY-MM-DD or DD.MM.YYYY)")
        elif parsed > date.today():
            bad("completed_on", f"{parsed.isoformat()} is in the future")
    hours = cell.get("hours", "")
    if hours:
        try:
            value = float(hours.replace(",", "."))
            if not 0 < value <= 10_000:
                bad("hours", f"{hours!r} is not a positive number of hours")
        except ValueError:
            bad("hours", f"{hours!r} is not a number")
    elif default_hours is None and "hours" in cell:
        bad("hours", "empty (fill it in, or pass --hours for every row)")
    email = cell.get("email", "")
    if email and "@" not in email:
        bad("email", f"{email!r} is not an email address")
    return problems
