"""Splitting module files into front matter, pages and quiz blocks."""

from __future__ import annotations

from pathlib import Path

from lms_bridge.course.pages import split_front_matter, split_pages
from lms_bridge.exceptions import Problem
from tests.course.helpers import edit, problems

DATA = Path(__file__).resolve().parents[1] / "data" / "courses" / "pages"


def _split(name: str) -> tuple[list[tuple[str, str | None, int, str]], list[str]]:
    found: list[Problem] = []
    lines = (DATA / name).read_text(encoding="utf-8").split("\n")
    pages = split_pages(lines, 1, name, found)
    return [(p.title, p.page_id, p.line, p.body) for p in pages], [str(p) for p in found]


def test_headings_in_code_blocks_start_no_page() -> None:
    pages, found = _split("fences.md")
    assert found == []
    assert [(t, i, n) for t, i, n, _ in pages] == [("First", "first", 1), ("Second", None, 15)]
    assert "# inside backticks" in pages[0][3] and "# inside tildes" in pages[0][3]
    assert "    # indented code" in pages[0][3]


def test_heading_forms() -> None:
    pages, found = _split("headings.md")
    assert found == ["headings.md:7: page heading has no title"]
    assert [(t, i) for t, i, _, _ in pages] == [
        ("Closing hashes", "closed"), ("Тема на български", "bg-1"), ("", None),
        ("Spaces", "spaced")]
    assert pages[0][3] == "## A sub-heading stays in the page"


def test_quiz_block_text_and_problems() -> None:
    pages, found = _split("quizzes.md")
    assert found == [
        "quizzes.md:10: text after the quiz block is not shown; move it above the block or to "
        "a new page",
        "quizzes.md:16: page 'Two' has a second quiz block; put each quiz on its own page",
        "quizzes.md:20: quiz block is not closed by a line '```'",
    ]
    assert [p[3] for p in pages] == ["Before the quiz.", "", ""]
    found_pages: list[Problem] = []
    lines = (DATA / "quizzes.md").read_text(encoding="utf-8").split("\n")
    quizzes = [p.quiz for p in split_pages(lines, 1, "q.md", found_pages)]
    assert [(q.text, q.line) for q in quizzes if q is not None] == [
        ("id: one\nquestions: []", 5), ("", 14), ("id: never-closed\n", 20)]


def test_front_matter_must_open_and_close() -> None:
    found: list[Problem] = []
    assert split_front_matter("# No front matter", "a.md", found) is None
    assert split_front_matter("---\ntitle: x\n# never closed", "b.md", found) is None
    assert [str(p) for p in found] == [
        "a.md:1: the file must start with a front matter block: a line '---', 'title: …', and "
        "a closing '---'",
        "b.md:1: the front matter block is not closed by a line '---'",
    ]
    front = split_front_matter("---\ntitle: x\n---\n\n# P\n", "c.md", found)
    assert front is not None and (front.text, front.first_line, front.body_line) == (
        "title: x", 2, 4)


def test_text_before_the_first_heading(mini: Path) -> None:
    edit(mini / "modules/hyrje.en.md", "---\n\n# What", "---\n\nA stray line.\n\n# What")
    assert problems(mini) == ["modules/hyrje.en.md:8: text before the first page heading "
                              "('# Title'); every page starts with a level-1 heading"]


def test_a_module_without_pages(mini: Path) -> None:
    (mini / "modules/hyrje.bg.md").write_text("---\ntitle: Празно\n---\n", encoding="utf-8")
    assert problems(mini) == ["modules/hyrje.bg.md:4: the module has no pages: start one with "
                              "'# Title'"]


def test_unknown_front_matter_key_and_missing_title(mini: Path) -> None:
    edit(mini / "modules/hyrje.en.md", "title: Introduction to local self-government\n",
         "titel: Introduction\n")
    edit(mini / "modules/hyrje.bg.md", "title: Въведение в местното самоуправление\n", "")
    assert problems(mini) == [
        "modules/hyrje.bg.md:2: 'title' is required",
        "modules/hyrje.en.md:2: unknown key 'titel' (did you mean 'title'?)",
    ]


def test_front_matter_type_error_points_at_its_line(mini: Path) -> None:
    edit(mini / "modules/hyrje.en.md", "duration_minutes: 5", "duration_minutes: five")
    [problem] = problems(mini)
    assert problem.startswith("modules/hyrje.en.md:3: duration_minutes: input should be a valid "
                              "integer")


def test_invalid_and_duplicate_page_ids(mini: Path) -> None:
    edit(mini / "modules/hyrje.sq.md", "# Pa id", "# Pa id {#bashkia}")
    edit(mini / "modules/hyrje.en.md", "{#bashkia}", "{#Bashkia!}")
    found = problems(mini)
    assert found[0].startswith("modules/hyrje.en.md:8: page id 'Bashkia!' is not a valid id")
    assert found[1] == "modules/hyrje.sq.md:19: duplicate page id 'bashkia'"


def test_page_and_quiz_ids_are_unique_in_the_whole_course(mini: Path) -> None:
    for lang in ("sq", "en", "bg"):
        edit(mini / f"modules/buxheti.{lang}.md", "{#kontrolli}", "{#bashkia}")
    found = problems(mini)
    assert found[0] == ("modules/buxheti.bg.md:5: duplicate page id 'bashkia' (also in "
                        "modules/hyrje.bg.md): page ids must be unique in the whole course")
    assert len(found) == 3


def test_front_matter_and_page_problems_come_together(mini: Path) -> None:
    edit(mini / "modules/hyrje.en.md", "duration_minutes: 5", "duration_minutes: 0.5")
    edit(mini / "modules/hyrje.en.md", "../media/img/Harta.svg", "../media/img/gone.svg")
    found = problems(mini)
    assert found[0].startswith("modules/hyrje.en.md:3: duration_minutes: input should be a "
                               "valid integer")
    assert found[1] == "modules/hyrje.en.md:12: page bashkia: ../media/img/gone.svg: file not found"
