"""Moodle's reading of manifests, as scormlib.php's scorm_get_manifest() does it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms_bridge.scorm.validate import validate_package
from lms_bridge.scorm.validate.moodle_rules import moodle_version
from tests.validate.conftest import PACKAGES, edited_package


@pytest.mark.parametrize(("raw", "seen"), [
    ("1.2", "SCORM_1.2"),
    ("CAM 1.3", "SCORM_1.3"),
    ("1.3", "SCORM_1.3"),
    ("2004 4th Edition", "SCORM_1.3"),
    ("2004 3rd Edition", "SCORM_1.3"),
    ("\n      2004 4th Edition\n    ", "SCORM_1.2"),
    ("2004 4th Edition\n", "SCORM_1.3"),
    ("2004 4th edition", "SCORM_1.2"),
    (" 2004 4th Edition", "SCORM_1.2"),
    ("2004 4th Edition ", "SCORM_1.2"),
    ("2004 5th Edition", "SCORM_1.2"),
    (None, "SCORM_1.2"),
])
def test_moodle_version(raw: str | None, seen: str) -> None:
    assert moodle_version(raw) == seen


def test_trailing_space_in_schemaversion_is_only_a_moodle_error(tmp_path: Path) -> None:
    package = edited_package(tmp_path, "valid-scorm2004", "2004 4th Edition<", "2004 4th Edition <")
    report = validate_package(package)
    assert {f.rule_id for f in report.errors} == {"MOODLE-SCHEMAVERSION"}


def test_prefixed_cp_namespace_is_invisible_to_moodle(tmp_path: Path) -> None:
    package = Path(shutil.copytree(PACKAGES / "valid-scorm12", tmp_path / "p"))
    manifest = package / "imsmanifest.xml"
    text = manifest.read_text().replace('xmlns="http', 'xmlns:cp="http')
    text = text.replace("<", "<cp:").replace("<cp:/", "</cp:").replace("<cp:?", "<?")
    text = text.replace("<cp:adlcp:", "<adlcp:").replace("</cp:adlcp:", "</adlcp:")
    manifest.write_text(text)
    report = validate_package(package)
    assert [f.rule_id for f in report.errors] == ["MOODLE-PREFIX"]


def test_2004_package_labelled_12_for_moodle(tmp_path: Path) -> None:
    package = edited_package(tmp_path, "valid-scorm12", "<schemaversion>1.2<",
                      "<schemaversion>2004 4th Edition<")
    report = validate_package(package)
    assert {"CP-SCHEMAVERSION", "MOODLE-SCHEMAVERSION"} <= {f.rule_id for f in report.errors}


def test_sequencing_moodle_reads_is_not_flagged(tmp_path: Path) -> None:
    package = edited_package(tmp_path, "valid-scorm2004", "<imsss:deliveryControls", """\
<imsss:controlMode choice="true" flow="true"/>
          <imsss:objectives><imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true">
            <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
          </imsss:primaryObjective></imsss:objectives>
          <imsss:deliveryControls""")
    assert validate_package(package, strict=True).ok


def test_sequencing_collection_reference_is_flagged(tmp_path: Path) -> None:
    package = edited_package(tmp_path, "valid-scorm2004", "<imsss:sequencing>",
                      '<imsss:sequencing IDRef="common">')
    report = validate_package(package)
    messages = [f.message for f in report.warnings if f.rule_id == "MOODLE-SEQUENCING-IGNORED"]
    assert len(messages) == 1 and "IDRef" in messages[0]


def test_upload_limit(tmp_path: Path) -> None:
    report = validate_package(PACKAGES / "valid-scorm12", max_size=10**9)
    assert "MOODLE-UPLOAD-SIZE" not in report.rule_ids()
    report = validate_package(PACKAGES / "valid-scorm12", max_size=10)
    assert "MOODLE-UPLOAD-SIZE" in report.rule_ids()

