"""Edit a copy of a test course and collect what the loader says about it."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.course.loader import load_course
from lms_bridge.exceptions import CourseError


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` (which must be there) by ``new`` in a course file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems(course: Path) -> list[str]:
    """Every problem the loader reports, as printed (``file:line: field: message``)."""
    with pytest.raises(CourseError) as caught:
        load_course(course)
    return [str(p) for p in caught.value.problems]
