"""The local register of issued and revoked certificates (SQLite).

One learner holds one *current* certificate per course: a partial unique index on
``(course_id, username)`` over the certificates lms-bridge issues that have not been replaced
makes re-running ``issue`` reuse the code instead of minting a second one. A corrected
certificate (``reissue``) marks the one it corrects ``replaced_by`` its code, which frees the
slot; a certificate that is only revoked keeps it, so ``issue`` does not hand a withdrawn
certificate out again. Certificates pulled from mod_customcert are kept apart (their Moodle
code is unique) so a learner may hold both. Revocation is a row of its own, never a deletion,
so the register keeps its history.

The schema version is SQLite's ``user_version``. A register written before ``replaced_by``
existed (version 0) is migrated in one transaction when it is opened; one written by a newer
lms-bridge is refused rather than guessed at.
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
from lms_bridge.files import user_dir

REGISTRY_ENV = "LMS_BRIDGE_CERT_REGISTRY"

SCHEMA_VERSION = 1
_REPLACED_BY = "replaced_by TEXT REFERENCES certificates (code) DEFERRABLE INITIALLY DEFERRED"
_CURRENT_INDEX = """CREATE UNIQUE INDEX one_current_per_learner_and_course
    ON certificates (course_id, username) WHERE source != 'customcert' AND replaced_by IS NULL"""
_SCHEMA = (f"""
CREATE TABLE certificates (
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
    pdf_sha256 TEXT,
    {_REPLACED_BY}
)""", _CURRENT_INDEX, """
CREATE TABLE revocations (
    code TEXT PRIMARY KEY REFERENCES certificates (code),
    reason TEXT NOT NULL,
    revoked_at TEXT NOT NULL
)""")
# Version 0 had no replaced_by and one_per_learner_and_course counted replaced certificates.
# An older lms-bridge that opens a migrated register fails to re-create that index once a
# certificate has been reissued, so it refuses the file instead of writing to it.
_MIGRATE_FROM_0 = (f"ALTER TABLE certificates ADD COLUMN {_REPLACED_BY}",
                   "DROP INDEX IF EXISTS one_per_learner_and_course", _CURRENT_INDEX)
_INSERT = ("INSERT INTO certificates (code, username, fullname, course_id, course_title, lang,"
           " hours, completed_on, issued_at, source, external_code, pdf_path, pdf_sha256,"
           " replaced_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")

_SELECT = """SELECT c.*, r.revoked_at, r.reason AS revocation_reason
             FROM certificates c LEFT JOIN revocations r ON r.code = c.code"""


class RegistryError(LmsBridgeError):
    """The register cannot be opened, or a change to it is not allowed."""


def default_registry_path() -> Path:
    from_env = os.environ.get(REGISTRY_ENV)
    if from_env:
        return Path(from_env)
    return user_dir("data") / "certificates.sqlite"


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
        except (OSError, sqlite3.Error) as exc:
            raise RegistryError(f"cannot open the certificate register {path}: {exc}") from None
        try:
            self._upgrade()
        except RegistryError:
            self._db.close()
            raise
        except sqlite3.Error as exc:
            self._db.close()
            raise RegistryError(f"cannot open the certificate register {path}: {exc}") from None

    def _version(self) -> int:
        version: int = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RegistryError(f"the certificate register {self.path} was written by a newer "
                                f"lms-bridge (schema {version}); upgrade lms-bridge to use it")
        return version

    def _upgrade(self) -> None:
        """Create the tables in a new file, or migrate a version-0 register, atomically (and
        drop the version-0 index again if an older lms-bridge put it back).

        ``BEGIN IMMEDIATE`` takes the write lock before the version is read again, so two
        processes opening an old register at once migrate it once.
        """
        if self._version() == SCHEMA_VERSION and not self._has_old_index():
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            if self._version() < SCHEMA_VERSION:
                exists = self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                          "AND name = 'certificates'").fetchone()
                for statement in _MIGRATE_FROM_0 if exists else _SCHEMA:
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            else:  # an older lms-bridge opened the migrated file and re-created its index
                self._db.execute(_MIGRATE_FROM_0[1])
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _has_old_index(self) -> bool:
        return self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND "
                                "name = 'one_per_learner_and_course'").fetchone() is not None

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
            f"{_SELECT} WHERE c.course_id = ? AND c.username = ? AND c.source != 'customcert'"
            " AND c.replaced_by IS NULL", (course_id, username)).fetchone()
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
                self._insert(cert)
        except sqlite3.IntegrityError as exc:
            raise RegistryError(f"certificate {cert.code} for {cert.username} in course "
                                f"{cert.course_id} clashes with the register: {exc}") from None

    def _insert(self, cert: Certificate) -> None:
        self._db.execute(_INSERT, (
            cert.code, cert.username, cert.fullname, cert.course_id, cert.course_title,
            cert.lang, cert.hours, cert.completed_on.isoformat(), cert.issued_at, cert.source,
            cert.external_code, cert.pdf_path, cert.pdf_sha256, cert.replaced_by))

    def replace(self, code: str, reason: str, new: Certificate) -> None:
        """In one transaction: revoke ``code`` (at ``new.issued_at``, for ``reason``), point it
        at ``new`` and record ``new``. Nothing changes unless ``code`` is current."""
        try:
            with self._db:
                changed = self._db.execute(
                    "UPDATE certificates SET replaced_by = ? WHERE code = ? AND replaced_by IS "
                    "NULL AND code NOT IN (SELECT code FROM revocations)", (new.code, code))
                if changed.rowcount != 1:
                    raise RegistryError(f"{code} is not a current certificate in the register "
                                        f"{self.path}; nothing was changed")
                self._db.execute("INSERT INTO revocations (code, reason, revoked_at) "
                                 "VALUES (?, ?, ?)", (code, reason, new.issued_at))
                self._insert(new)
        except sqlite3.IntegrityError as exc:
            raise RegistryError(f"the replacement {new.code} of {code} clashes with the "
                                f"register: {exc}; nothing was changed") from None

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
