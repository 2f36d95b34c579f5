"""``course.yaml`` → the course-level settings, every mistake located.

Even when the file has problems, the languages and module ids that *can* be read are returned,
so the loader still checks the module files and reports their problems in the same message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lms_bridge.course.construct import construct
from lms_bridge.course.models import LANG_PATTERN, Course
from lms_bridge.course.module_file import read_text
from lms_bridge.course.problems import (
    check_id,
    check_keys,
    check_mapping,
    check_unique,
    pydantic_problems,
)
from lms_bridge.course.yamlread import YamlDoc, read_yaml
from lms_bridge.exceptions import Problem

COURSE_FILE = "course.yaml"
TRANSLATED = ("title", "description", "audience", "institution")
_KEYS = {*TRANSLATED, "id", "version", "languages", "duration_minutes", "completion",
         "mastery_score", "max_attempts", "sco_mode", "modules"}
_REQUIRED = ("id", "version", "languages", "title", "duration_minutes", "modules")


@dataclass
class CourseFile:
    course: Course | None
    """The course without modules, or ``None`` if ``course.yaml`` has problems."""
    languages: list[str] = field(default_factory=list)
    module_ids: list[str] = field(default_factory=list)
    course_id: str | None = None
    """The course's id as written, for the headline of an error message."""


def read_course_file(root: Path, problems: list[Problem]) -> CourseFile:
    path = root / COURSE_FILE
    if not path.is_file():
        problems.append(Problem(COURSE_FILE, "file not found: a course folder needs a "
                                "course.yaml (run 'lms-bridge new' for an example)"))
        return CourseFile(None)
    before = len(problems)
    text = read_text(path, COURSE_FILE, problems)
    doc = None if text is None else read_yaml(text, COURSE_FILE, problems)
    if doc is None:
        return CourseFile(None)
    data = doc.data
    if not check_mapping(doc, (), data, "course.yaml", None, problems):
        return CourseFile(None)
    check_keys(doc, (), data, allowed=_KEYS, required=_REQUIRED, label=None, problems=problems)
    if "id" in data:
        check_id(doc, ("id",), data["id"], "course id", "id", problems)
    course_id = data.get("id") if isinstance(data.get("id"), str) else None
    languages = _languages(doc, data.get("languages"), problems)
    module_ids = _module_ids(doc, data.get("modules"), problems)
    for name in TRANSLATED:
        if name in data:
            _translations(doc, name, data[name], languages, problems)
    settings = {k: v for k, v in data.items() if k in _KEYS and k != "modules"}
    try:
        course = construct(Course, {**settings, "module_ids": module_ids, "modules": {},
                                    "root": root})
    except ValidationError as exc:
        checked = {"id", "languages", "modules", *TRANSLATED}
        pydantic_problems(exc, doc, (), None, problems, rename={"module_ids": "modules"},
                          reported=checked)
        return CourseFile(None, languages, module_ids, course_id)
    if len(problems) != before:
        return CourseFile(None, languages, module_ids, course_id)
    return CourseFile(course, languages, module_ids, course_id)


def _languages(doc: YamlDoc, value: Any, problems: list[Problem]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not value:
        problems.append(doc.problem(("languages",), "must be a list of language codes, e.g. "
                                    "[sq, en]; the first is the default", "languages"))
        return []
    good: list[str] = []
    for index, lang in enumerate(value):
        if isinstance(lang, str) and LANG_PATTERN.match(lang):
            good.append(lang)
        else:
            problems.append(doc.problem(("languages", index), f"{lang!r} is not a language "
                                        "code (two or three lower-case letters, e.g. sq, en, bg)",
                                        "languages"))
    check_unique(doc, [(lang, ("languages", i)) for i, lang in enumerate(value)
                       if isinstance(lang, str)], "language", "languages", problems)
    return list(dict.fromkeys(good))


def _module_ids(doc: YamlDoc, value: Any, problems: list[Problem]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not value:
        problems.append(doc.problem(("modules",), "must be a list of module ids, in course "
                                    "order", "modules"))
        return []
    ids = [m for i, m in enumerate(value)
           if check_id(doc, ("modules", i), m, "module id", "modules", problems)]
    check_unique(doc, [(m, ("modules", i)) for i, m in enumerate(value) if isinstance(m, str)],
                 "module", "modules", problems)
    return list(dict.fromkeys(ids))


def _translations(doc: YamlDoc, name: str, value: Any, languages: list[str],
                  problems: list[Problem]) -> None:
    if not isinstance(value, dict):
        example = ", ".join(f"{lang}: …" for lang in languages) or "en: …"
        problems.append(doc.problem((name,), f"must have one text per language ({example})",
                                    name))
        return
    for lang, text in value.items():
        if languages and lang not in languages:
            problems.append(doc.problem((name, lang), f"language '{lang}' is not listed in "
                                        "'languages'", name))
        elif not isinstance(text, str) or not text.strip():
            problems.append(doc.problem((name, lang), "must be a non-empty text",
                                        f"{name}.{lang}"))
    for lang in languages:
        if lang not in value:
            problems.append(doc.problem((name,), f"missing translation for language '{lang}'",
                                        name))
