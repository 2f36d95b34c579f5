"""Every language of a module must have the same structure and the same right answers."""

from __future__ import annotations

from pathlib import Path

from tests.course.helpers import edit, problems

BG = "modules/buxheti.bg.md"


def _only(mini: Path, old: str, new: str, file: str = BG) -> str:
    edit(mini / file, old, new)
    [problem] = problems(mini)
    return problem


def test_a_missing_module_file(mini: Path) -> None:
    (mini / BG).unlink()
    assert problems(mini) == [f"{BG}: missing translation of module 'buxheti' (language 'bg' is "
                              "listed in course.yaml)"]


def test_a_file_for_an_unlisted_language_or_module(mini: Path) -> None:
    (mini / "modules/hyrje.de.md").write_text((mini / "modules/hyrje.en.md").read_text("utf-8"),
                                              encoding="utf-8")
    (mini / "modules/extra.en.md").write_text("---\ntitle: x\n---\n# X\n", encoding="utf-8")
    (mini / "modules/notes.md").write_text("x", encoding="utf-8")
    assert problems(mini) == [
        "modules/extra.en.md: module 'extra' is not listed in course.yaml's 'modules'",
        "modules/hyrje.de.md: language 'de' is not listed in course.yaml (languages: sq, en, bg)",
        "modules/notes.md: name a module file <module-id>.<language>.md, e.g. intro.en.md",
    ]


def test_different_pages(mini: Path) -> None:
    assert _only(mini, "# Без идентификатор", "# Без идентификатор {#druga}",
                 "modules/hyrje.bg.md") == (
        "modules/hyrje.bg.md:1: pages differ: [bashkia, druga] instead of [bashkia, hyrje-p2] "
        "(as in modules/hyrje.sq.md)")


def test_different_question_ids_or_types(mini: Path) -> None:
    assert _only(mini, "type: numeric\n    prompt: Sa bashki ka Shqipëria?\n    value: 61",
                 "type: fill_in\n    prompt: Sa bashki ka Shqipëria?\n    accept: ['61']") == (
        f"{BG}:9: quiz kontrolli-buxheti: questions differ: [organi (single), burimet (multiple), "
        "afati (true_false), lidhja (matching), ligji (fill_in), bashkite (fill_in)] instead of "
        "[organi (single), burimet (multiple), afati (true_false), lidhja (matching), "
        "ligji (fill_in), bashkite (numeric)] (as in modules/buxheti.sq.md)")


def test_a_quiz_only_in_one_language(mini: Path) -> None:
    text = (mini / BG).read_text(encoding="utf-8")
    (mini / BG).write_text(text[: text.index("```quiz")], encoding="utf-8")
    assert problems(mini) == [f"{BG}:5: page kontrolli: has no quiz block (as in "
                              "modules/buxheti.sq.md)"]


def test_different_quiz_settings(mini: Path) -> None:
    assert _only(mini, "pass_score: 60", "pass_score: 50") == (
        f"{BG}:9: quiz kontrolli-buxheti: pass_score is 50 instead of 60 (as in "
        "modules/buxheti.sq.md)")


def test_different_weights_and_answer_counts(mini: Path) -> None:
    edit(mini / BG, "    type: single\n", "    type: single\n    weight: 2\n")
    edit(mini / BG, "      - {text: TVSH-ja e plotë}\n", "")
    assert problems(mini) == [
        f"{BG}:13: quiz kontrolli-buxheti, question organi: weight is 2 instead of 1 (as in "
        "modules/buxheti.sq.md)",
        f"{BG}:22: quiz kontrolli-buxheti, question burimet: answers differ: [a, b] instead of "
        "[a, b, c] (as in modules/buxheti.sq.md)",
    ]


def test_different_matching_pairs_and_case_sensitivity(mini: Path) -> None:
    edit(mini / BG, "      - {left: Zbatimi, right: Kryetari}\n",
         "      - {left: Zbatimi, right: Kryetari}\n      - {left: X, right: Y}\n")
    edit(mini / BG, 'accept: [139, "139/2015"]', 'accept: [139, "139/2015"]\n'
         "    case_sensitive: true")
    assert problems(mini) == [
        f"{BG}:32: quiz kontrolli-buxheti, question lidhja: pairs differ: [1, 2, 3] instead of "
        "[1, 2] (as in modules/buxheti.sq.md)",
        f"{BG}:39: quiz kontrolli-buxheti, question ligji: case_sensitive is true instead of "
        "false (as in modules/buxheti.sq.md)",
    ]


def test_accepted_fill_in_answers_may_differ(mini: Path) -> None:
    edit(mini / BG, 'accept: [139, "139/2015"]', 'accept: ["сто тридесет и девет"]')
    from lms_bridge.course.loader import load_course

    assert load_course(mini).modules["bg"][1].pages[0].quiz is not None


def test_a_misspelt_module_file_name_gets_a_suggestion(mini: Path) -> None:
    (mini / BG).rename(mini / "modules/buxhet.bg.md")
    assert problems(mini) == [
        "modules/buxhet.bg.md: module 'buxhet' is not listed in course.yaml's 'modules' (did you "
        "mean 'buxheti'?)",
        f"{BG}: missing translation of module 'buxheti' (language 'bg' is listed in course.yaml)",
    ]


def test_different_answer_weights_and_quiz_settings(mini: Path) -> None:
    edit(mini / BG, "ndërtesat, correct: true, weight: 0.5", "ndërtesat, correct: true, weight: 1")
    edit(mini / BG, "pass_score: 60\n", "pass_score: 60\ngraded: false\nshuffle: true\n")
    assert problems(mini) == [
        f"{BG}:9: quiz kontrolli-buxheti: graded is False instead of True (as in "
        "modules/buxheti.sq.md)",
        f"{BG}:9: quiz kontrolli-buxheti: shuffle is True instead of False (as in "
        "modules/buxheti.sq.md)",
        f"{BG}:23: quiz kontrolli-buxheti, question burimet: answer weights differ (as in "
        "modules/buxheti.sq.md)",
    ]


def test_a_quiz_only_in_a_translation(mini: Path) -> None:
    block = (mini / BG).read_text(encoding="utf-8")
    block = block[block.index("```quiz"):].replace("kontrolli-buxheti", "extra-quiz")
    edit(mini / "modules/hyrje.bg.md", "\n# Без идентификатор", f"\n{block}\n# Без идентификатор")
    [problem] = problems(mini)
    assert problem == ("modules/hyrje.bg.md:7: page bashkia: has a quiz block (as in "
                       "modules/hyrje.sq.md)")
