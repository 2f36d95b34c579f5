"""Unit ids follow the course's ids, every string is found, and odd files are handled."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.course.loader import load_course
from lms_bridge.exceptions import InputError
from lms_bridge.translate.api import export_file, import_file
from lms_bridge.translate.catalog import aligned, build_catalog
from tests.translate.conftest import CITIZENS, EU, LAW, copy_course
from tests.translate.helpers import edit_csv, export_csv, snapshot


@pytest.mark.parametrize("name", [LAW, EU, CITIZENS])
def test_every_string_of_the_examples_has_an_aligned_unit(name: str, tmp_path: Path) -> None:
    course = load_course(copy_course(name, tmp_path))
    source = build_catalog(course, course.languages[0])
    target = build_catalog(course, course.languages[1])
    assert set(aligned(source, target)) == set(source.units) == set(target.units)
    kinds = {slot.kind for _, slot in source.units.values()}
    assert {"plain", "title", "paragraph", "cell", "inline", "alt"} <= kinds
    module = course.modules[course.languages[0]][0]
    first_page = module.pages[0]
    assert source.text(f"{module.id}.{first_page.id}.title") == first_page.title
    quiz_questions = [(f"{m.id}.{p.quiz.id}", q) for m in course.modules[course.languages[0]]
                      for p in m.pages if p.quiz for q in p.quiz.questions]
    for quiz, question in quiz_questions:
        prefix = f"{quiz}.{question.id}"
        assert source.text(f"{prefix}.prompt") == question.prompt
        for answer in question.answers:
            assert source.text(f"{prefix}.answer.{answer.id}.text") == answer.text
        for pair in question.pairs:
            assert source.text(f"{prefix}.pair.{pair.id}.right") == pair.right
        if question.accept:
            assert source.text(f"{prefix}.accept") == "\n".join(question.accept)


def test_ids_do_not_depend_on_position(law: Path) -> None:
    course = load_course(law)
    before = {u: s.text for u, (_, s) in build_catalog(course, "sq").units.items()}
    for lang in ("sq", "en"):
        module = law / "modules" / f"foundations.{lang}.md"
        text = module.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        module.write_text(f"{head}\n---\n\n# New {{#new-first}}\n\nA new first page.\n{body}",
                          encoding="utf-8")
    after = {u: s.text for u, (_, s) in build_catalog(load_course(law), "sq").units.items()}
    assert set(after) - set(before) == {"foundations.new-first.title",
                                        "foundations.new-first.body.1"}
    assert all(after[u] == text for u, text in before.items())


def test_crlf_and_bom_of_a_target_file_are_kept(law: Path, tmp_path: Path) -> None:
    module = law / "modules" / "organs.en.md"
    module.write_bytes(b"\xef\xbb\xbf" + module.read_bytes().replace(b"\n", b"\r\n"))
    out = tmp_path / "x.csv"
    export_csv(law, "en", out)
    edit_csv(out, lambda unit_id, source, target: "The organs" if unit_id == "organs.title"
             else None)
    import_file(law, out)
    data = module.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\ntitle: The organs\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")


def _misalign(law: Path) -> None:
    """The English 'what' page gets one paragraph more than the Albanian one."""
    module = law / "modules" / "foundations.en.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("In Albania this right rests on three pillars:",
                                   "An extra paragraph.\n\nIn Albania this right rests on three "
                                   "pillars:"), encoding="utf-8")


def test_a_page_that_does_not_line_up_is_offered_untranslated(law: Path,
                                                              tmp_path: Path) -> None:
    _misalign(law)
    _, units = export_file(law, "en", "csv")
    page = [u for u in units if u.id.startswith("foundations.what.body.")]
    assert page and all(u.target == "" and u.state == "needs-translation" for u in page)
    assert all(u.target for u in units if not u.id.startswith("foundations.what.body."))


def test_a_page_that_does_not_line_up_needs_all_its_blocks(law: Path, tmp_path: Path) -> None:
    _misalign(law)
    out = tmp_path / "x.csv"
    export_csv(law, "en", out)
    edit_csv(out, lambda unit_id, source, target: "Three pillars:" if unit_id ==
             "foundations.what.body.2" else None)
    before = snapshot(law)
    with pytest.raises(InputError) as caught:
        import_file(law, out)
    assert "foundations.what.body.1: this part of the translation does not line up" in str(
        caught.value)
    assert snapshot(law) == before
    edit_csv(out, lambda unit_id, source, target: f"EN {source}" if unit_id.startswith(
        "foundations.what.body.") else None)
    import_file(law, out)
    course = load_course(law)
    en = build_catalog(course, "en")
    assert en.text("foundations.what.body.2") == ("EN Në Shqipëri kjo e drejtë mbështetet në "
                                                  "tri shtylla:")
    assert "An extra paragraph." not in (law / "modules" / "foundations.en.md").read_text(
        encoding="utf-8")
    assert set(aligned(build_catalog(course, "sq"), en)) == set(en.units)


def test_setext_headings_are_units(law: Path, tmp_path: Path) -> None:
    for lang, title in (("sq", "Cikli i buxhetit"), ("en", "The budget cycle")):
        module = law / "modules" / f"functions-finance.{lang}.md"
        module.write_text(module.read_text(encoding="utf-8").replace(
            f"## {title}", f"{title}\n----------------"), encoding="utf-8")
    out = tmp_path / "x.csv"
    export_csv(law, "en", out)
    edit_csv(out, lambda unit_id, source, target: "Budgeting" if unit_id ==
             "functions-finance.finance.body.18" else None)
    import_file(law, out)
    assert "\nBudgeting\n----------------\n" in (
        law / "modules" / "functions-finance.en.md").read_text(encoding="utf-8")


def test_a_new_language_follows_the_style_of_course_yaml() -> None:
    from lms_bridge.translate.rewrite import add_language

    text = ("languages:\n  - sq\n  - en\ntitle: {sq: Titulli, en: The title}\n"
            "description:\n  sq: 'Përshkrim: i gjatë'\n  en: Long\n")
    assert add_language(text, "bg", {"course.title": "Заглавие, ново",
                                     "course.description": "Описание: дълго"}, "sq") == (
        "languages:\n  - sq\n  - en\n  - bg\n"
        'title: {sq: Titulli, en: The title, bg: "Заглавие, ново"}\n'
        "description:\n  sq: 'Përshkrim: i gjatë'\n  en: Long\n  bg: 'Описание: дълго'\n")
