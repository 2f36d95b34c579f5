"""rewrite() falls back to the safe encoding, names the units that fail, and verify_copy()
refuses a course that would not load or read back."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from lms_bridge.course.loader import load_course
from lms_bridge.exceptions import InputError
from lms_bridge.translate.catalog import course_slots
from lms_bridge.translate.rewrite import RewriteError, rewrite
from lms_bridge.translate.slots import FileSlots
from lms_bridge.translate.verify import verify_copy
from tests.translate.helpers import snapshot

TEXT = "title:\n  sq: Titulli\ndescription:\n  sq: Përshkrimi\n"
EXTRACT = functools.partial(course_slots, lang="sq")


def _file() -> FileSlots:
    file = FileSlots("course.yaml", TEXT)
    EXTRACT(file)
    return file


def test_a_nicer_encoding_that_does_not_read_back_is_written_the_safe_way() -> None:
    file = _file()
    title = file.slots[0]
    real = title.render
    title.render = lambda value, safe: real(value, safe) if safe else "[" + value  # not YAML
    assert rewrite(file, {"course.title": "Titull i ri"}, EXTRACT) == TEXT.replace(
        "sq: Titulli", 'sq: "Titull i ri"')


def test_only_the_units_that_fail_on_their_own_are_named() -> None:
    file = _file()
    description = file.slots[1]
    description.render = lambda value, safe: "[" + value  # never reads back
    with pytest.raises(RewriteError) as caught:
        rewrite(file, {"course.title": "Titull i ri", "course.description": "Tjetër"}, EXTRACT)
    assert caught.value.unit_ids == ["course.description"]


def test_verify_copy_refuses_a_course_that_would_not_load(law: Path) -> None:
    course = load_course(law)
    before = snapshot(law)
    with pytest.raises(InputError, match="would not load after this import"):
        verify_copy(course, {"modules/foundations.en.md": b"no front matter\n"}, "en", {}, "x.csv")
    with pytest.raises(InputError, match="would not read back as translated") as caught:
        verify_copy(course, {}, "en", {"course.title": "Another title"}, "x.csv")
    assert [p.field for p in caught.value.problems] == ["course.title"]
    assert snapshot(law) == before
