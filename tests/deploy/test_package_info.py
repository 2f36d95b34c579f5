"""``read_package``: what deploy learns from a zip, and the hostile manifests it refuses."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from lms_bridge.deploy import DeployError, read_package
from lms_bridge.deploy.package_info import build_course
from lms_bridge.exceptions import BuildError
from tests.deploy.conftest import _zip

PACKAGES = Path(__file__).resolve().parents[1] / "data" / "packages"
COURSE_DIR = Path(__file__).resolve().parents[1] / "data" / "courses" / "mini"


def test_identifier_title_and_sha1_of_a_package(package_v1: Path) -> None:
    info = read_package(package_v1)
    assert (info.identifier, info.title) == ("org.example.valid12", "Valid course")
    assert info.sha1 == hashlib.sha1(package_v1.read_bytes()).hexdigest()
    assert info.size == package_v1.stat().st_size


@pytest.mark.parametrize(("folder", "rule"), [("billion-laughs", "SEC-XML-ENTITY"),
                                              ("deeply-nested-xml", "SEC-XML-TOO-DEEP")])
def test_a_hostile_manifest_is_refused_as_the_validator_refuses_it(
        tmp_path: Path, folder: str, rule: str) -> None:
    package = _zip(PACKAGES / folder, tmp_path / f"{folder}.zip")
    with pytest.raises(DeployError, match=rf"imsmanifest\.xml(:\d+)?: {rule}: "):
        read_package(package)


def test_a_zip_without_a_manifest_is_refused(tmp_path: Path) -> None:
    package = _zip(PACKAGES / "manifest-not-at-root", tmp_path / "nested.zip")
    with pytest.raises(DeployError, match=r"not a zip with imsmanifest\.xml at its root"):
        read_package(package)


def test_build_course_names_the_package_as_lms_bridge_build_does(tmp_path: Path) -> None:
    built = build_course(COURSE_DIR, tmp_path, standard="scorm2004", lang="en")
    assert built.path == tmp_path / "mini-course-en-scorm2004.zip"
    assert built == read_package(built.path)
    with pytest.raises(BuildError, match="has no language 'de'"):
        build_course(COURSE_DIR, tmp_path, lang="de")
