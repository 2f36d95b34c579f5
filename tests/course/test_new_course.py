from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.course.loader import load_course
from lms_bridge.course.new_course import create_course, slug
from lms_bridge.exceptions import InputError


def test_default_course_is_bilingual_and_loads(tmp_path: Path) -> None:
    course = load_course(create_course(tmp_path / "course"))
    assert course.id == "course"
    assert course.languages == ["en", "sq"]
    assert course.module_ids == ["welcome", "check"]
    assert course.media == ["media/course-map.svg"]
    quiz = course.modules["sq"][1].pages[0].quiz
    assert quiz is not None
    assert [q.type.value for q in quiz.questions] == ["single", "multiple", "true_false"]


@pytest.mark.parametrize("languages", [["bg"], ["sq", "en", "bg"], ["en"]])
def test_any_choice_of_languages_loads(tmp_path: Path, languages: list[str]) -> None:
    course = load_course(create_course(tmp_path / "c", languages=languages))
    assert course.languages == languages
    assert sorted(p.name.split(".")[1] for p in (tmp_path / "c" / "modules").iterdir()) == sorted(
        languages * 2)


def test_id_and_title_are_written_safely(tmp_path: Path) -> None:
    target = create_course(tmp_path / "x", course_id="law-139", title='Ligji: "bazat" # 1')
    course = load_course(target)
    assert course.id == "law-139"
    assert course.text("title", "sq") == 'Ligji: "bazat" # 1'


def test_a_non_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="not an empty folder"):
        create_course(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_bad_options_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        create_course(tmp_path / "new", course_id="Bad Id", languages=["en", "de"])
    assert [p.file for p in caught.value.problems] == ["--id", "--languages"]
    assert caught.value.problems[0].message.startswith("course id 'Bad Id' is not a valid id")
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(("name", "expected"), [
    ("Ligji për bashkitë", "ligji-per-bashkite"),
    ("Comunicare_2025", "comunicare-2025"),
    ("Проект", "my-course"),
])
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected
