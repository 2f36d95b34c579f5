"""Snapshots of a course folder and edits of CSV exports, shared by the translate tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from lms_bridge.course.models import Course, Module
from lms_bridge.translate.api import export_file


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the course (translation records aside), by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".lms-bridge" not in p.parts}


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ",",
               encoding: str = "utf-8-sig") -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


def export_csv(course: Path, target: str, out: Path, source: str | None = None) -> list[list[str]]:
    data, _ = export_file(course, target, "csv", source)
    out.write_bytes(data)
    return read_rows(out)


def edit_csv(path: Path, edit: Callable[[str, str, str], str | None]) -> None:
    """Set the target of each row to ``edit(id, source, target)`` when that is not None."""
    rows = read_rows(path)
    for row in rows[1:]:
        new = edit(row[0], row[1], row[2])
        if new is not None:
            row[2] = new
    write_rows(path, rows)


def skeleton(course: Course, lang: str) -> list[object]:
    """Everything of a language but its words: ids, types, right answers, values, settings."""
    return [_module(m) for m in course.modules[lang]]


def _module(module: Module) -> object:
    pages = []
    for page in module.pages:
        quiz = None
        if page.quiz is not None:
            quiz = (page.quiz.id, page.quiz.graded, page.quiz.pass_score, page.quiz.shuffle,
                    [(q.id, q.type, q.weight, q.correct, q.case_sensitive, q.value, q.tolerance,
                      [(a.id, a.correct, a.weight) for a in q.answers],
                      [p.id for p in q.pairs]) for q in page.quiz.questions])
        pages.append((page.id, quiz))
    return (module.id, module.duration_minutes, len(module.objectives), pages)
