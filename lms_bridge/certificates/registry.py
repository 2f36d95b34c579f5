"""The local register of issued and revoked certificates (SQLite).

One learner gets one certificate per course: a unique index on ``(course_id, username)`` for
certificates lms-bridge issues makes re-running ``issue`` reuse the code instead of minting a
second one. Certificates pulled from mod_customcert are kept apart (their Moodle code is
unique) so a learner may hold both. Revocation is a row of its own, never a deletion, so the
register keeps its history.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from lms_bridge.certificates.models import Certificate
from lms_bridge.exceptions import LmsBridgeError

REGISTRY_ENV = "LMS_BRIDGE_CERT_REGISTRY"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS certificates (
    code TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    fullname TEXT NOT NULL,
    course_id TEXT NOT NULL,
    course_title TEXT NOT NULL,
    lang TEXT NOT NULL,
    hours REAL,
    completed_on TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('moodle', 'csv', 'customcert')),
    external_code TEXT UNIQUE,
    pdf_path TEXT,
    pdf_sha256 TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS one_per_learner_and_course
    ON certificates (course_id, username) WHERE source != 'customcert';
CREATE TABLE IF NOT EXISTS revocations (
    code TEXT PRIMARY KEY REFERENCES certificates (code),
    reason TEXT NOT NULL,
    revoked_at TEXT NOT NULL
);
"""

_SELECT = """SELECT c.*, r.revoked_at, r.reason AS revocation_reason
             FROM certificates c LEFT JOIN revocations r ON r.code = c.code"""


class RegistryError(LmsBridgeError):
    """The register cannot be opened, or a change to it is not allowed."""


def default_registry_path() -> Path:
    from_env = os.environ.get(REGISTRY_ENV)
    if from_env:
        return Path(from_env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "lms-bridge" / "certificates.sqlite"


def now_utc() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Registry:
    """Use as a context manager; every method commits its own change."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        if not path.exists() and not create:
            raise RegistryError(f"no certificate register at {path} (issue certificates first, "
                                "or pass --registry)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():  # learners' names: readable by the owner only
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            self._db = sqlite3.connect(path)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise RegistryError(f"cannot open the certificate register {path}: {exc}") from None

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def get(self, code: str) -> Certificate | None:
        row = self._db.execute(f"{_SELECT} WHERE c.code = ?", (code,)).fetchone()
        return _certificate(row) if row else None

    def find(self, course_id: str, username: str) -> Certificate | None:
        row = self._db.execute(
            f"{_SELECT} WHERE c.course_id = ? AND c.username = ? AND c.source != 'customcert'",
            (course_id, username)).fetchone()
        return _certificate(row) if row else None

    def find_external(self, external_code: str) -> Certificate | None:
        row = self._db.execute(f"{_SELECT} WHERE c.external_code = ?",
                               (external_code,)).fetchone()
        return _certificate(row) if row else None

    def code_exists(self, code: str) -> bool:
        return self._db.execute("SELECT 1 FROM certificates WHERE code = ?",
                                (code,)).fetchone() is not None

    def all(self) -> Iterator[Certificate]:
        for row in self._db.execute(f"{_SELECT} ORDER BY c.course_id, c.fullname, c.code"):
            yield _certificate(row)

    def add(self, cert: Certificate) -> None:
        try:
            with self._db:
                self._db.execute(
                    "INSERT INTO certificates (code, username, fullname, course_id, course_title,"
                    " lang, hours, completed_on, issued_at, source, external_code, pdf_path,"
                    " pdf_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (cert.code, cert.username, cert.fullname, cert.course_id, cert.course_title,
                     cert.lang, cert.hours, cert.completed_on.isoformat(), cert.issued_at,
                     cert.source, cert.external_code, cert.pdf_path, cert.pdf_sha256))
        except sqlite3.IntegrityError as exc:
            raise RegistryError(f"certificate {cert.code} for {cert.username} in course "
                                f"{cert.course_id} clashes with the register: {exc}") from None

    def set_pdf(self, code: str, pdf_path: str, sha256: str) -> None:
        with self._db:
            self._db.execute("UPDATE certificates SET pdf_path = ?, pdf_sha256 = ? WHERE code = ?",
                             (pdf_path, sha256, code))

    def revoke(self, code: str, reason: str) -> Certificate:
        cert = self.get(code)
        if cert is None:
            raise RegistryError(f"{code} is not in the register {self.path}")
        if cert.revoked:
            raise RegistryError(f"{code} was already revoked on {cert.revoked_at}: "
                                f"{cert.revocation_reason}")
        with self._db:
            self._db.execute("INSERT INTO revocations (code, reason, revoked_at) VALUES (?, ?, ?)",
                             (code, reason, now_utc()))
        revoked = self.get(code)
        assert revoked is not None
        return revoked


def _certificate(row: sqlite3.Row) -> Certificate:
    values: dict[str, Any] = dict(row)
    values["completed_on"] = date.fromisoformat(values["completed_on"])
    return Certificate(**values)
