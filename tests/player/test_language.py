"""The language picker: the whole page switches, answers stay, and the choice is remembered in
suspend_data (next session in the LMS) and in localStorage (no LMS)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lms_bridge.resources import scorm_templates_dir
from tests.player.learner import Learner
from tests.player.packages import STANDARDS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("standard", STANDARDS)
def test_language_choice_switches_and_is_remembered(page: Any, base_url: str, built: Any,
                                                    standard: str) -> None:
    sco = built("player-mini", standard)[0]
    en = sco.data["content"]["en"]["pages"]
    quiz_page = next(i for i, p in enumerate(en) if p["quiz"])
    quiz = en[quiz_page]["quiz"]
    learner = Learner(page, base_url, sco)
    frame = learner.open()
    assert frame.evaluate("document.documentElement.lang") == "sq"
    learner.go(quiz_page)
    learner.answer_quiz(quiz, right=True, only=1)
    frame.select_option("#lb-lang", "en")
    assert frame.inner_text("main h1") == en[quiz_page]["title"]
    assert frame.evaluate("document.documentElement.lang") == "en"
    assert frame.inner_text(".lb-pager #lb-next") == "Next →"
    first = quiz["questions"][0]
    assert frame.is_checked(f'[id="lb-{quiz["id"]}-{first["id"]}-{first["answers"][0]["id"]}"]')
    saved = learner.close()
    assert saved["cmi.suspend_data"].split("|")[2] == "en"
    pref = "cmi.student_preference.language" if standard == "scorm12" else \
        "cmi.learner_preference.language"
    assert saved[pref] == "en"

    is12 = standard == "scorm12"
    seed = {"cmi.suspend_data": saved["cmi.suspend_data"],
            "cmi.core.entry" if is12 else "cmi.entry": "resume"}
    again = Learner(page, base_url, sco)
    frame = again.open(seed=seed)
    assert frame.evaluate("document.documentElement.lang") == "en"
    assert frame.input_value("#lb-lang") == "en"


def test_without_lms_the_choice_is_kept_in_local_storage(page: Any, base_url: str,
                                                         built: Any) -> None:
    sco = built("player-mini", "scorm12")[0]
    learner = Learner(page, base_url, sco)
    frame = learner.open(lms=False)
    frame.select_option("#lb-lang", "en")
    page.reload()
    frame = page.main_frame
    frame.wait_for_selector("#lb-main h1")
    assert frame.input_value("#lb-lang") == "en"
    assert frame.inner_text("#lb-nolms").startswith("No learning platform")


def test_single_language_has_no_picker(page: Any, base_url: str, site: Any) -> None:
    from tests.player.packages import load_data, render_variant

    data = load_data("player-mini")
    data = {**data, "languages": ["sq"], "content": {"sq": data["content"]["sq"]}}
    sco = render_variant(data, "player-one-language", "scorm12", site)
    frame = Learner(page, base_url, sco).open()
    assert frame.query_selector("#lb-lang") is None


def test_every_interface_string_is_translated(page: Any, base_url: str, built: Any) -> None:
    frame = Learner(page, base_url, built("player-mini", "scorm12")[0]).open()
    missing = frame.evaluate(
        "(() => { const s = LB.i18n.strings; const out = {};"
        " for (const lang of ['sq', 'bg']) out[lang] = Object.keys(s.en)"
        ".filter(k => !s[lang][k] || (s[lang][k] === s.en[k] && k !== 'quiz')); return out; })()")
    assert missing == {"sq": [], "bg": []}
    assert frame.evaluate("(LB.i18n.lang = 'de', LB.t('next'))") == "Next"
    # and every string is asked for somewhere: the quoted keys inside LB.t(...) calls
    scripts = (scorm_templates_dir() / "player").glob("*.js")
    source = "".join(p.read_text(encoding="utf-8") for p in scripts if p.name != "i18n.js")
    calls = re.findall(r"LB\.t\(([^,)]*)", source)
    asked = {k for call in calls for k in re.findall(r'"(\w+)"', call)}
    assert sorted(set(frame.evaluate("Object.keys(LB.i18n.strings.en)")) - asked) == []


@pytest.mark.parametrize("lang", ["sq", "en", "bg"])
def test_the_no_javascript_notice_is_in_the_course_language(page: Any, base_url: str, site: Any,
                                                            lang: str) -> None:
    """The <noscript> text comes from the template (the player's catalogue needs JavaScript)."""
    from tests.player.packages import load_data, render_variant

    data = load_data("player-mini")
    content = data["content"].get(lang, data["content"]["en"])
    data = {**data, "default_lang": lang, "languages": [lang], "content": {lang: content}}
    sco = render_variant(data, f"player-no-js-{lang}", "scorm12", site)
    context = page.context.browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(base_url + sco.url)
        notice = tab.inner_text("noscript p")
    finally:
        context.close()
    assert "JavaScript" in notice
    english = "This course needs JavaScript"
    assert (english in notice) is (lang == "en")
