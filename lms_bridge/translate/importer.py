"""``translate import``: a translation file → the course's files for that language.

Only the strings that changed are written, each in place (see :mod:`rewrite`), so an import of
an unedited export changes no byte of the course. A language the course does not have yet gets
its module files generated from the source language's files (same layout, ids, quiz structure)
and is appended to ``languages`` in ``course.yaml``; strings without a translation keep the
source text there and are recorded as untranslated.

Nothing is written until everything has been checked: the rows, the rewritten files, and a
copy of the course with the new files, which must load with :func:`load_course` and read back
every string as intended. Then each file is written beside its target and renamed into place.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from lms_bridge.course.loader import MODULES_DIR, load_course
from lms_bridge.course.models import module_path
from lms_bridge.exceptions import CourseError, InputError, LmsBridgeError, Problem
from lms_bridge.translate.catalog import (
    COURSE_FILE,
    Catalog,
    aligned,
    build_catalog,
    course_slots,
)
from lms_bridge.translate.checks import row_problems
from lms_bridge.translate.lockfile import LOCK_PATH, Lock, Record, read_lock, write_lock
from lms_bridge.translate.md_slots import module_slots
from lms_bridge.translate.rewrite import RewriteError, add_language, rewrite
from lms_bridge.translate.slots import FileSlots, Slot, fingerprint
from lms_bridge.translate.units import (
    STALE,
    TRANSLATED,
    TranslationFile,
    check_languages,
    course_units,
)
from lms_bridge.translate.verify import verify_copy


@dataclass
class Change:
    unit_id: str
    file: str
    old: str | None
    """The current text in the target language; ``None`` for a new language."""
    new: str


@dataclass
class ImportPlan:
    root: Path
    source_lang: str
    target_lang: str
    new_language: bool
    changes: list[Change] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    """Path (relative to the course) → the new contents; only files that change."""
    untranslated: list[str] = field(default_factory=list)
    lock: Lock = field(default_factory=Lock)


def plan_import(course_path: str | Path, tfile: TranslationFile, name: str) -> ImportPlan:
    """Check ``tfile`` against the course and prepare every file; raises, listing all problems."""
    course = load_course(course_path)
    check_languages(course, tfile.source_lang, tfile.target_lang)
    if tfile.course_id and tfile.course_id != course.id:
        raise InputError(f"{name} is for another course", [Problem(
            name, f"it was exported from course '{tfile.course_id}', not '{course.id}'")])
    source = build_catalog(course, tfile.source_lang)
    slots = {unit_id: slot for unit_id, (_, slot) in source.units.items()}
    lang = tfile.target_lang
    new_language = lang not in course.languages
    target = None if new_language else build_catalog(course, lang)
    current = aligned(source, target) if target is not None else {}
    problems = row_problems(name, tfile.rows, slots, {u: s.text for u, s in current.items()},
                            functools.partial(_media_exists, course.root))
    if problems:
        raise InputError(f"{name} cannot be imported: nothing was written", problems)
    plan = ImportPlan(course.root, tfile.source_lang, lang, new_language,
                      lock=read_lock(course.root))
    given = {row.id: row.target.strip().replace("\r\n", "\n") for row in tfile.rows
             if row.target.strip()}
    _plan_files(source, target, current, given, plan, name)
    stale = {u.id for u in course_units(course, tfile.source_lang, lang, plan.lock,
                                        {tfile.source_lang: source, lang: target})
             if u.state == STALE} if target is not None else set()
    confirmed = {row.id for row in tfile.rows if row.confirmed}
    for unit_id, (_, slot) in source.units.items():
        if unit_id in given:
            if (unit_id in stale and unit_id not in confirmed
                    and given[unit_id] == current[unit_id].text):
                continue  # returned unchanged and not confirmed: still stale
            plan.lock.set(lang, unit_id, Record(tfile.source_lang, fingerprint(slot.text),
                                                TRANSLATED))
        elif new_language:
            plan.untranslated.append(unit_id)
            plan.lock.set(lang, unit_id, Record(tfile.source_lang, fingerprint(slot.text),
                                                "untranslated"))
    if plan.files:
        expected = {u: given.get(u) or (current[u].text if u in current else slot.text)
                    for u, (_, slot) in source.units.items()
                    if u in given or u in current or new_language}
        verify_copy(course, plan.files, lang, expected, name)
    return plan


def _media_exists(root: Path, url: str) -> bool:
    """A relative link of a module file (``../media/x.pdf``) names a file of the course."""
    path = (root / MODULES_DIR / url.split("#", 1)[0].split("?", 1)[0]).resolve()
    return path.is_file() and path.is_relative_to(root.resolve())


def _plan_files(source: Catalog, target: Catalog | None,
                current: dict[str, Slot], given: dict[str, str], plan: ImportPlan,
                name: str) -> None:
    problems: list[Problem] = []
    lang = plan.target_lang
    for path, file in source.files.items():
        units = [s.id for s in file.slots]
        changed = [u for u in units if u in given and (u not in current
                                                       or current[u].text != given[u])]
        if not changed and not plan.new_language:
            continue
        for unit_id in changed:
            old = current[unit_id].text if unit_id in current else None
            plan.changes.append(Change(unit_id, _target_path(path, lang, source.lang),
                                       old, given[unit_id]))
        try:
            if path == COURSE_FILE:
                new = _course_file(source, target, file, given, plan)
            else:
                new = _module_file(path, file, target, current, given, plan, problems)
        except RewriteError as exc:
            problems.extend(Problem(name, "the translation cannot be written so that it "
                                    "reads back the same (check line starts, quotes and "
                                    "Markdown)", None, unit_id) for unit_id in exc.unit_ids)
            continue
        if new is not None:
            out_path, out_file = new
            plan.files[out_path] = out_file
    if problems:
        raise InputError(f"{name} cannot be imported: nothing was written", problems)


def _target_path(path: str, lang: str, source_lang: str) -> str:
    if path == COURSE_FILE:
        return path
    return path[: -len(f".{source_lang}.md")] + f".{lang}.md"


def _course_file(source: Catalog, target: Catalog | None, file: FileSlots,
                 given: dict[str, str], plan: ImportPlan) -> tuple[str, bytes] | None:
    lang = plan.target_lang
    if target is None:
        values = {s.id: given.get(s.id, s.text) for s in file.slots}
        text = add_language(file.text, lang, values, source.lang)
        return COURSE_FILE, file.encode(text)
    target_file = target.files[COURSE_FILE]
    text = rewrite(target_file, given, functools.partial(course_slots, lang=lang))
    return (COURSE_FILE, target_file.encode(text)) if text != target_file.text else None


def _module_file(path: str, file: FileSlots, target: Catalog | None,
                 current: dict[str, Slot], given: dict[str, str], plan: ImportPlan,
                 problems: list[Problem]) -> tuple[str, bytes] | None:
    module_id = path.split("/", 1)[1].rsplit(".", 2)[0]
    extract = functools.partial(module_slots, module_id=module_id)
    out = module_path(module_id, plan.target_lang)
    units = [s.id for s in file.slots]
    target_file = target.files.get(out) if target is not None else None
    if target_file is not None and all(u in current for u in units if u in given):
        text = rewrite(target_file, given, extract)
        return (out, target_file.encode(text)) if text != target_file.text else None
    values: dict[str, str] = {}
    for slot in file.slots:
        value = given.get(slot.id) or (current[slot.id].text if slot.id in current else None)
        if value is None and target_file is not None:
            problems.append(Problem(out, "this part of the translation does not line up with "
                                    "the source (a page with other blocks, or a text this "
                                    "language lacks), so the file must be rebuilt from the "
                                    "source's layout and needs this unit translated too (or "
                                    "make the file match the source)", None, slot.id))
            continue
        values[slot.id] = value if value is not None else slot.text
    text = rewrite(file, values, extract)
    return out, file.encode(text)


def write_plan(plan: ImportPlan) -> None:
    """Write every file of ``plan`` beside its target, then rename them all into place."""
    temps: list[tuple[Path, Path]] = []
    backups: dict[Path, bytes | None] = {}
    try:
        for path, data in plan.files.items():
            final = plan.root / path
            temp = final.with_name(f".{final.name}.lms-bridge-tmp")
            temp.write_bytes(data)
            temps.append((temp, final))
            backups[final] = final.read_bytes() if final.exists() else None
        for temp, final in temps:
            os.replace(temp, final)
        load_course(plan.root)
    except (OSError, CourseError) as exc:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        for final, before in backups.items():
            if before is None:
                final.unlink(missing_ok=True)
            else:
                final.write_bytes(before)
        raise TranslationWriteError(f"Cannot write the translation into {plan.root}: {exc}; "
                                    "the course files were restored") from exc
    try:
        write_lock(plan.root, plan.lock)
    except OSError as exc:
        raise TranslationWriteError(f"The translation was written, but not its record "
                                    f"{LOCK_PATH}: {exc}") from exc


class TranslationWriteError(LmsBridgeError):
    """The course folder could not be written (permissions, disk full…)."""
