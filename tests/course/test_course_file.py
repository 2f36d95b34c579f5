"""course.yaml: each mistake, alone, on a copy of the valid mini course."""

from __future__ import annotations

from pathlib import Path

from tests.course.helpers import edit, problems


def test_yaml_syntax_error_has_its_line(mini: Path) -> None:
    edit(mini / "course.yaml", "duration_minutes: 15", "duration_minutes: [15")
    [problem] = problems(mini)
    assert problem.startswith("course.yaml:13: invalid YAML")


def test_unknown_key_suggests_the_right_one(mini: Path) -> None:
    edit(mini / "course.yaml", "mastery_score: 70", "mastery_scor: 70")
    assert problems(mini) == [
        "course.yaml:14: unknown key 'mastery_scor' (did you mean 'mastery_score'?)"]


def test_missing_required_key(mini: Path) -> None:
    edit(mini / "course.yaml", 'version: "1.2"\n', "")
    assert problems(mini) == ["course.yaml:1: 'version' is required"]


def test_duplicate_key(mini: Path) -> None:
    edit(mini / "course.yaml", "max_attempts: 2", "max_attempts: 2\nmax_attempts: 3")
    assert problems(mini) == ["course.yaml:16: key 'max_attempts' is given twice"]


def test_value_out_of_range_and_wrong_enum(mini: Path) -> None:
    edit(mini / "course.yaml", "mastery_score: 70", "mastery_score: -5")
    edit(mini / "course.yaml", "sco_mode: single", "sco_mode: multi")
    found = problems(mini)
    assert found[0] == "course.yaml:14: mastery_score: input should be greater than or equal to 0"
    assert found[1].startswith("course.yaml:16: sco_mode: input should be 'per_module' or "
                               "'single' (got 'multi')")


def test_invalid_course_id(mini: Path) -> None:
    edit(mini / "course.yaml", "id: mini-course", "id: Mini Course")
    [problem] = problems(mini)
    assert problem.startswith("course.yaml:1: id: course id 'Mini Course' is not a valid id")


def test_missing_translation_of_a_course_text(mini: Path) -> None:
    edit(mini / "course.yaml", "  bg: Кратък курс за проверка на зареждането.\n", "")
    assert problems(mini) == [
        "course.yaml:8: description: missing translation for language 'bg'"]


def test_translation_for_an_unlisted_language(mini: Path) -> None:
    edit(mini / "course.yaml", "  bg: Малък курс за общините", "  bg: Малък\n  de: Kurs")
    assert problems(mini) == ["course.yaml:8: title: language 'de' is not listed in 'languages'"]


def test_bad_language_code_and_duplicate(mini: Path) -> None:
    edit(mini / "course.yaml", "languages: [sq, en, bg]", "languages: [sq, en, bg, EN, en]")
    found = problems(mini)
    assert found[0].startswith("course.yaml:3: languages: 'EN' is not a language code")
    assert found[1] == "course.yaml:3: languages: duplicate language id 'en'"


def test_duplicate_and_invalid_module_ids(mini: Path) -> None:
    edit(mini / "course.yaml", "modules: [hyrje, buxheti]",
         "modules: [hyrje, buxheti, hyrje, Buxheti 2]")
    assert problems(mini) == [
        "course.yaml:17: modules: module id 'Buxheti 2' is not a valid id: use lower-case ASCII "
        "letters, digits, '-' and '_' (up to 64, starting with a letter or digit)",
        "course.yaml:17: modules: duplicate module id 'hyrje'"]


def test_a_number_where_text_is_expected(mini: Path) -> None:
    edit(mini / "course.yaml", 'version: "1.2"', "version: 1.2")
    assert problems(mini) == [
        "course.yaml:2: version: input should be a valid string (got 1.2: put it in quotes)"]


def test_not_a_mapping(mini: Path) -> None:
    (mini / "course.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    [problem] = problems(mini)
    assert problem.startswith("course.yaml:1: course.yaml must be a mapping")


def test_not_utf8(mini: Path) -> None:
    (mini / "course.yaml").write_bytes("id: x\ntitle: ë\n".encode("cp1252"))
    assert problems(mini) == ["course.yaml:2: is not UTF-8 text; save it as UTF-8"]
