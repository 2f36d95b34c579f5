"""Minimal correct packages pass cleanly, as folders and as zips, with and without XSDs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms_bridge.scorm.validate import validate_package
from tests.validate.conftest import PACKAGES, zip_folder

VALID = {"valid-scorm12": "scorm12", "valid-scorm2004": "scorm2004"}


@pytest.mark.parametrize("name", sorted(VALID))
@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_valid_package_has_no_errors_or_warnings(name: str, as_zip: bool, tmp_path: Path) -> None:
    package = zip_folder(PACKAGES / name, tmp_path / "p.zip") if as_zip else PACKAGES / name
    report = validate_package(package, strict=True)
    assert (report.errors, report.warnings) == ([], [])
    assert report.ok
    assert report.standard == VALID[name]


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_package_passes_xsd_validation(name: str, schemas_dir: Path) -> None:
    report = validate_package(PACKAGES / name, schemas_dir=schemas_dir, strict=True)
    assert (report.errors, report.warnings) == ([], [])


def _ship_schemas(name: str, schemas_dir: Path, tmp_path: Path) -> Path:
    """A copy of a valid package with the matching official XSDs at its root."""
    sub = {"valid-scorm12": ("scorm12", "scorm12edition"),
           "valid-scorm2004": ("scorm2004-4th", "scorm20044thedition")}[name]
    source = next(schemas_dir / s for s in sub if (schemas_dir / s).is_dir())
    package = tmp_path / name
    shutil.copytree(PACKAGES / name, package)
    for xsd in source.glob("*.xsd"):
        shutil.copy(xsd, package / xsd.name)
    return package


@pytest.mark.parametrize("name", sorted(VALID))
def test_package_own_schemas_are_used(name: str, schemas_dir: Path, tmp_path: Path) -> None:
    package = _ship_schemas(name, schemas_dir, tmp_path)
    assert validate_package(package, strict=True).ok
    manifest = package / "imsmanifest.xml"
    manifest.write_text(manifest.read_text().replace('type="webcontent"', 'type="webcontent" '
                                                     'isvisible="maybe"'))
    report = validate_package(package)
    assert "CP-XSD-INVALID" in report.rule_ids()
    assert all(f.line for f in report.findings if f.rule_id == "CP-XSD-INVALID")


def test_xsd_errors_name_the_line(schemas_dir: Path, tmp_path: Path) -> None:
    package = shutil.copytree(PACKAGES / "valid-scorm12", tmp_path / "p")
    manifest = package / "imsmanifest.xml"
    text = manifest.read_text().replace("<adlcp:masteryscore>", "<adlcp:masteryScore>")
    manifest.write_text(text.replace("</adlcp:masteryscore>", "</adlcp:masteryScore>"))
    report = validate_package(package, schemas_dir=schemas_dir)
    lines = {f.line for f in report.findings if f.rule_id == "CP-XSD-INVALID"}
    assert lines == {15}


def test_incomplete_schema_folder_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "xsd").mkdir()
    report = validate_package(PACKAGES / "valid-scorm12", schemas_dir=tmp_path / "xsd")
    assert report.rule_ids() == {"CP-XSD-UNAVAILABLE"}
    assert report.ok
