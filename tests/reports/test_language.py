"""Reports in sq, en and bg: HTML and XLSX for people in their language; CSV and JSON the same
bytes in every language; the catalogue complete, consistent and entirely used."""

from __future__ import annotations

import io
import json
import re
import string
from datetime import datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook

from lms_bridge.reports import CompletionReport
from lms_bridge.reports import language as language_module
from lms_bridge.reports.labels import CATALOGUE, EN, LANGUAGES
from lms_bridge.reports.language import UnknownLanguageError, labels_for
from lms_bridge.reports.output import render
from lms_bridge.reports.records import COLUMNS
from lms_bridge.reports.render_xlsx import COMPLETED_KEYS, SUMMARY_KEYS

PACKAGE = Path(language_module.__file__).resolve().parent
#: every file that turns the catalogue into text people read
USERS = [*PACKAGE.glob("*.py"), *PACKAGE.glob("templates/*.j2"),
         PACKAGE.parents[0] / "cli" / "report_cmds.py"]
CALL = re.compile(r"""(?:\bt|self)\(\s*["'](\w+)["']""")
#: words that are the same in every language (product and standard names)
NAMES = re.compile(r"SCORM|Moodle|lms-bridge|ID|n/a")

# Hand-written expectations, so a wrong catalogue entry fails here rather than being copied.
HEADINGS = {"en": ("Completion report", "Summary", "By institution", "Learners"),
            "sq": ("Raporti i përfundimit të kurseve", "Përmbledhje", "Sipas institucionit",
                   "Pjesëmarrës"),
            "bg": ("Отчет за завършване на курсовете", "Обобщение", "По институции",
                   "Обучаеми")}
PROGRESS = {"en": {"completed": "Completed", "not_started": "Not started"},
            "sq": {"completed": "Përfunduar", "not_started": "Pa filluar"},
            "bg": {"completed": "Завършен", "not_started": "Незапочнат"}}
SCORM = {"en": {"passed": "Passed", "failed": "Failed"},
         "sq": {"passed": "Kaluar", "failed": "Mbetur"},
         "bg": {"passed": "Издържал", "failed": "Неиздържал"}}
SHEETS = {"en": ["Learners", "Summary"], "sq": ["Pjesëmarrës", "Përmbledhje"],
          "bg": ["Обучаеми", "Обобщение"]}
FIRST_HEADERS = {"en": ["Course", "Full name", "Username"],
                 "sq": ["Kursi", "Emri i plotë", "Emri i përdoruesit"],
                 "bg": ["Курс", "Име и фамилия", "Потребителско име"]}


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_key_is_in_every_language_with_the_same_placeholders() -> None:
    assert set(CATALOGUE) == set(LANGUAGES) == {"sq", "en", "bg"}
    for lang, messages in CATALOGUE.items():
        assert set(messages) == set(EN), lang
        for key, text in messages.items():
            assert text.strip(), (lang, key)
            # " to {path}" is glued to the sentence: the spaces at the ends must match English
            assert text.startswith(" ") == EN[key].startswith(" ") and text[-1] != " "
            assert _fields(text) == _fields(EN[key]), (lang, key)


def test_every_key_is_used_and_every_used_key_exists() -> None:
    called = {key for path in USERS for key in CALL.findall(path.read_text(encoding="utf-8"))}
    tables = [language_module.GROUP_KEYS, language_module.FUNNEL_KEYS,
              language_module.PROGRESS_KEYS, language_module.SCORM_KEYS,
              language_module.ENROLMENT_KEYS, COMPLETED_KEYS]
    used = (called | set(SUMMARY_KEYS) | {c.label for c in COLUMNS}
            | {key for table in tables for key in table.values()})
    assert sorted(used - set(EN)) == []
    assert sorted(set(EN) - used) == []


def test_translations_are_in_their_own_script() -> None:
    for key, text in CATALOGUE["bg"].items():
        latin = re.sub(r"\{\w+\}", "", NAMES.sub("", text))
        assert not re.search("[A-Za-z]", latin), (key, text)
    for key, text in CATALOGUE["sq"].items():
        assert not re.search("[А-Яа-я]", text), (key, text)
        # the stems Albanian writes with ë, often typed without it
        assert not re.search(r"(?i)perfund|pjesemarr|permbledh|ngarkim\b", text), (key, text)
        assert text != EN[key] or NAMES.fullmatch(text) or key == "column_email", key


def test_dates_numbers_and_group_labels() -> None:
    when = datetime(2026, 11, 23, 9, 5)
    sq, en, bg = (labels_for(lang) for lang in ("sq", "en", "bg"))
    assert (sq.date(when), bg.date(when), en.date(when)) == ("23.11.2026", "23.11.2026",
                                                            "2026-11-23")
    assert bg.date_time(when) == "23.11.2026 09:05" and en.date_time(when) == "2026-11-23 09:05"
    assert (sq.number(85.5), en.number(85.5), bg.percent(0.5), en.percent(None)) == \
        ("85,5", "85.5", "50%", "n/a")
    assert (bg.month("2026-03"), en.month("2026-03")) == ("03.2026", "2026-03")
    assert sq.group("Bashkia Tiranë / (no department)") == "Bashkia Tiranë / (pa departament)"
    assert bg.group("(no cohort)") == "(без кохорта)" and bg.group("Mentors") == "Mentors"
    assert sq.excel_datetime_format == "dd.mm.yyyy hh:mm"


def test_unknown_language_is_refused_for_every_format(report: CompletionReport) -> None:
    for fmt in ("csv", "json", "html", "xlsx"):
        with pytest.raises(UnknownLanguageError, match="'de': choose one of sq, en, bg"):
            render(report, fmt, lang="de")  # type: ignore[arg-type]


def test_csv_and_json_are_the_same_bytes_in_every_language(report: CompletionReport) -> None:
    for fmt in ("csv", "json"):
        english = render(report, fmt)  # type: ignore[arg-type]
        assert all(render(report, fmt, lang=lang) == english  # type: ignore[arg-type]
                   for lang in LANGUAGES)
    assert render(report, "csv").decode("utf-8-sig").startswith("Course,Full name,")
    codes = {r["progress"] for r in json.loads(render(report, "json"))["records"]}
    assert codes == {"completed", "in_progress", "not_started"}


def _texts(page: str) -> list[str]:
    """The text people see: every text node outside <style>."""
    tree = lxml_html.fromstring(page)
    out = []
    for element in tree.iter():
        if element.tag != "style" and element.text and element.text.strip():
            out.append(element.text.strip())
        if element.tail and element.tail.strip():
            out.append(element.tail.strip())
    return out


@pytest.mark.parametrize("lang", ["en", "sq", "bg"])
def test_html_is_in_the_chosen_language(report: CompletionReport, lang: str) -> None:
    page = render(report, "html", lang=lang).decode("utf-8")
    assert f'<html lang="{lang}">' in page
    title, summary, by_institution, learners = HEADINGS[lang]
    assert f"<h1>{title}</h1>" in page and f"<h2>{summary}</h2>" in page
    assert f"<caption>{by_institution}</caption>" in page and f"<h2>{learners}</h2>" in page
    for code, word in PROGRESS[lang].items():
        assert f'<span class="badge {code}">{word}</span>' in page
    for word in SCORM[lang].values():
        assert f"<td>{word}</td>" in page
    first = next(r for r in report.records if r.completed_at)
    assert labels_for(lang).date(first.completed_at) in page


@pytest.mark.parametrize("lang", ["sq", "bg"])
def test_no_english_left_on_a_translated_page(report: CompletionReport, lang: str) -> None:
    """A text node the English and the translated page share must be data from Moodle."""
    english = set(_texts(render(report, "html").decode("utf-8")))
    values = sorted(_strings(report.model_dump(mode="json")), key=len, reverse=True)
    data = re.compile("|".join(re.escape(v) for v in values if v))
    left = {text for text in _texts(render(report, "html", lang=lang).decode("utf-8"))
            if text in english and re.search("[A-Za-z]{2}", NAMES.sub("", data.sub("", text)))}
    assert sorted(left) == []


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


@pytest.mark.parametrize("lang", ["en", "sq", "bg"])
def test_xlsx_is_in_the_chosen_language(report: CompletionReport, lang: str) -> None:
    book = load_workbook(io.BytesIO(render(report, "xlsx", lang=lang)))
    assert book.sheetnames == SHEETS[lang]
    data = book.worksheets[0]
    headers = [c.value for c in data[1]]
    assert headers[:3] == FIRST_HEADERS[lang] and len(headers) == 19
    if lang != "en":
        english = {c.value for c in load_workbook(io.BytesIO(render(report, "xlsx")))
                   .worksheets[0][1]}
        assert set(headers) & english <= {"Email"}
    progress = [data.cell(r, headers.index(CATALOGUE[lang]["progress"]) + 1).value
                for r in range(2, data.max_row + 1)]
    assert set(PROGRESS[lang].values()) <= set(progress)
    scorm = {data.cell(r, headers.index(CATALOGUE[lang]["column_scorm_status"]) + 1).value
             for r in range(2, data.max_row + 1)}
    assert set(SCORM[lang].values()) <= scorm
    done = data.cell(2, headers.index(CATALOGUE[lang]["completed_on"]) + 1)
    column = [data.cell(r, done.column) for r in range(2, data.max_row + 1)]
    dated = [c for c in column if isinstance(c.value, datetime)]
    assert dated and all(c.number_format == labels_for(lang).excel_datetime_format
                         for c in dated)
    summary = [c.value for c in book.worksheets[1]["A"]]
    assert summary[0] == HEADINGS[lang][0] and HEADINGS[lang][2] in summary


@pytest.mark.parametrize("lang", ["sq", "bg"])
def test_partial_report_banner_is_translated(report: CompletionReport, lang: str) -> None:
    broken = report.model_copy(update={"records": [report.records[0].model_copy(update={
        "load_error": "boom", "progress": "not_loaded"}), *report.records[1:]]})
    page = render(broken, "html", lang=lang).decode("utf-8")
    banner = {"sq": "Raport i pjesshëm", "bg": "Непълен отчет"}[lang]
    assert banner in page and "Partial report" not in page
    sheet = load_workbook(io.BytesIO(render(broken, "xlsx", lang=lang))).worksheets[1]
    assert any(str(c.value).startswith(banner.upper()) for c in sheet["A"])


def test_the_period_reads_the_same_on_the_page_and_in_the_workbook(
        report: CompletionReport) -> None:
    since = datetime(2026, 10, 1)
    dated = report.model_copy(update={"since": since, "until": None})
    assert labels_for("sq").period(since, None) == "nga 01.10.2026 deri më sot"
    assert labels_for("bg").period(None, None) == "целият период"
    page = render(dated, "html", lang="sq").decode("utf-8")
    assert "<dd>nga 01.10.2026 deri më sot</dd>" in page
    sheet = load_workbook(io.BytesIO(render(dated, "xlsx", lang="sq"))).worksheets[1]
    assert any(str(c.value).startswith("nga 01.10.2026 deri më sot (") for c in sheet["B"])
