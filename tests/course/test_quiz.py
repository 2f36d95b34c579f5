"""Quiz blocks: each mistake, alone, in the English module of the mini course."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.course.helpers import edit, problems

QUIZ = "modules/buxheti.en.md"


def _only(mini: Path, old: str, new: str) -> str:
    edit(mini / QUIZ, old, new)
    [problem] = problems(mini)
    return problem


def test_unknown_question_type(mini: Path) -> None:
    assert _only(mini, "type: numeric", "type: essay") == (
        f"{QUIZ}:43: quiz kontrolli-buxheti, question bashkite: unknown question type 'essay' "
        "(use one of: single, multiple, true_false, matching, fill_in, numeric)")


def test_missing_type(mini: Path) -> None:
    assert _only(mini, "    type: numeric\n", "").startswith(
        f"{QUIZ}:42: quiz kontrolli-buxheti, question bashkite: 'type' is required")


def test_single_choice_without_a_correct_answer(mini: Path) -> None:
    assert _only(mini, "        correct: true\n        feedback: Correct.",
                 "        feedback: Correct.") == (
        f"{QUIZ}:16: quiz kontrolli-buxheti, question organi: no answer is marked "
        "'correct: true'")


def test_single_choice_with_two_correct_answers(mini: Path) -> None:
    assert _only(mini, "      - text: The mayor", "      - text: The mayor\n        correct: true"
                 ).startswith(f"{QUIZ}:16: quiz kontrolli-buxheti, question organi: 2 answers "
                              "are marked correct")


def test_multiple_choice_without_a_correct_answer(mini: Path) -> None:
    edit(mini / QUIZ, "ndërtesat, correct: true,", "ndërtesat,")
    assert _only(mini, "pakushtëzuar, correct: true,", "pakushtëzuar,") == (
        f"{QUIZ}:24: quiz kontrolli-buxheti, question burimet: no answer is marked "
        "'correct: true'")


def test_matching_needs_two_pairs(mini: Path) -> None:
    assert _only(mini, "      - {left: Zbatimi, right: Kryetari}\n", "") == (
        f"{QUIZ}:35: quiz kontrolli-buxheti, question lidhja: a matching question needs at "
        "least two pairs")


def test_true_false_needs_its_answer(mini: Path) -> None:
    assert _only(mini, "    correct: true\n  - id: lidhja", "  - id: lidhja") == (
        f"{QUIZ}:28: quiz kontrolli-buxheti, question afati: 'correct' is required")


def test_numeric_needs_a_number(mini: Path) -> None:
    assert _only(mini, "value: 61", "value: sixty-one").startswith(
        f"{QUIZ}:45: quiz kontrolli-buxheti, question bashkite, value: input should be a valid "
        "number")


def test_a_key_of_another_question_type(mini: Path) -> None:
    assert _only(mini, "    value: 61", "    value: 61\n    pairs: []") == (
        f"{QUIZ}:46: quiz kontrolli-buxheti, question bashkite: 'pairs' is not used by a "
        "numeric question")


def test_a_misspelt_key(mini: Path) -> None:
    assert _only(mini, "prompt: Lidhni.", "promt: Lidhni.") == (
        f"{QUIZ}:34: quiz kontrolli-buxheti, question lidhja: unknown key 'promt' (did you "
        "mean 'prompt'?)")


def test_duplicate_question_ids(mini: Path) -> None:
    assert _only(mini, "id: ligji", "id: lidhja") == (
        f"{QUIZ}:38: quiz kontrolli-buxheti: duplicate question id 'lidhja'")


def test_duplicate_answer_ids(mini: Path) -> None:
    assert _only(mini, "{text: TVSH-ja e plotë}", "{id: b, text: TVSH-ja e plotë}") == (
        f"{QUIZ}:27: quiz kontrolli-buxheti, question burimet: duplicate answer id 'b'")


@pytest.mark.parametrize(("old", "new", "what"), [
    ("id: kontrolli-buxheti", "id: Kontrolli Buxheti", "quiz id 'Kontrolli Buxheti'"),
    ("id: organi", "id: organ i", "question id 'organ i'"),
])
def test_invalid_ids(mini: Path, old: str, new: str, what: str) -> None:
    assert f"{what} is not a valid id" in _only(mini, old, new)


def test_quiz_yaml_syntax_error(mini: Path) -> None:
    assert _only(mini, "prompt: Lidhni.", "prompt: [Lidhni.").startswith(f"{QUIZ}:35: invalid YAML")


def test_quiz_without_questions(mini: Path) -> None:
    text = (mini / QUIZ).read_text(encoding="utf-8")
    start = text.index("questions:")
    (mini / QUIZ).write_text(text[:start] + "questions: []\n```\n", encoding="utf-8")
    assert problems(mini)[0] == (
        f"{QUIZ}:12: quiz kontrolli-buxheti: a quiz needs at least one question")


def test_pass_score_out_of_range(mini: Path) -> None:
    assert _only(mini, "pass_score: 60", "pass_score: 160") == (
        f"{QUIZ}:11: quiz kontrolli-buxheti, pass_score: input should be less than or equal "
        "to 100")


def test_every_broken_question_is_reported(mini: Path) -> None:
    edit(mini / QUIZ, "type: numeric", "type: essay")
    edit(mini / QUIZ, "      - {left: Zbatimi, right: Kryetari}\n", "")
    edit(mini / QUIZ, "{text: TVSH-ja e plotë}", "{id: a, text: TVSH-ja e plotë}")
    assert [p.split(":")[1] for p in problems(mini)] == ["27", "35", "42"]


def test_fill_in_with_a_blank_accept(mini: Path) -> None:
    assert _only(mini, 'accept: [139, "139/2015"]', 'accept: [" "]') == (
        f"{QUIZ}:41: quiz kontrolli-buxheti, question ligji: give at least one accepted answer")


def test_whole_numbers_are_texts_where_text_is_expected(mini: Path) -> None:
    from lms_bridge.course.loader import load_course

    edit(mini / QUIZ, "text: The mayor", "text: 2015")
    edit(mini / QUIZ, "{left: Zbatimi, right: Kryetari}", "{left: 61, right: 12}")
    quiz = load_course(mini).modules["en"][1].pages[0].quiz
    assert quiz is not None
    assert quiz.questions[0].answers[1].text == "2015"
    assert (quiz.questions[3].pairs[1].left, quiz.questions[3].pairs[1].right) == ("61", "12")


def test_a_decimal_where_text_is_expected_must_be_quoted(mini: Path) -> None:
    assert _only(mini, "text: The mayor", "text: 1.50") == (
        f"{QUIZ}:20: quiz kontrolli-buxheti, question organi, answers.1.text: input should be a "
        "valid string (got 1.5: put it in quotes)")


def test_problems_of_one_question_are_all_reported(mini: Path) -> None:
    edit(mini / QUIZ, "id: bashkite", "id: Bashkite")
    edit(mini / QUIZ, "value: 61", "value: many")
    edit(mini / QUIZ, "      - text: The mayor", "      - The mayor")
    found = problems(mini)
    assert found[0] == (f"{QUIZ}:20: quiz kontrolli-buxheti, question organi, answers.1: must "
                        "be a mapping of 'key: value' lines (got 'The mayor')")
    assert found[1].startswith(f"{QUIZ}:42: quiz kontrolli-buxheti, question Bashkite: question "
                               "id 'Bashkite' is not a valid id")
    assert found[2].startswith(f"{QUIZ}:45: quiz kontrolli-buxheti, question Bashkite, value: "
                               "input should be a valid number")
    assert len(found) == 3


def test_an_answer_without_text(mini: Path) -> None:
    assert _only(mini, "      - text: The mayor", "      - feedback: No.") == (
        f"{QUIZ}:20: quiz kontrolli-buxheti, question organi, answers.1.text: is required")


def test_quiz_ids_are_unique_in_the_whole_course(mini: Path) -> None:
    quiz = (mini / QUIZ).read_text(encoding="utf-8")
    block = quiz[quiz.index("```quiz"):]
    for lang in ("sq", "en", "bg"):
        edit(mini / f"modules/hyrje.{lang}.md", "\n# ", f"\n# Quiz {{#extra}}\n\n{block}\n# ")
    found = problems(mini)
    assert found[1] == (f"{QUIZ}:9: duplicate quiz id 'kontrolli-buxheti' (also in "
                        "modules/hyrje.en.md): quiz ids must be unique in the whole course")
    assert len(found) == 3


@pytest.mark.parametrize(("old", "new", "message"), [
    ("value: 61", "value:", "question bashkite: give the right value, a number"),
    ("    correct: true\n  - id: lidhja", "    correct:\n  - id: lidhja",
     "question afati: must be true or false"),
])
def test_empty_right_answers(mini: Path, old: str, new: str, message: str) -> None:
    assert _only(mini, old, new).endswith(message)


def test_a_quiz_without_an_id(mini: Path) -> None:
    assert _only(mini, "id: kontrolli-buxheti\n", "") == f"{QUIZ}:9: quiz: 'id' is required"


def test_a_misspelt_question_type_gets_a_suggestion(mini: Path) -> None:
    assert _only(mini, "type: numeric", "type: numerical").endswith(
        "unknown question type 'numerical' (did you mean 'numeric'?)")
