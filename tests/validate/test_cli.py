"""``lms-bridge validate``: exit codes, human output, stable JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lms_bridge.cli.main import cli
from lms_bridge.cli.validate_cmd import ByteSize
from tests.validate.conftest import PACKAGES, case_input

SNAPSHOTS = PACKAGES / "snapshots"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(("args", "code"), [
    (["valid-scorm12"], 0),
    (["valid-scorm2004"], 0),
    (["dangling-identifierref"], 1),
    (["zip-slip.zip"], 1),
    (["unreferenced-file"], 0),
    (["unreferenced-file", "--strict"], 1),
    (["valid-scorm12", "--max-size", "1K"], 0),
    (["valid-scorm12", "--max-size", "100B"], 1),
    (["not-a-zip.zip"], 2),
    (["does-not-exist.zip"], 2),
])
def test_exit_codes(args: list[str], code: int) -> None:
    exit_code, output = _run(str(PACKAGES / args[0]), *args[1:])
    assert exit_code == code, output


def test_human_output_groups_by_severity_with_file_and_line() -> None:
    code, output = _run(str(PACKAGES / "missing-scormtype"))
    assert code == 1
    errors_at, warnings_at = output.index("Errors"), output.index("Warnings")
    assert errors_at < output.index("imsmanifest.xml:20  [CP-SCORMTYPE-MISSING]") < warnings_at
    assert "fix: Add adlcp:scormtype" in output


def test_unreadable_input_message() -> None:
    code, output = _run(str(PACKAGES / "not-a-zip.zip"))
    assert code == 2
    assert "not a zip file" in output


@pytest.mark.parametrize("case", ["dangling-identifierref", "zip-bomb-declared-size.zip",
                                  "valid-scorm2004"])
def test_json_output_matches_snapshot(case: str, tmp_path: Path) -> None:
    package = case_input(case, tmp_path)
    code, output = _run(str(package), "--json")
    data = json.loads(output)
    expected = json.loads((SNAPSHOTS / f"{case.removesuffix('.zip')}.json").read_text())
    assert data == expected
    assert code == (0 if data["ok"] else 1)


def test_json_is_byte_stable(tmp_path: Path) -> None:
    package = case_input("bad-schemaversion", tmp_path)
    first, second = _run(str(package), "--json")[1], _run(str(package), "--json")[1]
    assert first == second


@pytest.mark.parametrize(("text", "size"), [("50M", 50 * 1024**2), ("1.5G", 1536 * 1024**2),
                                            ("800k", 800 * 1024), ("1048576", 1048576),
                                            ("20MB", 20 * 1024**2)])
def test_byte_size(text: str, size: int) -> None:
    assert ByteSize().convert(text, None, None) == size


def test_bad_size_is_a_usage_error() -> None:
    code, output = _run(str(PACKAGES / "valid-scorm12"), "--max-size", "lots")
    assert code == 2
    assert "not a size" in output


def test_current_folder_is_named_by_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PACKAGES / "valid-scorm12")
    code, output = _run(".")
    assert code == 0
    assert output.startswith("valid-scorm12: SCORM 1.2")
