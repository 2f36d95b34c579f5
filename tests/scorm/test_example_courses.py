"""Every example course in ``course_packages/`` builds, in both standards and every language."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from lms_bridge.course.loader import load_course
from lms_bridge.course.models import Course
from lms_bridge.scorm.build import build_package
from tests.scorm.xsd import schema_errors

EXAMPLES = Path(__file__).resolve().parents[2] / "course_packages"
COURSE_DIRS = sorted(p.parent for p in EXAMPLES.glob("*/course.yaml"))


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for folder in COURSE_DIRS:
        languages = yaml.safe_load((folder / "course.yaml").read_text(encoding="utf-8"))[
            "languages"]
        for standard in ("scorm12", "scorm2004"):
            for lang in [*languages, "all"]:
                cases.append((folder.name, standard, lang))
    return cases


_loaded: dict[str, Course] = {}


def _course(name: str) -> Course:
    if name not in _loaded:
        _loaded[name] = load_course(EXAMPLES / name)
    return _loaded[name]


def test_there_are_example_courses() -> None:
    assert len(COURSE_DIRS) >= 1


@pytest.mark.parametrize(("name", "standard", "lang"), _cases())
def test_example_course_builds_and_validates(
    name: str, standard: str, lang: str, tmp_path: Path, xsd: dict[str, etree.XMLSchema]
) -> None:
    from lms_bridge.scorm.validate import validate_package

    course = _course(name)
    languages = course.languages if lang == "all" else lang
    result = build_package(course, output=tmp_path / "p.zip", standard=standard,
                           languages=languages)
    with zipfile.ZipFile(result.path) as archive:
        assert schema_errors(xsd[standard], archive.read("imsmanifest.xml")) == []
    report = validate_package(result.path)
    assert (report.errors, report.warnings) == ([], [])
    again = build_package(course, output=tmp_path / "q.zip", standard=standard,
                          languages=languages)
    assert again.path.read_bytes() == result.path.read_bytes()
