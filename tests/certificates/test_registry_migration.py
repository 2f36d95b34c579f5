"""A register written before reissue existed is migrated when opened, and keeps its rows."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from lms_bridge.certificates.codes import SigningKey, new_code
from lms_bridge.certificates.issue import Status, verify_code
from lms_bridge.certificates.registry import Registry, RegistryError
from lms_bridge.certificates.reissue import Correction, reissue_certificate
from lms_bridge.certificates.template import CertificateTemplate
from tests.certificates.conftest import DATA


def _old_register(path: Path, key: SigningKey) -> dict[str, str]:
    codes = {"ARBER": new_code(key), "IVAN": new_code(key)}
    sql = (DATA / "register-v0.sql").read_text(encoding="utf-8")
    for name, code in codes.items():
        sql = sql.replace(f"{{{name}}}", code)
    with sqlite3.connect(path) as db:
        db.executescript(sql)
    db.close()
    return codes


def _schema(path: Path) -> tuple[int, set[str]]:
    db = sqlite3.connect(path)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        indexes = {row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    finally:
        db.close()
    return version, indexes


def test_version_0_register_is_migrated_on_open_and_keeps_every_row(
        tmp_path: Path, key: SigningKey, template: CertificateTemplate) -> None:
    path = tmp_path / "old.sqlite"
    codes = _old_register(path, key)
    assert _schema(path) == (0, {"one_per_learner_and_course"})
    with Registry(path, create=False) as reg:
        arber, ivan = reg.get(codes["ARBER"]), reg.get(codes["IVAN"])
        assert arber is not None and arber.fullname == "Arber Hoxha" and arber.hours == 12
        assert arber.replaced_by is None and not arber.revoked
        assert ivan is not None and ivan.revocation_reason == "Attendance below 80%"
        # still one current certificate per learner and course
        with pytest.raises(RegistryError, match="clashes"):
            reg.add(replace(arber, code=new_code(key)))
        new = reissue_certificate(arber.code, Correction(fullname="Arbër Hoxha"),
                                  reason="Name misspelt", registry=reg, key=key,
                                  template=template, out_dir=tmp_path / "pdf").new
        assert verify_code(arber.code, key, reg).certificate == replace(
            arber, revoked_at=new.issued_at, revocation_reason="Name misspelt",
            replaced_by=new.code)
        assert reg.find("F2F-OLD", "arber.hoxha") == new
    assert _schema(path) == (1, {"one_current_per_learner_and_course"})
    with Registry(path, create=False) as reg:  # opening again changes nothing
        assert len(list(reg.all())) == 3
        assert verify_code(new.code, key, reg).status is Status.VALID


def test_new_register_starts_at_the_current_schema(tmp_path: Path) -> None:
    with Registry(tmp_path / "new.sqlite"):
        pass
    assert _schema(tmp_path / "new.sqlite") == (1, {"one_current_per_learner_and_course"})


def test_register_from_a_newer_lms_bridge_is_refused_untouched(tmp_path: Path,
                                                               key: SigningKey) -> None:
    path = tmp_path / "newer.sqlite"
    _old_register(path, key)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 7")
    db.close()
    before = path.read_bytes()
    with pytest.raises(RegistryError, match="newer lms-bridge"):
        Registry(path, create=False)
    assert path.read_bytes() == before


def _old_schema_only() -> str:
    """The CREATE statements of version 0: what an older lms-bridge runs on every open."""
    sql = (DATA / "register-v0.sql").read_text(encoding="utf-8")
    return sql[:sql.index("INSERT INTO")]


def test_an_older_lms_bridge_opening_the_register_does_not_break_reissue(
        tmp_path: Path, key: SigningKey, template: CertificateTemplate) -> None:
    path = tmp_path / "old.sqlite"
    codes = _old_register(path, key)
    Registry(path, create=False).close()
    db = sqlite3.connect(path)
    db.executescript(_old_schema_only())  # before any reissue it succeeds, index and all
    db.close()
    assert "one_per_learner_and_course" in _schema(path)[1]
    with Registry(path, create=False) as reg:
        reissue_certificate(codes["ARBER"], Correction(fullname="Arbër Hoxha"),
                            reason="Name misspelt", registry=reg, key=key, template=template,
                            out_dir=tmp_path / "pdf")
    assert _schema(path) == (1, {"one_current_per_learner_and_course"})
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):  # after one, the older version cannot open it
        db.executescript(_old_schema_only())
    db.close()
