"""Reading packages without trusting them: folders with links, limits, unreadable inputs."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.scorm.validate import Limits, PackageUnreadableError, validate_package
from tests.validate.conftest import PACKAGES

VALID = PACKAGES / "valid-scorm12"


def _valid_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(VALID, tmp_path / "pkg"))


@pytest.mark.parametrize("name", ["missing.zip", "not-a-zip.zip"])
def test_unreadable_input_raises(name: str, tmp_path: Path) -> None:
    path = PACKAGES / name if name == "not-a-zip.zip" else tmp_path / name
    with pytest.raises(PackageUnreadableError) as caught:
        validate_package(path)
    assert isinstance(caught.value, LmsBridgeError)
    assert name in str(caught.value)


def test_symlink_in_folder_is_refused_and_not_followed(tmp_path: Path) -> None:
    package = _valid_copy(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    (package / "player" / "leak.txt").symlink_to(secret)
    (package / "linked-dir").symlink_to(tmp_path, target_is_directory=True)
    report = validate_package(package)
    assert sorted(f.file or "" for f in report.findings if f.rule_id == "SEC-SYMLINK") == [
        "linked-dir", "player/leak.txt"]
    assert "do not read" not in str(report.to_json())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX fifos")
def test_fifo_in_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    package = _valid_copy(tmp_path)
    os.mkfifo(package / "pipe")
    report = validate_package(package)
    assert "SEC-SPECIAL-FILE" in report.rule_ids()


def test_entry_count_limit(tmp_path: Path) -> None:
    target = tmp_path / "many.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in VALID.rglob("*"):
            if path.is_file():
                archive.write(path, path.relative_to(VALID).as_posix())
        for i in range(20):
            archive.writestr(f"junk/{i}.txt", "x")
    report = validate_package(target, limits=Limits(max_entries=10))
    assert "SEC-ZIP-ENTRY-COUNT" in report.rule_ids()


def test_huge_manifest_is_refused_before_parsing(tmp_path: Path) -> None:
    manifest = (VALID / "imsmanifest.xml").read_bytes()
    padding = b"<!-- " + b"x" * (17 * 1024**2) + b" -->\n"
    target = tmp_path / "huge.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("imsmanifest.xml", manifest.replace(b"<metadata>", padding +
                                                             b"<metadata>", 1))
        archive.write(VALID / "index.html", "index.html")
    report = validate_package(target)
    assert "SEC-XML-TOO-LARGE" in report.rule_ids()


def test_control_characters_in_entry_names_are_escaped(tmp_path: Path) -> None:
    target = tmp_path / "ansi.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("../\x1b[2Jgotcha.txt", "x")
    report = validate_package(target)
    text = str(report.to_json())
    assert "\x1b" not in text
    assert "\\x1b[2Jgotcha" in text
    # str() of a dict escapes control characters by itself; the findings' own text must too
    [slip] = [f for f in report.findings if f.rule_id == "SEC-ZIP-SLIP"]
    assert slip.file == "../\\x1b[2Jgotcha.txt"
    assert "\x1b" not in slip.message and "\\x1b[2Jgotcha" in slip.message


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert validate_package(tmp_path / "empty").rule_ids() == {"PKG-EMPTY"}


def test_manifest_with_wrong_case_name(tmp_path: Path) -> None:
    package = _valid_copy(tmp_path)
    (package / "imsmanifest.xml").rename(package / "IMSManifest.xml")
    report = validate_package(package)
    assert [(f.rule_id, f.file) for f in report.findings] == [
        ("CP-MANIFEST-AT-ROOT", "IMSManifest.xml")]


def test_manifest_given_instead_of_package(tmp_path: Path) -> None:
    with pytest.raises(PackageUnreadableError, match="not the manifest itself"):
        validate_package(VALID / "imsmanifest.xml")


def test_manifest_refused_as_a_bomb_is_not_also_called_missing(tmp_path: Path) -> None:
    target = tmp_path / "bomb.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", b"<manifest>" + b" " * (4 * 1024**2))
    report = validate_package(target)
    assert report.rule_ids() == {"SEC-ZIP-RATIO"}
