"""XSD validation: schema files from a package are untrusted input too; compiled sets are cached."""

from __future__ import annotations

import shutil
from pathlib import Path

from lms_bridge.scorm.validate import schema as schema_module
from lms_bridge.scorm.validate import validate_package
from tests.validate.conftest import PACKAGES

ENTITY_XSD = """<?xml version="1.0"?>
<!DOCTYPE xs:schema [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2">
  <xs:annotation><xs:documentation>&b;</xs:documentation></xs:annotation>
</xs:schema>
"""
REMOTE_IMPORT_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2">
  <xs:import namespace="urn:x" schemaLocation="http://127.0.0.1:9/evil.xsd"/>
</xs:schema>
"""


def _package_with_xsd(tmp_path: Path, text: str) -> Path:
    package = Path(shutil.copytree(PACKAGES / "valid-scorm12", tmp_path / "p"))
    (package / "imscp_rootv1p1p2.xsd").write_text(text)
    return package


def test_hostile_schema_in_package_is_refused(tmp_path: Path) -> None:
    report = validate_package(_package_with_xsd(tmp_path, ENTITY_XSD))
    assert [(f.rule_id, f.file) for f in report.errors] == [
        ("SEC-XML-ENTITY", "imscp_rootv1p1p2.xsd")]


def test_schema_import_leaving_the_package_is_not_followed(tmp_path: Path) -> None:
    report = validate_package(_package_with_xsd(tmp_path, REMOTE_IMPORT_XSD))
    assert report.rule_ids() == {"CP-XSD-UNAVAILABLE"}
    assert "not followed" in report.warnings[0].message


def test_compiled_schemas_are_cached(schemas_dir: Path) -> None:
    schema_module._CACHE.clear()
    validate_package(PACKAGES / "valid-scorm12", schemas_dir=schemas_dir)
    cached = dict(schema_module._CACHE)
    validate_package(PACKAGES / "valid-scorm12", schemas_dir=schemas_dir)
    assert len(cached) == 1
    assert cached == schema_module._CACHE


def test_no_schemas_means_no_xsd_work() -> None:
    schema_module._CACHE.clear()
    report = validate_package(PACKAGES / "valid-scorm2004")
    assert schema_module._CACHE == {}
    assert report.ok
