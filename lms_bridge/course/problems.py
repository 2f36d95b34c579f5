"""Small checks shared by every part of the loader, each turning a mistake into a located Problem.

Everything here appends to a list instead of raising, so the loader can keep going and report
every problem of a course at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from lms_bridge.course.models import ID_PATTERN
from lms_bridge.course.yamlread import YamlDoc, YamlPath
from lms_bridge.exceptions import Problem


def join_field(*parts: str | int | None) -> str | None:
    """``quiz check, question q1`` + ``answers.2.text`` → one field label for a message."""
    words = [str(p) for p in parts if p is not None and p != ""]
    return ", ".join(words) or None


def dotted(path: Iterable[str | int]) -> str:
    return ".".join(str(p) for p in path)


def check_mapping(doc: YamlDoc, path: YamlPath, value: Any, what: str, label: str | None,
                  problems: list[Problem]) -> bool:
    """``value`` is a YAML mapping; otherwise say what was expected."""
    if isinstance(value, Mapping):
        return True
    problems.append(doc.problem(path, f"{what} must be a mapping of 'key: value' lines", label))
    return False


def check_keys(doc: YamlDoc, path: YamlPath, data: Mapping[str, Any], *, allowed: Collection[str],
               required: Collection[str] = (), label: str | None, problems: list[Problem],
               misplaced: Mapping[str, str] | None = None) -> None:
    """Unknown keys (with a suggestion for typos) and missing required keys.

    A required key that is only misspelt is reported once, as the typo.
    """
    suggested: set[str] = set()
    for key in data:
        if key in allowed:
            continue
        name = str(key)
        if misplaced and name in misplaced:
            message = f"'{name}' {misplaced[name]}"
        else:
            close = difflib.get_close_matches(name, [str(a) for a in allowed], n=1)
            suggested.update(close)
            message = f"unknown key '{name}'" + (f" (did you mean '{close[0]}'?)" if close else "")
        problems.append(doc.problem((*path, key), message, label))
    for key in required:
        if key not in data and key not in suggested:
            problems.append(doc.problem(path, f"'{key}' is required", label))


def check_id(doc: YamlDoc | None, path: YamlPath, value: Any, what: str, label: str | None,
             problems: list[Problem], *, file: str = "", line: int | None = None) -> bool:
    """Ids become SCORM identifiers: lower-case ASCII letters, digits, ``-`` and ``_``."""
    if isinstance(value, str) and ID_PATTERN.match(value):
        return True
    message = (f"{what} {value!r} is not a valid id: use lower-case ASCII letters, digits, "
               "'-' and '_' (up to 64, starting with a letter or digit)")
    if doc is not None:
        problems.append(doc.problem(path, message, label))
    else:
        problems.append(Problem(file, message, line, label))
    return False


def check_unique(doc: YamlDoc | None, items: Iterable[tuple[str, YamlPath | int | None]],
                 what: str, label: str | None, problems: list[Problem], *, file: str = "") -> None:
    """Report each id given more than once, at each repetition."""
    seen: set[str] = set()
    for value, where in items:
        if value in seen:
            if isinstance(where, tuple) and doc is not None:
                problems.append(doc.problem(where, f"duplicate {what} id '{value}'", label))
            else:
                line = where if isinstance(where, int) else None
                problems.append(Problem(doc.file if doc else file, f"duplicate {what} id "
                                        f"'{value}'", line, label))
        seen.add(value)


def pydantic_problems(exc: ValidationError, doc: YamlDoc, prefix: YamlPath, label: str | None,
                      problems: list[Problem], rename: Mapping[str, str] | None = None,
                      reported: Collection[str] = ()) -> None:
    """Map pydantic's errors back to the YAML lines they came from.

    With ``reported``, errors about those keys (already checked, more helpfully, by the caller)
    and missing top-level keys (reported by :func:`check_keys`) are left out, so nothing is
    said twice.
    """
    for error in exc.errors(include_url=False):
        loc: list[str | int] = list(error["loc"])
        if loc and rename and loc[0] in rename:
            loc[0] = rename[str(loc[0])]
        top_level_missing = error["type"] == "missing" and len(loc) == 1
        if reported and (top_level_missing or (loc and loc[0] in reported)):
            continue
        path = (*prefix, *loc)
        shown = loc[:-1] if error["type"] == "extra_forbidden" else loc
        problems.append(doc.problem(path, _message(error), join_field(label, dotted(shown))))


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind in ("model_type", "dict_type"):
        return f"must be a mapping of 'key: value' lines (got {_short(error.get('input'))})"
    if kind == "extra_forbidden":
        key = str(error["loc"][-1]) if error["loc"] else ""
        if " " in key:
            return (f"unknown key '{key}': if this is part of a text, put the whole text in "
                    "quotes (inside {…} a ',' ends the value)")
        return f"unknown key '{key}'"
    message = str(error["msg"])
    message = message[:1].lower() + message[1:]
    given = error.get("input")
    if kind == "string_type" and isinstance(given, (int, float, bool)):
        message += f" (got {given!r}: put it in quotes)"
    elif kind.endswith("_type") or kind.endswith("_parsing") or kind == "enum":
        message += f" (got {_short(given)})"
    return message


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
