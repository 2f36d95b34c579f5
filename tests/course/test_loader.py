from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.course import CompletionRule, QuestionType, ScoMode
from lms_bridge.course.loader import load_course
from lms_bridge.exceptions import CourseError, Problem
from tests.course.conftest import COURSES

BROKEN_PROBLEMS = [
    "course.yaml:2: version: input should be a valid string (got 1.0: put it in quotes)",
    "course.yaml:8: description: missing translation for language 'bg'",
    "course.yaml:11: unknown key 'durtion_minutes' (did you mean 'duration_minutes'?)",
    "course.yaml:12: mastery_score: input should be less than or equal to 100",
    "course.yaml:14: modules: module id 'Bad_Module' is not a valid id",
    "modules/extra.en.md: module 'extra' is not listed in course.yaml's 'modules'",
    "modules/intro.bg.md: missing translation of module 'intro' (language 'bg' is listed",
    "modules/intro.de.md: language 'de' is not listed in course.yaml (languages: en, sq, bg)",
    "modules/intro.en.md:5: text before the first page heading",
    "modules/intro.en.md:9: page welcome: ../media/map.svg: file not found: there is 'Map.svg'",
    "modules/intro.en.md:11: page welcome: ../media/missing.png: file not found",
    "modules/intro.en.md:13: page welcome: ../../secret.pdf: points outside the course folder",
    "modules/intro.en.md:15: page id 'Bad Page' is not a valid id",
    "modules/intro.en.md:25: quiz intro-check, question q1: unknown question type 'essay'",
    "modules/intro.en.md:30: quiz intro-check, question q2: no answer is marked 'correct: true'",
    "modules/intro.en.md:36: quiz intro-check, question q3: a matching question needs at least "
    "two pairs",
    "modules/intro.en.md:38: quiz intro-check: duplicate question id 'q2'",
    "modules/intro.en.md:47: quiz intro-check, question q5: duplicate answer id 'x'",
    "modules/intro.sq.md:2: invalid YAML: mapping values are not allowed",
    "modules/intro.sq.md:14: quiz intro-check, question q1: 'correct' is required",
    "modules/money.bg.md:18: invalid YAML:",
    "modules/money.sq.md:14: quiz money-check, question q1: the right answers are [b (Kryetari)] "
    "instead of [a (Këshilli)] (as in modules/money.en.md)",
    "modules/money.sq.md:21: quiz money-check, question q2: the right answer is false instead "
    "of true",
    "modules/money.sq.md:25: quiz money-check, question q3: the right value is 60 ± 0 instead "
    "of 61 ± 0",
]


def test_broken_course_lists_every_problem_in_one_error() -> None:
    with pytest.raises(CourseError) as caught:
        load_course(COURSES / "broken")
    reported = [str(p) for p in caught.value.problems]
    assert len(reported) == len(BROKEN_PROBLEMS), "\n".join(reported)
    for got, expected in zip(reported, BROKEN_PROBLEMS, strict=True):
        assert got.startswith(expected), f"{got!r} does not start with {expected!r}"
    message = str(caught.value)
    assert message.startswith("Course 'broken-course' has problems (24 problem(s)):")
    assert "Traceback" not in message


def test_mini_course_loads_every_language() -> None:
    course = load_course(COURSES / "mini")
    assert course.id == "mini-course"
    assert course.languages == ["sq", "en", "bg"]
    assert course.completion is CompletionRule.QUIZ_PASSED
    assert course.sco_mode is ScoMode.SINGLE
    assert course.module_ids == ["hyrje", "buxheti"]
    for lang in course.languages:
        assert [m.id for m in course.modules[lang]] == ["hyrje", "buxheti"]
        assert [p.id for p in course.modules[lang][0].pages] == ["bashkia", "hyrje-p2"]
    assert course.root == COURSES / "mini"
    assert course.template_dir is None


def test_media_are_sorted_relative_posix_paths() -> None:
    course = load_course(COURSES / "mini")
    assert course.media == ["media/fletë-palosje.pdf", "media/img/Harta.svg"]


def test_unicode_is_kept_as_written() -> None:
    course = load_course(COURSES / "mini")
    assert course.text("title", "sq") == "Kurs i vogël për bashkitë"
    assert course.text("title", "bg") == "Малък курс за общините"
    page = course.modules["bg"][0].pages[0]
    assert page.title == "Какво е община?"
    assert "Общината е основната единица" in page.body


def test_module_fields_and_sources() -> None:
    module = load_course(COURSES / "mini").modules["sq"][0]
    assert module.title == "Hyrje në vetëqeverisjen vendore"
    assert module.duration_minutes == 5
    assert module.objectives == ["Të shpjegojë çfarë është bashkia"]
    assert module.source is not None and module.source.file == "modules/hyrje.sq.md"
    assert module.pages[1].source is not None and str(module.pages[1].source) == (
        "modules/hyrje.sq.md:19")


def test_page_body_excludes_heading_and_keeps_code_blocks() -> None:
    page = load_course(COURSES / "mini").modules["en"][0].pages[0]
    assert not page.body.startswith("#")
    assert "# not a page heading, only code" in page.body
    assert page.body.startswith("The municipality is the basic unit")


def test_quiz_is_parsed_with_defaults() -> None:
    page = load_course(COURSES / "mini").modules["en"][1].pages[0]
    assert page.body == "Answer the questions."
    quiz = page.quiz
    assert quiz is not None and quiz.id == "kontrolli-buxheti" and quiz.pass_score == 60
    assert quiz.graded is True and quiz.shuffle is False
    types = [q.type for q in quiz.questions]
    assert types == [QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE,
                     QuestionType.MATCHING, QuestionType.FILL_IN, QuestionType.NUMERIC]
    single, multiple, true_false, matching, fill_in, numeric = quiz.questions
    assert [a.id for a in single.answers] == ["a", "b"]
    assert single.answers[0].correct and single.answers[0].feedback == "Correct."
    assert [a.weight for a in multiple.answers] == [0.5, 0.5, None]
    assert true_false.correct is True
    assert [p.id for p in matching.pairs] == ["1", "2"]
    assert fill_in.accept == ["139", "139/2015"]
    assert numeric.value == 61 and numeric.tolerance == 0
    assert single.source is not None and str(single.source) == "modules/buxheti.en.md:13"


def test_templates_folder_is_picked_up(mini: Path) -> None:
    (mini / "templates").mkdir()
    assert load_course(mini).template_dir == mini / "templates"


def test_a_missing_folder_is_a_course_error(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="not found"):
        load_course(tmp_path / "nope")


def test_a_folder_without_course_yaml(tmp_path: Path) -> None:
    with pytest.raises(CourseError) as caught:
        load_course(tmp_path)
    assert [p.file for p in caught.value.problems] == ["course.yaml"]


EXAMPLES = Path(__file__).resolve().parents[2] / "course_packages"


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*/course.yaml")
                                        for p in [p.parent]))
def test_example_course_loads(name: str) -> None:
    course = load_course(EXAMPLES / name)
    assert course.media
    assert all(course.modules[lang] for lang in course.languages)


def test_course_text_falls_back_to_the_default_language() -> None:
    course = load_course(COURSES / "mini")
    assert course.text("institution", "en") == ""
    assert course.text("title", "de") == "Kurs i vogël për bashkitë"


def test_windows_line_endings_and_a_bom_are_fine(mini: Path) -> None:
    for path in [mini / "course.yaml", *sorted((mini / "modules").iterdir())]:
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    course = load_course(mini)
    page = course.modules["en"][1].pages[0]
    assert page.body == "Answer the questions."
    assert page.quiz is not None and page.quiz.questions[0].source is not None
    assert page.quiz.questions[0].source.line == 13


def test_media_no_page_refers_to_are_warnings(mini: Path) -> None:
    (mini / "media" / "old-diagram.png").write_bytes(b"\x89PNG")
    (mini / "media" / "handouts").mkdir()
    (mini / "media" / "handouts" / "unused.pdf").write_bytes(b"%PDF")
    (mini / "media" / ".DS_Store").write_bytes(b"")
    (mini / "notes.txt").write_text("not media", encoding="utf-8")
    warnings: list[Problem] = []
    course = load_course(mini, warnings=warnings)
    assert [str(w) for w in warnings] == [
        f"{file}: no page, quiz or language refers to it, so it is left out of the package"
        for file in ("media/handouts/unused.pdf", "media/old-diagram.png")]
    assert not set(course.media) & {w.file for w in warnings}


def test_example_courses_use_every_media_file() -> None:
    for course in sorted(p.parent for p in EXAMPLES.glob("*/course.yaml")):
        warnings: list[Problem] = []
        load_course(course, warnings=warnings)
        assert warnings == [], course.name
