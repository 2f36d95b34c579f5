"""``lms-bridge deploy`` and ``lms-bridge moodle plugin-zip`` end to end against the fake."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lms_bridge.cli.main import cli, main
from lms_bridge.moodle.lmsbridge_plugin import DEPLOY_SCORM, PLUGIN_FUNCTIONS
from lms_bridge.testing import FakeMoodle
from lms_bridge.testing.plugin_fake import PluginState

COURSE_DIR = Path(__file__).resolve().parents[1] / "data" / "courses" / "mini"


@pytest.fixture
def runner(fake: FakeMoodle, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("LMS_BRIDGE_MOODLE_URL", fake.url)
    monkeypatch.setenv("LMS_BRIDGE_MOODLE_TOKEN", fake.token)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return CliRunner()


def test_deploy_a_course_folder_twice(fake: FakeMoodle, plugin: PluginState,
                                      runner: CliRunner) -> None:
    args = ["deploy", str(COURSE_DIR), "--course", "LAB101", "--completion", "score:70",
            "--json"]
    first = runner.invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert (report["action"], report["idnumber"]) == ("created", "lms-bridge:course-mini-course")
    assert report["name"] == "Kurs i vogël për bashkitë"
    second = runner.invoke(cli, args, catch_exceptions=False)
    assert json.loads(second.output)["action"] == "unchanged"
    assert len(fake.calls_to(DEPLOY_SCORM)) == 1
    assert fake.token not in first.output + second.output


def test_deploy_without_plugin_exits_1_with_instructions(
        fake: FakeMoodle, runner: CliRunner, package_v1: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    fake.remove_functions(PLUGIN_FUNCTIONS)
    with pytest.raises(SystemExit) as exited:
        main(["deploy", str(package_v1), "--course", "LAB101"])
    assert exited.value.code == 1
    output = capsys.readouterr()
    assert "lms-bridge moodle plugin-zip" in output.err + output.out
    assert fake.token not in output.err + output.out


def test_bad_completion_is_a_usage_error(runner: CliRunner, package_v1: Path) -> None:
    result = runner.invoke(cli, ["deploy", str(package_v1), "--course", "LAB101",
                                 "--completion", "finished"])
    assert result.exit_code == 2
    assert "use passed, completed, score:N" in result.output


def test_plugin_zip_command(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "local_lmsbridge.zip"
    result = runner.invoke(cli, ["moodle", "plugin-zip", "-o", str(out)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        assert "lmsbridge/version.php" in archive.namelist()


def test_a_zip_that_is_no_scorm_package_is_refused_before_moodle_is_asked(
        fake: FakeMoodle, plugin: PluginState, runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    result = runner.invoke(cli, ["deploy", str(broken), "--course", "LAB101"])
    assert result.exit_code != 0
    assert "is not a SCORM package" in str(result.exception) + result.output
    assert fake.calls == []


@pytest.mark.parametrize("given", ["course folder", "zip"])
def test_the_package_is_validated_once(fake: FakeMoodle, plugin: PluginState, runner: CliRunner,
                                       package_v1: Path, monkeypatch: pytest.MonkeyPatch,
                                       given: str) -> None:
    """A built package was validated by the build; a given zip by deploy: once either way."""
    import lms_bridge.scorm.validate as validate

    runs: list[Path] = []
    original = validate.validate_package

    def counting(path: Path, **kwargs: Any) -> Any:
        runs.append(path)
        return original(path, **kwargs)

    monkeypatch.setattr(validate, "validate_package", counting)
    package = COURSE_DIR if given == "course folder" else package_v1
    result = runner.invoke(cli, ["deploy", str(package), "--course", "LAB101"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(runs) == 1, runs
