from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lms_bridge.cli.main import cli
from tests.scorm.courses import DATA, UNICODE_COURSE


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_build_defaults_to_scorm12_in_the_first_language(runner: CliRunner,
                                                         tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(UNICODE_COURSE)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "vetqeverisja-test-sq-scorm12.zip").is_file()
    assert "vetqeverisja-test-sq-scorm12.zip" in result.output
    assert "2 SCO(s), 4 pages, 2 questions" in result.output


def test_build_all_languages_single_sco_to_a_named_file(runner: CliRunner,
                                                        tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(UNICODE_COURSE), "--standard", "scorm2004",
                                 "--all-languages", "--single-sco", "-o", "x/course.zip"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x" / "course.zip").is_file()
    assert "sq+bg  1 SCO(s)" in result.output


def test_build_split_languages_into_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(UNICODE_COURSE), "--split-languages", "-o", "pk"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "pk").iterdir()) == [
        "vetqeverisja-test-bg-scorm12.zip", "vetqeverisja-test-sq-scorm12.zip"]


def test_language_options_are_exclusive(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", str(UNICODE_COURSE), "--lang", "sq",
                                 "--all-languages"])
    assert result.exit_code == 2
    assert "only one of --lang, --all-languages, --split-languages" in result.output


def test_broken_course_gives_the_loader_message_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tmp_path / "src"
    shutil.copytree(UNICODE_COURSE, course)
    (course / "media" / "схема.png").unlink()
    (course / "modules" / "financat.bg.md").unlink()
    before = sorted(p.name for p in tmp_path.iterdir())
    from lms_bridge.cli.main import main

    with pytest.raises(SystemExit) as exit_info:
        main(["build", str(course)])
    assert exit_info.value.code == 1
    message = capsys.readouterr().err
    assert "схема.png" in message and "financat.bg.md" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_course_templates_folder_overrides_built_in_templates(runner: CliRunner,
                                                              tmp_path: Path) -> None:
    course = tmp_path / "src"
    shutil.copytree(UNICODE_COURSE, course)
    shutil.copytree(DATA / "override-templates", course / "templates")
    result = runner.invoke(cli, ["build", str(course), "-o", "p.zip"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "p.zip") as archive:
        assert b'data-override="course-template"' in archive.read("sco/hyrje.html")
        assert "player/extra.js" in archive.namelist()


def test_output_folder_gets_the_default_name(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    result = runner.invoke(cli, ["build", str(UNICODE_COURSE), "--lang", "bg", "-o", "dist"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dist" / "vetqeverisja-test-bg-scorm12.zip").is_file()


def test_media_left_out_are_shown_as_warnings_and_the_build_goes_on(
    runner: CliRunner, tmp_path: Path
) -> None:
    course = tmp_path / "src"
    shutil.copytree(UNICODE_COURSE, course)
    (course / "media" / "draft.png").write_bytes(b"\x89PNG")
    result = runner.invoke(cli, ["build", str(course), "-o", "out.zip"])
    assert result.exit_code == 0, result.output
    assert ("Warning: media/draft.png: no page, quiz or language refers to it, so it is left "
            "out of the package") in result.output
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert "media/draft.png" not in archive.namelist()
