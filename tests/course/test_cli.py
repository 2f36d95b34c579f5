"""The CLI's face of the course loader: a message and exit code 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.cli.main import main
from lms_bridge.course.loader import load_course
from tests.course.conftest import COURSES


def test_new_creates_a_course_that_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    main(["new", str(tmp_path / "c"), "--languages", "sq,en", "--id", "demo"])
    assert "Created a course" in capsys.readouterr().out
    course = load_course(tmp_path / "c")
    assert (course.id, course.languages) == ("demo", ["sq", "en"])


def test_new_refuses_a_non_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    (tmp_path / "x.md").write_text("x", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["new", str(tmp_path)])
    assert caught.value.code == 1
    assert "already exists and is not an empty folder" in capsys.readouterr().err


def test_build_of_the_broken_course_lists_its_problems(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "out.zip"
    with pytest.raises(SystemExit) as caught:
        main(["build", str(COURSES / "broken"), "-o", str(output)])
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "has problems (24 problem(s))" in err
    assert "modules/intro.en.md:25: quiz intro-check, question q1: unknown question type" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
