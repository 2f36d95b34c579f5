"""ADL content-package rules beyond the corpus: href resolution details and namespaces."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms_bridge.scorm.validate import validate_package
from tests.validate.conftest import PACKAGES, edited_package


def test_adlcp_namespace_of_the_other_version(tmp_path: Path) -> None:
    package = edited_package(tmp_path, "valid-scorm2004", "http://www.adlnet.org/xsd/adlcp_v1p3",
                      "http://www.adlnet.org/xsd/adlcp_rootv1p2")
    report = validate_package(package)
    assert [f.rule_id for f in report.errors] == ["CP-SCORMTYPE-CASE"]


def test_launch_parameters_and_percent_encoding_resolve(tmp_path: Path) -> None:
    package = edited_package(tmp_path, "valid-scorm12", 'href="index.html">',
                      'href="my%20lesson.html?lang=sq#start">')
    (package / "index.html").rename(package / "my lesson.html")
    manifest = package / "imsmanifest.xml"
    manifest.write_text(manifest.read_text().replace('<file href="index.html"/>',
                                                     '<file href="my%20lesson.html"/>'))
    assert validate_package(package, strict=True).ok


def test_xml_base_is_applied(tmp_path: Path) -> None:
    package = edited_package(tmp_path, "valid-scorm12", "<resources>",
                             '<resources xml:base="content/">')
    (package / "content").mkdir()
    (package / "index.html").rename(package / "content" / "index.html")
    shutil.move(package / "player", package / "content" / "player")
    assert validate_package(package, strict=True).ok


def test_path_that_climbs_but_stays_inside_is_fine(tmp_path: Path) -> None:
    package = edited_package(tmp_path, "valid-scorm12", '<file href="player/player.js"/>',
                      '<file href="player/../player/player.js"/>')
    assert validate_package(package, strict=True).ok


def test_duplicate_identifier_names_the_first_line(tmp_path: Path) -> None:
    package = edited_package(tmp_path, "valid-scorm12", 'identifier="ITEM1"', 'identifier="ORG1"')
    report = validate_package(package)
    [dup] = [f for f in report.findings if f.rule_id == "CP-IDENTIFIER-DUPLICATE"]
    assert dup.line == 13 and "line 11" in dup.message


def test_os_litter_gets_a_hint(tmp_path: Path) -> None:
    package = Path(shutil.copytree(PACKAGES / "valid-scorm12", tmp_path / "p"))
    (package / ".DS_Store").write_bytes(b"\0")
    (package / "__MACOSX").mkdir()
    (package / "__MACOSX" / "._index.html").write_bytes(b"\0")
    messages = sorted(f.message for f in validate_package(package).warnings)
    assert "macOS folder metadata" in messages[0] and "macOS zip metadata" in messages[1]


@pytest.mark.parametrize(("href", "rule_id"), [
    ("C:/course/player.js", "CP-HREF-ABSOLUTE"),
    ("C:\\course\\player.js", "CP-HREF-BACKSLASH"),
    ("player%5cplayer.js", "CP-HREF-BACKSLASH"),
    ("%2e%2e/player.js", "CP-HREF-PARENT"),
    ("%2Fplayer/player.js", "CP-HREF-ABSOLUTE"),
    ("//cdn.example.com/player.js", "CP-HREF-EXTERNAL"),
])
def test_disguised_hrefs(href: str, rule_id: str, tmp_path: Path) -> None:
    package = edited_package(tmp_path, "valid-scorm12", '<file href="player/player.js"/>',
                      f'<file href="{href}"/>')
    assert rule_id in validate_package(package).rule_ids()
