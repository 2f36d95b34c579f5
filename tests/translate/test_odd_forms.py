"""Every string of a course written in the rarer Markdown and YAML forms survives an import.

``tests/data/translate/odd-markdown`` has a table in a quote, list items with continuation lines
and hard breaks, a setext and a closed ATX heading, a raw HTML block, an image with a title,
flow and block YAML lists, literal and folded scalars, quoted and plain answers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms_bridge.course.loader import load_course
from lms_bridge.translate.api import export_file, import_file
from lms_bridge.translate.catalog import build_catalog
from tests.translate.helpers import edit_csv, snapshot

DATA = Path(__file__).resolve().parents[1] / "data" / "translate" / "odd-markdown"


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA, tmp_path / "odd-markdown"))


def _revised(unit_id: str, text: str) -> str:
    if unit_id.endswith(".accept"):
        return text + "\nrevised"
    if "html" in unit_id or text.endswith("</div>"):
        return text.replace("</div>", "(revised)</div>")
    return f"{text} (revised)"


@pytest.mark.parametrize("fmt", ["xliff", "csv"])
def test_unedited_round_trip_is_byte_exact(odd: Path, tmp_path: Path, fmt: str) -> None:
    before = snapshot(odd)
    out = tmp_path / f"x.{'xlf' if fmt == 'xliff' else fmt}"
    out.write_bytes(export_file(odd, "sq", fmt)[0])  # type: ignore[arg-type]
    import_file(odd, out)
    assert snapshot(odd) == before


def test_every_form_can_be_rewritten(odd: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    data, units = export_file(odd, "sq", "csv")
    out.write_bytes(data)
    edit_csv(out, lambda unit_id, source, target: _revised(unit_id, target))
    plan = import_file(odd, out)
    assert len(plan.changes) == len(units) == 24
    after = build_catalog(load_course(odd), "sq")
    assert {u.id: after.text(u.id) for u in units} == {u.id: _revised(u.id, u.target)
                                                       for u in units}
    text = (odd / "modules" / "odd.sq.md").read_text(encoding="utf-8")
    assert "> | SCO (revised) | një objekt përmbajtjeje *i ndashëm* \\| njësi (revised) |" in text
    assert "Titull setext (revised)\n-------------\n" in text
    assert "## Titull ATX i mbyllur (revised) ##" in text
    assert '![Një diagram "me thonjëza" (revised)](../media/diagram.svg "The title")' in text


def test_a_new_language_from_the_odd_forms(odd: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    data, units = export_file(odd, "bg", "csv")
    out.write_bytes(data)
    edit_csv(out, lambda unit_id, source, target: _revised(unit_id, source))
    import_file(odd, out)
    course = load_course(odd)
    assert course.languages == ["en", "sq", "bg"]
    after = build_catalog(course, "bg")
    assert {u.id: after.text(u.id) for u in units} == {u.id: _revised(u.id, u.source)
                                                       for u in units}
