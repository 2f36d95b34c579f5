"""Read a course folder into a :class:`Course`, or report *every* problem it has at once.

Like MkDocs' config validation, nothing stops at the first mistake: ``course.yaml``, every
module file in every language, every quiz and every media reference are checked, and the
problems come back together in one :class:`CourseError`, each with file, line and field — a
designer fixes them in one pass instead of one build per typo.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from lms_bridge.course.course_file import COURSE_FILE, CourseFile, read_course_file
from lms_bridge.course.crosslang import compare_translations
from lms_bridge.course.media import MediaResolver
from lms_bridge.course.models import MODULES_DIR, Course, Module, module_path
from lms_bridge.course.module_file import parse_module
from lms_bridge.exceptions import CourseError, Problem

MEDIA_DIR = "media"
TEMPLATES_DIR = "templates"
_MODULE_FILE = re.compile(r"^(?P<id>.+)\.(?P<lang>[^.]+)\.md$")


def load_course(path: str | Path, *, warnings: list[Problem] | None = None) -> Course:
    """The course in folder ``path``; raises :class:`CourseError` listing all its problems.

    ``warnings``, when given, receives what is allowed but probably a mistake: a file in
    ``media/`` that no page, quiz or language refers to (it is left out of every package).
    """
    root = Path(path)
    if not root.is_dir():
        raise CourseError(f"Course folder {str(path)!r} not found",
                          [Problem(str(path), "is not a folder")])
    problems: list[Problem] = []
    settings = read_course_file(root, problems)
    files = _module_files(root, settings, problems)
    media = MediaResolver(root)
    used_media: set[str] = set()
    modules: dict[str, list[Module]] = {lang: [] for lang in settings.languages}
    for module_id in settings.module_ids:
        for lang in settings.languages:
            file = files.get((module_id, lang))
            if file is None:
                continue
            module = parse_module(root, file, module_id, lang, media, used_media, problems)
            if module is not None:
                modules[lang].append(module)
    _check_across(settings, modules, problems)
    if problems or settings.course is None:
        raise CourseError(f"Course {_name(root, settings)!r} has problems", _ordered(problems))
    if warnings is not None:
        warnings.extend(_unused_media(root, used_media))
    templates = root / TEMPLATES_DIR
    return settings.course.model_copy(update={
        "modules": modules,
        "media": sorted(used_media),
        "template_dir": templates if templates.is_dir() else None,
    })


def _unused_media(root: Path, used: set[str]) -> list[Problem]:
    found: list[str] = []
    for folder, dirs, names in os.walk(root / MEDIA_DIR):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder).relative_to(root).as_posix()
        found.extend(f"{base}/{name}" for name in sorted(names) if not name.startswith("."))
    return [Problem(file, "no page, quiz or language refers to it, so it is left out of the "
                    "package") for file in sorted(found) if file not in used]


def _module_files(root: Path, settings: CourseFile,
                  problems: list[Problem]) -> dict[tuple[str, str], str]:
    """(module id, language) → file, checking the folder against ``course.yaml``."""
    folder = root / MODULES_DIR
    try:
        names = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    except OSError as exc:
        problems.append(Problem(f"{MODULES_DIR}/", f"cannot be read: {exc.strerror or exc}"))
        names = []
    found: dict[tuple[str, str], str] = {}
    for name in names:
        if name.startswith(".") or not name.lower().endswith(".md"):
            continue
        file = f"{MODULES_DIR}/{name}"
        match = _MODULE_FILE.match(name)
        if match is None:
            problems.append(Problem(file, "name a module file <module-id>.<language>.md, "
                                    "e.g. intro.en.md"))
            continue
        module_id, lang = match["id"], match["lang"]
        if settings.languages and lang not in settings.languages:
            problems.append(Problem(file, f"language '{lang}' is not listed in course.yaml "
                                    f"(languages: {', '.join(settings.languages)})"))
        elif settings.module_ids and module_id not in settings.module_ids:
            close = difflib.get_close_matches(module_id, settings.module_ids, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(Problem(file, f"module '{module_id}' is not listed in course.yaml's "
                                    f"'modules'{hint}"))
        else:
            found[(module_id, lang)] = file
    if settings.module_ids and not folder.is_dir():
        problems.append(Problem(f"{MODULES_DIR}/", "folder not found: module files go in "
                                f"{MODULES_DIR}/<module-id>.<language>.md"))
        return found
    for module_id in settings.module_ids:
        for lang in settings.languages:
            if (module_id, lang) not in found:
                problems.append(Problem(
                    module_path(module_id, lang),
                    f"missing translation of module '{module_id}' (language '{lang}' is "
                    "listed in course.yaml)"))
    return found


def _check_across(settings: CourseFile, modules: dict[str, list[Module]],
                  problems: list[Problem]) -> None:
    """Ids unique in the whole course, and every translation equal to the default language."""
    for lang_modules in modules.values():
        pages = [(p.id, p.source.line if p.source else None, m)
                 for m in lang_modules for p in m.pages]
        quizzes = [(p.quiz.id, p.quiz.source.line if p.quiz.source else None, m)
                   for m in lang_modules for p in m.pages if p.quiz is not None]
        for what, items in (("page", pages), ("quiz", quizzes)):
            seen: dict[str, Module] = {}
            for item_id, line, module in items:
                first = seen.get(item_id)
                if first is not None and (what == "quiz" or first is not module):
                    problems.append(Problem(module.file, f"duplicate {what} id '{item_id}' "
                                            f"(also in {first.file}): {what} ids must be "
                                            "unique in the whole course", line))
                seen.setdefault(item_id, module)
    if not settings.languages:
        return
    default = {m.id: m for m in modules.get(settings.languages[0], [])}
    for lang in settings.languages[1:]:
        for module in modules.get(lang, []):
            if module.id in default:
                compare_translations(default[module.id], module, problems)


def _name(root: Path, settings: CourseFile) -> str:
    return settings.course_id or root.resolve().name


def _ordered(problems: list[Problem]) -> list[Problem]:
    """course.yaml first, then file by file, top to bottom; each problem once."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file != COURSE_FILE, p.file, p.line or 0))
