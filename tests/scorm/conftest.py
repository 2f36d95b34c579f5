from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from lms_bridge.course.models import Course
from tests.scorm.courses import unicode_course
from tests.scorm.xsd import scorm12_schema, scorm2004_schema, xsd_root


@pytest.fixture(scope="session")
def xsd(tmp_path_factory: pytest.TempPathFactory) -> dict[str, etree.XMLSchema]:
    """Official-XSD validators per standard, built once per test session."""
    if not (xsd_root() / "scorm12").is_dir():
        pytest.fail(f"SCORM XSDs not found at {xsd_root()} (set LMS_BRIDGE_SCORM_XSD)")
    workdir = tmp_path_factory.mktemp("xsd")
    return {"scorm12": scorm12_schema(workdir), "scorm2004": scorm2004_schema(workdir)}


@pytest.fixture
def course() -> Course:
    return unicode_course()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
