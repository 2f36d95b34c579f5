"""Translation units: what a translator sees (id, source, current target, fingerprint, note).

A unit's ``state`` follows XLIFF 1.2: ``translated``, ``needs-translation`` (no target yet) or
``needs-review-translation`` (the source changed since the target was imported: stale).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lms_bridge.course.models import LANG_PATTERN, Course
from lms_bridge.exceptions import InputError, Problem
from lms_bridge.translate.catalog import Catalog, aligned, build_catalog
from lms_bridge.translate.lockfile import Lock
from lms_bridge.translate.slots import fingerprint

TRANSLATED = "translated"
MISSING = "needs-translation"
STALE = "needs-review-translation"


@dataclass
class Unit:
    id: str
    kind: str
    source: str
    target: str
    fingerprint: str
    note: str
    state: str
    tracked: bool = True
    """False when no import recorded this translation (written by hand): it counts as
    translated, but whether it is stale cannot be known."""


@dataclass
class Row:
    """One unit as read back from a translation file; ``where`` locates it for messages."""

    id: str
    source: str
    target: str
    fingerprint: str
    where: str
    confirmed: bool = False
    """The translator marked the target as done (XLIFF ``state`` translated, final or
    signed-off): an unchanged stale translation then counts as reviewed."""


@dataclass
class TranslationFile:
    source_lang: str
    target_lang: str
    rows: list[Row] = field(default_factory=list)
    course_id: str | None = None
    """Given by XLIFF and XLSX files; a CSV file does not carry it."""


def check_languages(course: Course, source_lang: str, target_lang: str) -> None:
    problems = []
    if source_lang not in course.languages:
        problems.append(Problem("course.yaml", f"the source language '{source_lang}' is not one "
                                f"of the course's languages ({', '.join(course.languages)})",
                                None, "languages"))
    if target_lang == source_lang:
        problems.append(Problem("course.yaml", "the target language is the source language",
                                None, "languages"))
    if not LANG_PATTERN.match(target_lang):
        problems.append(Problem("course.yaml", f"{target_lang!r} is not a language code (two or "
                                "three lower-case letters, e.g. sq, en, bg)", None, "languages"))
    if problems:
        raise InputError("Cannot translate", problems)


def course_units(course: Course, source_lang: str, target_lang: str, lock: Lock,
                 catalogs: dict[str, Catalog] | None = None) -> list[Unit]:
    """Every unit of the course, in course order, with the current ``target_lang`` text.

    ``catalogs`` (language → catalog) holds the catalogs a caller has built already and gets the
    ones built here, so no language's files are read twice: a translation recorded from another
    source language needs that language's catalog for every one of its units.
    """
    catalogs = {} if catalogs is None else catalogs

    def catalog(lang: str) -> Catalog:
        if lang not in catalogs:
            catalogs[lang] = build_catalog(course, lang)
        return catalogs[lang]

    source = catalog(source_lang)
    target_slots = {}
    if target_lang in course.languages:
        target_slots = aligned(source, catalog(target_lang))
    units = []
    for unit_id, (_, slot) in source.units.items():
        current = target_slots.get(unit_id)
        record = lock.get(target_lang, unit_id)
        target = current.text if current is not None else ""
        if record is not None and record.state != TRANSLATED:
            target = ""  # the source text standing in for a missing translation
        state = TRANSLATED if target else MISSING
        if target and record is not None:
            if record.source_lang == source_lang:
                now: str | None = fingerprint(slot.text)
            elif record.source_lang in course.languages:
                text = catalog(record.source_lang).text(unit_id)
                now = None if text is None else fingerprint(text)
            else:
                now = None
            if now != record.fingerprint:
                state = STALE
        units.append(Unit(unit_id, slot.kind, slot.text, target, fingerprint(slot.text),
                          slot.note, state, tracked=record is not None or not target))
    return units
