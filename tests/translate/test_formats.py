"""XLIFF 1.2, XLSX and CSV: what CAT tools and spreadsheets get, and what they may send back."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from lms_bridge.course.loader import load_course
from lms_bridge.exceptions import InputError
from lms_bridge.translate.api import export_file, import_file
from lms_bridge.translate.catalog import build_catalog
from lms_bridge.translate.tabular import escape, unescape
from tests.translate.helpers import export_csv, snapshot, write_rows
from tests.translate.xliff_spec import NS, Q, violations


def test_xliff_follows_the_xliff_1_2_structure(eu: Path) -> None:
    data, units = export_file(eu, "en", "xliff")
    assert violations(data) == []
    root = etree.fromstring(data)
    files = root.findall(f"{Q}file")
    assert [f.get("original") for f in files] == [
        "course.yaml", "modules/project-cycle", "modules/logframe", "modules/budget-programmes"]
    assert {(f.get("source-language"), f.get("target-language"), f.get("product-name"))
            for f in files} == {("bg", "en", "eu-funds-project-design")}
    assert len(root.findall(f".//{Q}trans-unit")) == len(units)


def test_xliff_spec_checker_notices_mistakes() -> None:
    bad = (f'<xliff xmlns="{NS}" version="1.2"><file original="a" source-language="bg" '
           'datatype="markdown"><body><trans-unit id="1"><target state="done">x</target>'
           '</trans-unit><trans-unit id="1"><source>y</source></trans-unit></body></file>'
           '</xliff>').encode()
    assert violations(bad) == ["datatype 'markdown' is not allowed",
                               "1: <source> comes first", "1: state 'done'",
                               "trans-unit id 1 is not unique in its <file>"]


def _set_target(data: bytes, unit_id: str, target: str | etree._Element) -> bytes:
    root = etree.fromstring(data)
    unit = root.find(f".//{Q}trans-unit[@id='{unit_id}']")
    assert unit is not None
    element = unit.find(f"{Q}target")
    assert element is not None
    if isinstance(target, str):
        element.text = target
    else:
        element.text = None
        element.append(target)
    element.set("state", "final")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def test_xliff_targets_from_a_cat_tool_are_imported(eu: Path, tmp_path: Path) -> None:
    data, _ = export_file(eu, "en", "xliff")
    data = _set_target(data, "logframe.matrix.title", "The logframe matrix")
    mark = etree.Element(f"{Q}mrk", mtype="seg", mid="1")
    mark.text = "The project cycle, step by step"
    data = _set_target(data, "project-cycle.pcm.title", mark)
    out = tmp_path / "x.xlf"
    out.write_bytes(data)
    import_file(eu, out)
    course = load_course(eu)
    titles = [p.title for m in course.modules["en"] for p in m.pages]
    assert "The logframe matrix" in titles and "The project cycle, step by step" in titles


def test_xliff_protects_markup_as_ph_and_restores_it(law: Path, tmp_path: Path) -> None:
    data, _ = export_file(law, "en", "xliff")
    root = etree.fromstring(data)
    unit = root.find(f".//{Q}trans-unit[@id='functions-finance.functions.body.15']")
    assert unit is not None
    source, target = unit.find(f"{Q}source"), unit.find(f"{Q}target")
    assert source is not None and target is not None
    assert [(p.get("id"), p.text) for p in source] == [
        ("1", "["), ("2", "](../media/handout-law-139-2015-sq.pdf)")]
    assert [(p.get("id"), p.text) for p in target] == [
        ("1", "["), ("3", "](../media/handout-law-139-2015-en.pdf)")]
    target[0].tail = "The law at a glance (PDF)"
    out = tmp_path / "x.xlf"
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    import_file(law, out)
    text = build_catalog(load_course(law), "en").text("functions-finance.functions.body.15")
    assert text == ("You can download and print the course summary: [The law at a glance (PDF)]"
                    "(../media/handout-law-139-2015-en.pdf)")


def test_xliff_inline_elements_we_did_not_write_are_refused(eu: Path, tmp_path: Path) -> None:
    data, _ = export_file(eu, "en", "xliff")
    out = tmp_path / "x.xlf"
    out.write_bytes(_set_target(data, "logframe.matrix.title", etree.Element(f"{Q}x", id="1")))
    before = snapshot(eu)
    with pytest.raises(InputError, match="<x> inside <target> is not supported"):
        import_file(eu, out)
    assert snapshot(eu) == before


def test_xliff_with_a_dtd_is_refused(eu: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.xlf"
    out.write_bytes(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">'
                    b']><xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
                    b'<file original="a" source-language="bg" target-language="en" '
                    b'datatype="plaintext"><body><trans-unit id="course.title"><source>&e;'
                    b'</source></trans-unit></body></file></xliff>')
    with pytest.raises(InputError, match=r"must not have a <!DOCTYPE"):
        import_file(eu, out)


def test_csv_is_utf8_with_bom_and_crlf(eu: Path) -> None:
    data, _ = export_file(eu, "en", "csv")
    assert data.startswith("\ufeffid,source (bg),target (en),fingerprint,note\r\n".encode())
    assert "Разработване на проекти за финансиране от ЕС".encode() in data


@pytest.mark.parametrize("text", ["=1+1", "+49 30", "-40 % kWh", "@home", "'quoted'", "''",
                                  "plain", "- list-like", "\tx"])
def test_formula_escape_round_trips(text: str) -> None:
    escaped = escape(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t"))
    assert unescape(escaped) == text


def test_csv_formula_like_text_is_neutralised_and_restored(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    rows = export_csv(law, "en", out)
    row = next(r for r in rows if r[0] == "organs.practice-organs.who-does-what.pair.2.right")
    row[2] = "'=The mayor"
    write_rows(out, rows)
    import_file(law, out)
    course = load_course(law)
    pairs = [p for m in course.modules["en"] for page in m.pages if page.quiz
             for q in page.quiz.questions for p in q.pairs]
    assert "=The mayor" in [p.right for p in pairs]
    data, _ = export_file(law, "en", "csv")
    assert "\"'=The mayor\"" in data.decode("utf-8-sig") or ",'=The mayor," in data.decode(
        "utf-8-sig")


def test_csv_saved_by_excel_with_semicolons_is_read(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    rows = export_csv(law, "en", out)
    rows[1][2] = "The law on local self-government, explained"
    write_rows(out, rows, delimiter=";")
    import_file(law, out)
    assert load_course(law).title["en"] == "The law on local self-government, explained"


def test_xlsx_round_trip_with_an_edit(eu: Path, tmp_path: Path) -> None:
    data, units = export_file(eu, "en", "xlsx")
    book = load_workbook(io.BytesIO(data))
    sheet = book["translation"]
    assert [c.value for c in sheet[1]] == ["id", "source (bg)", "target (en)", "fingerprint",
                                           "note"]
    assert sheet.max_row == len(units) + 1
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row
               if cell.value is not None)
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "course.audience":
            row[2].value = "Municipal project staff and EU programme experts"
        if row[0].value == "logframe.practice-logframe.smart.accept":
            row[2].value = 139  # a number typed into a cell: read back as text
    buffer = io.BytesIO()
    book.save(buffer)
    out = tmp_path / "x.xlsx"
    out.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match="accepted numbers differ"):
        import_file(eu, out)
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "logframe.practice-logframe.smart.accept":
            row[2].value = "SMART\nS.M.A.R.T."
    buffer = io.BytesIO()
    book.save(buffer)
    out.write_bytes(buffer.getvalue())
    import_file(eu, out)
    course = load_course(eu)
    assert course.audience["en"] == "Municipal project staff and EU programme experts"
    accepted = [q.accept for m in course.modules["en"] for p in m.pages if p.quiz
                for q in p.quiz.questions if q.id == "smart"]
    assert accepted == [["SMART", "S.M.A.R.T."]]


def test_xliff_copy_of_the_source_left_untranslated_counts_as_empty(law: Path,
                                                                    tmp_path: Path) -> None:
    data, units = export_file(law, "bg", "xliff")
    root = etree.fromstring(data)
    for unit in root.iter(f"{Q}trans-unit"):
        source, target = unit.find(f"{Q}source"), unit.find(f"{Q}target")
        assert source is not None and target is not None
        target.text = source.text
        target.extend(copy.deepcopy(list(source)))
        if unit.get("id") == "course.title":
            target.text = "Законът за местното самоуправление"
            target.set("state", "translated")
    out = tmp_path / "x.xlf"
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    plan = import_file(law, out)
    assert [c.unit_id for c in plan.changes] == ["course.title"]
    assert plan.untranslated == [u.id for u in units if u.id != "course.title"]
