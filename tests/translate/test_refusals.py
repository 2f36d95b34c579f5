"""Files that would lose or break a string are refused, each problem named, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.course.loader import load_course
from lms_bridge.exceptions import InputError
from lms_bridge.translate.api import export_file, import_file
from lms_bridge.translate.catalog import build_catalog
from tests.translate.helpers import (
    edit_csv,
    export_csv,
    read_rows,
    snapshot,
    write_rows,
)

PROMPT = "functions-finance.final-check.own-function.prompt"
PARAGRAPH = "foundations.what.body.1"


def _refused(course: Path, file: Path) -> str:
    before = snapshot(course)
    with pytest.raises(InputError) as caught:
        import_file(course, file)
    assert snapshot(course) == before
    assert not (course / ".lms-bridge").exists()
    return str(caught.value)


def test_stale_row_is_refused(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    export_csv(law, "en", out)
    module = law / "modules" / "functions-finance.sq.md"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "prompt: Cili nga këto është **funksion i vetë** i bashkisë?",
        "prompt: Cili nga këto është **funksion i vetë** i një bashkie?"), encoding="utf-8")
    edit_csv(out, lambda unit_id, source, target: "Edited" if unit_id == "course.title" else None)
    message = _refused(law, out)
    assert f"x.csv: {PROMPT}: row " in message
    assert "stale: the source text changed since this file was exported" in message
    assert "1 problem(s)" in message


def test_missing_and_unknown_rows_are_refused(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    rows = export_csv(law, "en", out)
    kept = [r for r in rows if r[0] != PROMPT]
    renamed = next(r for r in kept if r[0] == PARAGRAPH)
    renamed[0] = "foundations.what-is-it.body.1"
    write_rows(out, kept)
    message = _refused(law, out)
    assert f"unit '{PROMPT}' has no row" in message
    assert f"unit '{PARAGRAPH}' has no row" in message
    row = kept.index(renamed) + 1  # the header is row 1
    assert (f"foundations.what-is-it.body.1: row {row}: unknown unit id "
            "'foundations.what-is-it.body.1'") in message


def test_duplicate_rows_are_refused(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    rows = export_csv(law, "en", out)
    write_rows(out, [*rows, rows[5]])
    assert f"unit '{rows[5][0]}' is given twice (also row 6)" in _refused(law, out)


@pytest.mark.parametrize(("unit_id", "target", "expected"), [
    (PARAGRAPH, "**Local self-government is the right of municipalities.",
     "unbalanced '*' or '**' (bold, italic): a marker is not closed"),
    (PROMPT, "Which is an **own function*?", "unbalanced '*' or '**'"),
    ("functions-finance.functions.body.15", "Download the summary: [Law (PDF)](https://x.org/a)",
     "links missing: '../media/handout-law-139-2015-sq.pdf'"),
    ("functions-finance.functions.body.15", "Download the summary: [PDF](../media/nope.pdf)",
     "links added: '../media/nope.pdf'"),
    (PARAGRAPH, "1. Local self-government is a right.", "would no longer be one paragraph"),
    ("functions-finance.functions.body.5", "Kind | of function", "cannot contain '|'"),
    ("functions-finance.final-check.law-number.accept", "139", "accepted numbers differ"),
    ("foundations.what.title", "What is it? {#other}", "cannot contain '{#'"),
    ("organs.structure.alt.1", "Diagram [of] the] municipality", "unbalanced '[' or ']'"),
])
def test_broken_markup_is_refused(law: Path, tmp_path: Path, unit_id: str, target: str,
                                  expected: str) -> None:
    out = tmp_path / "x.csv"
    export_csv(law, "en", out)
    edit_csv(out, lambda row_id, source, old: target if row_id == unit_id else None)
    message = _refused(law, out)
    assert f"x.csv: {unit_id}: row " in message
    assert expected in message


def test_inline_code_and_html_tags_must_stay(tmp_path: Path) -> None:
    from lms_bridge.translate.markup import markup_problems

    assert markup_problems("inline", "Press `Save` <kbd>Ctrl</kbd>", "Drücken Sie `Speichern`") == [
        "inline codes missing: 'Save'", "inline codes added: 'Speichern'",
        "HTML tags missing: '<kbd', '</kbd'"]


def test_language_pair_must_match_the_course(law: Path, eu: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.xlf"
    out.write_bytes(export_file(law, "en", "xliff")[0])
    assert "the source language 'sq' is not one of the course's languages (bg, en)" in _refused(
        eu, out)


def test_a_file_of_another_course_is_refused(law: Path, tmp_path: Path) -> None:
    from tests.translate.conftest import CITIZENS, copy_course

    other = copy_course(CITIZENS, tmp_path)
    out = tmp_path / "x.xlsx"
    out.write_bytes(export_file(law, "en", "xlsx")[0])
    assert "exported from course 'law-on-local-self-government', not " in _refused(other, out)


def test_csv_with_an_unknown_delimiter_is_refused(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    rows = export_csv(law, "en", out)
    write_rows(out, rows, delimiter="|")
    assert "cannot tell the delimiter" in _refused(law, out)


def test_csv_in_another_encoding_is_refused(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    rows = export_csv(law, "en", out)
    rows[1][2] = "Ligji – botim i ri"
    write_rows(out, rows)
    out.write_bytes(out.read_bytes().decode("utf-8-sig").encode("cp1252", errors="replace"))
    message = _refused(law, out)
    assert "is not UTF-8 text" in message and "save it as 'CSV UTF-8'" in message


def test_csv_row_with_extra_cells_is_refused(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    rows = export_csv(law, "en", out)
    rows[3].append("stray")
    write_rows(out, rows)
    assert "row 4 has 6 cells instead of 5" in _refused(law, out)


def test_garbled_text_is_refused(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    rows = export_csv(law, "bg", out)
    rows[1][2] = "Законът".encode().decode("cp1251")
    write_rows(out, rows)
    assert "looks garbled by a wrong encoding" in _refused(law, out)


def test_dry_run_writes_nothing(law: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    export_csv(law, "en", out)
    edit_csv(out, lambda unit_id, source, target: "Edited title" if unit_id == "course.title"
             else None)
    before = snapshot(law)
    plan = import_file(law, out, dry_run=True)
    assert [(c.unit_id, c.old, c.new) for c in plan.changes] == [
        ("course.title", "The law on local self-government", "Edited title")]
    assert snapshot(law) == before and not (law / ".lms-bridge").exists()
    assert read_rows(out)[1][2] == "Edited title"


def test_only_placeholder_words_in_inline_code_may_change() -> None:
    from lms_bridge.translate.markup import markup_problems

    source = "Save it as `modules/<module-id>.<lang>.md`, then run `lms-bridge build`."
    assert markup_problems("paragraph", source, "Ruajeni si `modules/<id-e-modulit>.<gjuha>.md`"
                           ", pastaj `lms-bridge build`.") == []
    assert markup_problems("paragraph", source, "Ruajeni si `modules/<id>.<gjuha>.md`, pastaj "
                           "`lms-bridge ndërto`.") == [
        "inline codes missing: 'lms-bridge build'", "inline codes added: 'lms-bridge ndërto'"]


def test_a_course_folder_that_cannot_be_written_is_left_as_it_was(
        law: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from lms_bridge.translate.importer import TranslationWriteError

    out = tmp_path / "x.csv"
    export_csv(law, "en", out)
    edit_csv(out, lambda unit_id, source, target: "T1" if unit_id == "foundations.title"
             else "T2" if unit_id == "organs.title" else None)
    before = snapshot(law)
    calls = []
    real_replace = os.replace

    def failing_replace(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr("lms_bridge.translate.importer.os.replace", failing_replace)
    with pytest.raises(TranslationWriteError, match="No space left on device"):
        import_file(law, out)
    assert snapshot(law) == before
    assert not list(law.rglob("*.lms-bridge-tmp"))


def test_a_csv_of_another_course_is_refused_in_one_message(law: Path, eu: Path,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    ids = [row[0] for row in export_csv(eu, "bg", out, source="en")[1:]]
    known = build_catalog(load_course(law), "sq").units
    unknown = [i for i in ids if i not in known]
    assert len(unknown) > len(ids) // 2  # 316 of 320: only the course.* texts are shared
    message = _refused(law, out)
    assert "(1 problem(s))" in message
    assert f"{len(unknown)} of {len(ids)} unit ids are not in this course" in message
