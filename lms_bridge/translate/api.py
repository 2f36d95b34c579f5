"""The three operations behind ``lms-bridge translate``: export, import and status."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from lms_bridge.course.loader import load_course
from lms_bridge.exceptions import InputError, Problem
from lms_bridge.translate.catalog import Catalog
from lms_bridge.translate.importer import ImportPlan, plan_import, write_plan
from lms_bridge.translate.lockfile import read_lock
from lms_bridge.translate.tabular import read_csv, read_xlsx, write_csv, write_xlsx
from lms_bridge.translate.units import (
    MISSING,
    STALE,
    TRANSLATED,
    TranslationFile,
    Unit,
    check_languages,
    course_units,
)
from lms_bridge.translate.xliff import read_xliff, write_xliff

Format = Literal["xliff", "xlsx", "csv"]
_EXTENSIONS: dict[str, Format] = {".xlf": "xliff", ".xliff": "xliff", ".xml": "xliff",
                                  ".xlsx": "xlsx", ".csv": "csv", ".tsv": "csv", ".txt": "csv"}


def format_for(path: Path) -> Format | None:
    return _EXTENSIONS.get(path.suffix.lower())


def export_units(course_path: str | Path, target_lang: str,
                 source_lang: str | None = None) -> tuple[str, str, str, list[Unit]]:
    """(course id, source language, target language, units) for an export."""
    course = load_course(course_path)
    source_lang = source_lang or course.default_language
    check_languages(course, source_lang, target_lang)
    units = course_units(course, source_lang, target_lang, read_lock(course.root))
    return course.id, source_lang, target_lang, units


def export_file(course_path: str | Path, target_lang: str, fmt: Format,
                source_lang: str | None = None) -> tuple[bytes, list[Unit]]:
    course_id, source, target, units = export_units(course_path, target_lang, source_lang)
    if fmt == "xliff":
        return write_xliff(units, course_id, source, target), units
    if fmt == "xlsx":
        return write_xlsx(units, course_id, source, target), units
    return write_csv(units, source, target), units


def read_translation_file(path: Path) -> TranslationFile:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {path}", [Problem(str(path), exc.strerror or str(exc))]
                         ) from exc
    fmt = format_for(path)
    if fmt is None:
        fmt = "xlsx" if data.startswith(b"PK") else "xliff" if data.lstrip(
            b"\xef\xbb\xbf \r\n\t").startswith(b"<") else "csv"
    name = path.name
    if fmt == "xliff":
        return read_xliff(data, name)
    if fmt == "xlsx":
        return read_xlsx(data, name)
    return read_csv(data, name)


def import_file(course_path: str | Path, path: Path, dry_run: bool = False) -> ImportPlan:
    """Check and (unless ``dry_run``) write the translations of ``path`` into the course."""
    plan = plan_import(course_path, read_translation_file(path), path.name)
    if not dry_run and (plan.files or plan.lock.records):
        write_plan(plan)
    return plan


@dataclass
class LanguageStatus:
    lang: str
    source_lang: str
    total: int
    translated: int
    missing: int
    stale: int
    untracked: int
    """Translated by hand (no import recorded): counted as translated, staleness unknown."""
    stale_units: list[str]
    missing_units: list[str]

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def course_status(course_path: str | Path) -> list[LanguageStatus]:
    """Per language other than the default: translated, missing and stale strings."""
    course = load_course(course_path)
    lock = read_lock(course.root)
    catalogs: dict[str, Catalog] = {}
    result = []
    for lang in course.languages[1:]:
        units = course_units(course, course.default_language, lang, lock, catalogs)
        states = [u.state for u in units]
        result.append(LanguageStatus(
            lang, course.default_language, len(units),
            translated=states.count(TRANSLATED),
            missing=states.count(MISSING), stale=states.count(STALE),
            untracked=sum(1 for u in units if u.state == TRANSLATED and not u.tracked),
            stale_units=[u.id for u in units if u.state == STALE],
            missing_units=[u.id for u in units if u.state == MISSING]))
    return result
