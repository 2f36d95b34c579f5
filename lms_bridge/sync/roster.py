"""The typed roster: who should have an account, in which cohorts, enrolled in which courses.

:func:`load_roster` reads and validates a whole file before anything is sent anywhere; every row
keeps its spreadsheet row number so later problems (an unknown course found on the site, a row
Moodle refused) still point at the line the admin must fix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from lms_bridge.exceptions import Problem

DEFAULT_ROLE = "student"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RosterEnrolment(_Model):
    """A ``courseN`` cell with its ``roleN``, ``enrolperiodN``, ``enroltimestartN`` and
    ``enrolstatusN`` cells."""

    course: str
    column: str
    role: str = DEFAULT_ROLE
    timestart: int | None = None
    """Unix time; ``None`` means the roster does not say, so the site's value is kept."""
    period_days: int | None = None
    suspended: bool = False


class RosterUser(_Model):
    row: int
    username: str
    fields: dict[str, str]
    """Account fields with a non-empty cell (firstname, lastname, email, institution, ...)."""
    profile: dict[str, str] = Field(default_factory=dict)
    """``profile_field_<shortname>`` cells, keyed by shortname."""
    password: str | None = None
    suspended: bool | None = None
    cohorts: tuple[str, ...] = ()
    enrolments: tuple[RosterEnrolment, ...] = ()

    @property
    def email(self) -> str:
        return self.fields.get("email", "")


class Roster(_Model):
    file: str
    users: tuple[RosterUser, ...]
    problems: tuple[Problem, ...] = ()
    """Errors; rows named here are not in :attr:`users`."""
    warnings: tuple[Problem, ...] = ()
    skipped_usernames: frozenset[str] = frozenset()
    """Usernames of invalid rows: never removed from cohorts or courses because of their absence."""
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def cohorts(self) -> list[str]:
        return sorted({c for u in self.users for c in u.cohorts})

    @property
    def courses(self) -> list[str]:
        return sorted({e.course for u in self.users for e in u.enrolments})

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({p.line for p in self.problems if p.line is not None})


def load_roster(path: Path | str, *, encoding: str | None = None,
                timezone: dt.tzinfo | None = None, max_bytes: int | None = None) -> Roster:
    """Read and validate a roster.

    File-level problems (unreadable, empty, too large, missing columns) raise
    :class:`~lms_bridge.exceptions.InputError`. Row-level problems are returned in
    :attr:`Roster.problems` with the rows left out, so a caller can refuse (the default in the
    CLI) or go on with the valid rows (``--skip-invalid``).
    """
    from lms_bridge.sync.validate import validate_table
    from lms_bridge.tabular.reader import MAX_BYTES, read_table

    table = read_table(Path(path), encoding=encoding, max_bytes=max_bytes or MAX_BYTES)
    return validate_table(table, timezone or local_timezone())


def local_timezone() -> dt.tzinfo:
    """This computer's time zone: the one a roster's dates and periods mean by default."""
    return dt.datetime.now().astimezone().tzinfo or dt.timezone.utc
