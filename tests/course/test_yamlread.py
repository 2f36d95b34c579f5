from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.course import yamlread
from lms_bridge.course.yamlread import read_yaml
from lms_bridge.exceptions import Problem

TEXT = """\
id: q
questions:
  - id: one
    answers:
      - {text: "Ç", correct: true}
      - text: Б
"""


def test_values_and_their_lines_with_an_offset() -> None:
    found: list[Problem] = []
    doc = read_yaml(TEXT, "m.md", found, first_line=10)
    assert found == [] and doc is not None
    assert doc.data["questions"][0]["answers"][1] == {"text": "Б"}
    assert doc.line(("id",)) == 10
    assert doc.line(("questions", 0)) == 12
    assert doc.line(("questions", 0, "answers", 0, "correct")) == 14
    assert doc.line(("questions", 0, "answers", 1, "text")) == 15
    assert doc.line(("questions", 0, "answers", 1, "weight")) == 15  # nearest written ancestor


def test_duplicate_keys_are_reported() -> None:
    found: list[Problem] = []
    read_yaml("a: 1\nb: 2\na: 3\n", "c.yaml", found)
    assert [str(p) for p in found] == ["c.yaml:3: key 'a' is given twice"]


def test_syntax_errors_have_a_line_and_a_hint() -> None:
    found: list[Problem] = []
    assert read_yaml("title: Money: the basics\n", "m.md", found, first_line=2) is None
    assert read_yaml("a:\n\tb: 1\n", "t.yaml", found) is None
    assert [(p.file, p.line) for p in found] == [("m.md", 2), ("t.yaml", 2)]
    assert found[0].message.startswith("invalid YAML: mapping values are not allowed")
    assert found[0].message.endswith("; a text with ': ' in it must be put in quotes")
    assert found[1].message.endswith("; indent with spaces, not tabs")


def test_an_empty_document() -> None:
    doc = read_yaml("", "e.yaml", [], first_line=4)
    assert doc is not None and doc.data is None and doc.line(()) == 4


def test_aliases_of_collections_are_refused() -> None:
    found: list[Problem] = []
    laughs = 'a: &a ["lol", "lol"]\nb: &b [*a, *a]\nc: [*b, *b]\n'
    assert read_yaml(laughs, "bomb.yaml", found) is None
    assert {(p.line, p.message.split(";")[0]) for p in found} == {
        (2, "YAML anchors and aliases (&name, *name) are not supported"),
        (3, "YAML anchors and aliases (&name, *name) are not supported")}


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    found: list[Problem] = []
    assert read_yaml("[" * 5000 + "]" * 5000, "deep.yaml", found) is None
    assert [str(p) for p in found] == ["deep.yaml:1: the YAML is nested too deeply"]


DATA = Path(__file__).resolve().parents[1] / "data"
DOCUMENTS = sorted(
    [*(DATA / "yaml").glob("*.yaml"), *(DATA / "courses").rglob("course.yaml"),
     *Path(__file__).resolve().parents[2].glob("course_packages/*/course.yaml")],
)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(DATA.parent.parent)))
def test_one_pass_reading_equals_the_full_one(path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Values, lines and problems are the same as walking the nodes, then SafeConstructor."""
    text = path.read_text(encoding="utf-8")
    fast_problems: list[Problem] = []
    fast = read_yaml(text, "f.yaml", fast_problems, first_line=3)

    def unusual(*args: object) -> None:
        raise yamlread._Unusual

    monkeypatch.setattr(yamlread._Plain, "value", unusual)
    full_problems: list[Problem] = []
    full = read_yaml(text, "f.yaml", full_problems, first_line=3)
    assert fast_problems == full_problems
    assert (fast is None) == (full is None)
    if fast is not None and full is not None:
        assert repr(fast.data) == repr(full.data)  # repr: nan != nan
        assert fast.lines == full.lines


@pytest.mark.parametrize("path", [p for p in DOCUMENTS
                                  if p.name != "unusual.yaml" and "broken" not in p.parts],
                         ids=lambda p: str(p.relative_to(DATA.parent.parent)))
def test_usual_documents_are_read_in_one_pass(path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def walk(*args: object) -> None:
        raise AssertionError("read twice")

    monkeypatch.setattr(yamlread, "_walk", walk)
    assert read_yaml(path.read_text(encoding="utf-8"), "f.yaml", []) is not None
