"""Export → (edit) → import gives exactly the course that was meant, byte for byte elsewhere."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

import lms_bridge.translate.units as units_module
from lms_bridge.course.loader import load_course
from lms_bridge.translate.api import course_status, export_file, import_file
from lms_bridge.translate.catalog import build_catalog
from lms_bridge.translate.lockfile import read_lock
from tests.translate.conftest import EU, LAW, copy_course
from tests.translate.helpers import edit_csv, export_csv, skeleton, snapshot

EXTENSIONS = {"xliff": "xlf", "xlsx": "xlsx", "csv": "csv"}


@pytest.mark.parametrize("fmt", ["xliff", "xlsx", "csv"])
@pytest.mark.parametrize(("name", "source", "target"), [
    (EU, "bg", "en"),  # Cyrillic source
    (EU, "en", "bg"),  # Cyrillic target
    (LAW, "sq", "en"),  # Albanian source
    (LAW, "en", "sq"),  # Albanian target
])
def test_unedited_round_trip_is_byte_exact(tmp_path: Path, name: str, source: str, target: str,
                                           fmt: str) -> None:
    course = copy_course(name, tmp_path)
    before = snapshot(course)
    out = tmp_path / f"export.{EXTENSIONS[fmt]}"
    data, units = export_file(course, target, fmt, source)  # type: ignore[arg-type]
    out.write_bytes(data)
    assert all(u.target for u in units)
    plan = import_file(course, out)
    assert plan.changes == [] and plan.files == {}
    assert snapshot(course) == before
    assert len(read_lock(course).records[target]) == len(units)


# (unit id, new text) of every kind of string the course has
EDITS = {
    "course.description": "A hands-on introduction to Law No. 139/2015 for municipal staff, "
                          "with examples from Albanian municipalities and a final check.",
    "course.title": "Local self-government: the law in practice",
    "foundations.title": "Foundations: what local self-government is",
    "foundations.objectives.2": "Describe the 2015 territorial reform",
    "foundations.what.title": "Local self-government: what it means",
    "foundations.what.body.1": "**Local self-government** means that municipalities and "
                               "regions decide on a large part of public affairs themselves, "
                               "within the law, for the good of their residents.",
    "foundations.what.body.3": "The **Constitution** (Part Six, Articles 108–115) guarantees "
                               "local government and the decentralisation of power.",
    "functions-finance.functions.body.5": "Kind of function",
    "functions-finance.finance.body.18": "How the budget is made",
    "functions-finance.final-check.law-number.accept": "139\n139/2015\nLaw 139",
    "organs.structure.alt.1": "Diagram: residents elect the council and the mayor",
    "functions-finance.final-check.own-function.prompt": "Which is an **own function** of a "
                                                          "municipality?",
    "functions-finance.final-check.own-function.answer.a.text": "Water supply, sewerage",
    "functions-finance.final-check.own-function.answer.b.feedback": "No: the curriculum is "
                                                                    "national.",
    "organs.practice-organs.who-does-what.pair.2.right": "The mayor of the municipality",
}


def test_edited_targets_change_exactly_those_strings(law: Path, tmp_path: Path) -> None:
    before_course = load_course(law)
    old_catalog = build_catalog(before_course, "en")
    before = snapshot(law)
    out = tmp_path / "sq-en.csv"
    export_csv(law, "en", out)
    edit_csv(out, lambda unit_id, source, target: EDITS.get(unit_id))
    plan = import_file(law, out)
    assert sorted(c.unit_id for c in plan.changes) == sorted(EDITS)
    after = snapshot(law)
    after_course = load_course(law)
    new_catalog = build_catalog(after_course, "en")
    for unit_id, (_, slot) in old_catalog.units.items():
        assert new_catalog.text(unit_id) == EDITS.get(unit_id, slot.text), unit_id
    for lang in after_course.languages:
        assert skeleton(after_course, lang) == skeleton(before_course, lang)
    assert {p for p in after if after[p] != before[p]} == {
        "course.yaml", "modules/foundations.en.md", "modules/functions-finance.en.md",
        "modules/organs.en.md"}
    for path in ("course.yaml", "modules/foundations.en.md", "modules/functions-finance.en.md",
                 "modules/organs.en.md"):
        _only_edited_lines_changed(path, before[path], after[path], old_catalog)


def _only_edited_lines_changed(path: str, old: bytes, new: bytes, catalog: object) -> None:
    """Every line that changed belongs to an edited unit: all other bytes are untouched."""
    from lms_bridge.translate.catalog import Catalog

    assert isinstance(catalog, Catalog)
    file = catalog.files[path]
    edited_lines: set[int] = set()
    for slot in file.slots:
        if slot.id in EDITS:
            first = file.text.count("\n", 0, slot.start)
            last = file.text.count("\n", 0, slot.end)
            edited_lines.update(range(first, last + 1))
    old_lines = old.decode("utf-8").split("\n")
    new_lines = new.decode("utf-8").split("\n")
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, a1, a2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            assert set(range(a1, max(a2, a1 + 1))) <= edited_lines, (path, old_lines[a1:a2])


def test_new_language_is_generated_from_the_source(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "sq-bg.csv"
    rows = export_csv(law, "bg", out)
    assert all(row[2] == "" for row in rows[1:])
    translated = {"course.title": "Законът за местното самоуправление",
                  "foundations.what.title": "Какво е местно самоуправление?",
                  "foundations.what.body.1": "**Местното самоуправление** е правото на "
                                             "общините да решават местните въпроси.",
                  "functions-finance.final-check.own-function.answer.a.text": "Водоснабдяване"}
    edit_csv(out, lambda unit_id, source, target: translated.get(unit_id))
    plan = import_file(law, out)
    assert plan.new_language and len(plan.untranslated) == len(rows) - 1 - len(translated)
    course = load_course(law)
    assert course.languages == ["sq", "en", "bg"]
    assert course.title["bg"] == "Законът за местното самоуправление"
    assert skeleton(course, "bg") == skeleton(course, "sq")
    assert course.modules["bg"][0].pages[0].title == "Какво е местно самоуправление?"
    assert "languages: [sq, en, bg]" in (law / "course.yaml").read_text(encoding="utf-8")
    status = {s.lang: s for s in course_status(law)}
    assert (status["bg"].translated, status["bg"].missing) == (len(translated),
                                                               len(plan.untranslated))
    # the next export offers only the untranslated units as missing, and keeps the others
    _, units = export_file(law, "bg", "csv")
    assert {u.id for u in units if u.target} == set(translated)


def test_status_reports_stale_after_the_source_changes(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "sq-en.csv"
    export_csv(law, "en", out)
    import_file(law, out)
    assert course_status(law)[0].stale == 0
    module = law / "modules" / "foundations.sq.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("# Çfarë është vetëqeverisja vendore? {#what}",
                                   "# Çfarë është vetëqeverisja? {#what}"), encoding="utf-8")
    status = course_status(law)[0]
    assert status.stale_units == ["foundations.what.title"]
    _, units = export_file(law, "en", "xliff")
    assert [u.id for u in units if u.state == "needs-review-translation"] == [
        "foundations.what.title"]


def test_a_stale_translation_stays_stale_until_changed_or_confirmed(law: Path,
                                                                  tmp_path: Path) -> None:
    from lxml import etree

    out = tmp_path / "sq-en.csv"
    export_csv(law, "en", out)
    import_file(law, out)
    module = law / "modules" / "foundations.sq.md"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "# Çfarë është vetëqeverisja vendore? {#what}", "# Çfarë është vetëqeverisja? {#what}"),
        encoding="utf-8")
    export_csv(law, "en", out)
    import_file(law, out)  # returned unchanged from a spreadsheet: not a review
    assert course_status(law)[0].stale_units == ["foundations.what.title"]
    xliff = tmp_path / "sq-en.xlf"
    data, _ = export_file(law, "en", "xliff")
    root = etree.fromstring(data)
    ns = "{urn:oasis:names:tc:xliff:document:1.2}"
    for unit in root.iter(f"{ns}trans-unit"):
        target = unit.find(f"{ns}target")
        assert target is not None
        if unit.get("id") == "foundations.what.title":
            assert target.get("state") == "needs-review-translation"
            target.set("state", "final")  # the reviewer confirms the translation as it is
    xliff.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    import_file(law, xliff)
    assert course_status(law)[0].stale == 0


def test_staleness_is_judged_against_the_language_a_translation_was_made_from(
        law: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "sq-bg.csv"
    export_csv(law, "bg", out)
    edit_csv(out, lambda unit_id, source, target: source)  # every unit "translated" from sq
    import_file(law, out)
    module = law / "modules" / "foundations.sq.md"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "# Çfarë është vetëqeverisja vendore? {#what}", "# Çfarë është vetëqeverisja? {#what}"),
        encoding="utf-8")
    built: list[str] = []
    real = units_module.build_catalog

    def counting(course: object, lang: str) -> object:
        built.append(lang)
        return real(course, lang)  # type: ignore[arg-type]

    monkeypatch.setattr(units_module, "build_catalog", counting)
    _, units = export_file(law, "bg", "csv", "en")  # from English; the records say Albanian
    assert [u.id for u in units if u.state == "needs-review-translation"] == [
        "foundations.what.title"]
    assert sum(u.state == "translated" for u in units) == len(units) - 1
    assert sorted(built) == ["bg", "en", "sq"]  # each language's files read once
