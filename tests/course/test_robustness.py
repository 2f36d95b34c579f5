"""Bad input never becomes a traceback: random damage to a valid course gives a CourseError.

A fixed seed keeps the run repeatable; every damaged course must either load or raise
CourseError whose problems all name a file.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from lms_bridge.course.loader import load_course
from lms_bridge.exceptions import CourseError
from tests.course.conftest import COURSES

_PIECES = [*":-[]{}#`~*&!|>'\",?%@\\\t\n ", "\x00", "ë", "```", "```quiz\n", "# ", "{#", "- ",
           "  ", "type: ", "correct: ", "value: ", "*a", "&a "]


def _damage(course: Path, rnd: random.Random) -> None:
    files = sorted(p for p in course.rglob("*") if p.suffix in (".md", ".yaml"))
    for _ in range(rnd.randint(1, 4)):
        path = rnd.choice(files)
        text = path.read_text(encoding="utf-8")
        pos = rnd.randrange(len(text) + 1)
        choice = rnd.random()
        if choice < 0.4:
            text = text[:pos] + rnd.choice(_PIECES) + text[pos:]
        elif choice < 0.7:
            text = text[:pos] + text[pos + rnd.randint(1, 40):]
        else:
            lines = text.split("\n")
            lines.insert(rnd.randrange(len(lines)), rnd.choice(lines))
            text = "\n".join(lines)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("seed", range(4))
def test_damaged_courses_give_course_errors(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    for attempt in range(40):
        course = tmp_path / f"c{attempt}"
        shutil.copytree(COURSES / "mini", course)
        _damage(course, rnd)
        try:
            load_course(course)
        except CourseError as error:
            assert error.problems and all(p.file for p in error.problems)
