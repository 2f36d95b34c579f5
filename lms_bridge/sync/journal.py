"""The local journal: what a sync sent, so a re-run after a crash converges without surprises.

Moodle's core web services cannot read back an enrolment's dates or tell a suspended enrolment
from one outside its dates (``core_enrol_get_enrolled_users`` returns neither), so the journal
remembers the enrolment state last sent for each (course, user): written as ``pending`` before the
call and ``done`` after it. A ``pending`` row after a crash means "unknown, send again", which is
safe because enrolling is idempotent when the full state is sent. The journal also remembers which
accounts the sync itself suspended (``--suspend-missing``), so those alone are re-activated when
they reappear in a roster, and it records every run.

Everything else is re-read from the site on each run: the journal is never trusted over Moodle.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS enrolments (
    site TEXT NOT NULL, courseid INTEGER NOT NULL, userid INTEGER NOT NULL,
    roleid INTEGER NOT NULL, timestart INTEGER NOT NULL, timeend INTEGER NOT NULL,
    suspended INTEGER NOT NULL, state TEXT NOT NULL, updated REAL NOT NULL,
    PRIMARY KEY (site, courseid, userid)
);
CREATE TABLE IF NOT EXISTS suspended_users (
    site TEXT NOT NULL, userid INTEGER NOT NULL, updated REAL NOT NULL,
    PRIMARY KEY (site, userid)
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, site TEXT NOT NULL, roster TEXT NOT NULL,
    started REAL NOT NULL, finished REAL, status TEXT NOT NULL, summary TEXT
);
"""


@dataclass(frozen=True)
class EnrolmentRecord:
    roleid: int
    timestart: int
    timeend: int
    suspended: bool
    done: bool


class Journal:
    """A small SQLite file; every method commits, so a killed process loses at most one batch."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None)
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def enrolments(self, site: str) -> dict[tuple[int, int], EnrolmentRecord]:
        rows = self._db.execute(
            "SELECT courseid, userid, roleid, timestart, timeend, suspended, state "
            "FROM enrolments WHERE site = ?", (site,))
        return {(c, u): EnrolmentRecord(r, s, e, bool(sp), st == "done")
                for c, u, r, s, e, sp, st in rows}

    def mark_enrolments(self, site: str, items: Iterable[tuple[int, int, int, int, int, bool]],
                        *, done: bool) -> None:
        """Record (courseid, userid, roleid, timestart, timeend, suspended) as pending or done."""
        now = time.time()
        state = "done" if done else "pending"
        with self._transaction():
            self._db.executemany(
                "INSERT INTO enrolments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (site, courseid, userid) DO UPDATE SET roleid = excluded.roleid, "
                "timestart = excluded.timestart, timeend = excluded.timeend, "
                "suspended = excluded.suspended, state = excluded.state, "
                "updated = excluded.updated",
                [(site, c, u, r, s, e, int(sp), state, now) for c, u, r, s, e, sp in items])

    def forget_enrolments(self, site: str, items: Iterable[tuple[int, int]]) -> None:
        with self._transaction():
            self._db.executemany("DELETE FROM enrolments WHERE site = ? AND courseid = ? "
                                 "AND userid = ?", [(site, c, u) for c, u in items])

    def suspended_by_sync(self, site: str) -> set[int]:
        rows = self._db.execute("SELECT userid FROM suspended_users WHERE site = ?", (site,))
        return {u for (u,) in rows}

    def mark_suspended(self, site: str, userids: Iterable[int], *, suspended: bool) -> None:
        with self._transaction():
            if suspended:
                self._db.executemany("INSERT OR REPLACE INTO suspended_users VALUES (?, ?, ?)",
                                     [(site, u, time.time()) for u in userids])
            else:
                self._db.executemany("DELETE FROM suspended_users WHERE site = ? AND userid = ?",
                                     [(site, u) for u in userids])

    def start_run(self, site: str, roster: str) -> int:
        cursor = self._db.execute(
            "INSERT INTO runs (site, roster, started, status) VALUES (?, ?, ?, 'running')",
            (site, roster, time.time()))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        self._db.execute("UPDATE runs SET finished = ?, status = ?, summary = ? WHERE id = ?",
                         (time.time(), status, json.dumps(summary), run_id))

    def interrupted_run(self, site: str, roster: str) -> bool:
        """Whether the latest run of this roster on this site never finished (killed, crashed)."""
        row = self._db.execute(
            "SELECT status FROM runs WHERE site = ? AND roster = ? ORDER BY id DESC LIMIT 1",
            (site, roster)).fetchone()
        return row is not None and row[0] == "running"

    def _transaction(self) -> _Tx:
        return _Tx(self._db)


class _Tx:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
