"""The player under Moodle's own runtime rules: no SetValue refused, and what Moodle stores.

The LMS here is the preview's runtime (``lms_bridge/preview/static/scorm-api.js``), which
transcribes the checks of Moodle's ``mod/scorm/datamodels/scorm_12.js`` and ``scorm_13.js``
(formats, vocabularies, ranges, index and dependency order, pattern rules per interaction type,
LMSFinish's status rules, the URI-encoding of every value on commit). scorm-again, the LMS of the
other tests, is more lenient, so a value Moodle would silently drop would pass there.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.player.learner import Learner, right_answer
from tests.player.packages import (
    PLAYER_DATA,
    STANDARDS,
    Sco,
    course_names,
    load_data,
    questions,
    render_variant,
)

pytestmark = pytest.mark.browser

RUNTIME = Path(__file__).resolve().parents[2] / "lms_bridge" / "preview" / "static" / "scorm-api.js"
CASES = [(c, s) for c in course_names() for s in STANDARDS]
ADLCP12 = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore"


@pytest.fixture(scope="module")
def moodle(site: Path) -> Path:
    link = site / "moodle-runtime.js"
    if not link.exists():
        link.symlink_to(RUNTIME)
    return link


def _item(site: Path, sco: Sco) -> Any:
    """The SCO's <item> in its package's manifest."""
    folder = sco.url.split("/")[2]
    manifest = site / "pkg" / folder / "imsmanifest.xml"
    if not manifest.exists():
        manifest = PLAYER_DATA / sco.course / "manifests" / f"{sco.standard}.xml"
    tree = etree.parse(str(manifest))
    hrefs = {r.get("identifier"): r.get("href") for r in tree.iter("{*}resource")}
    for item in tree.iter("{*}item"):
        if sco.url.endswith("/" + str(hrefs.get(item.get("identifierref")))):
            return item
    raise AssertionError(f"no manifest item launches {sco.url}")


def _mastery(site: Path, sco: Sco) -> int | None:
    """adlcp:masteryscore (1.2), which Moodle seeds into cmi.student_data.mastery_score."""
    score = _item(site, sco).find(ADLCP12)
    return int(score.text) if score is not None and score.text else None


def _threshold(site: Path, sco: Sco, reading: str = "text") -> str:
    """adlcp:completionThreshold (2004) as Moodle seeds cmi.completion_threshold from it:
    ``text`` (scormlib.php reads the element's text) or ``attribute`` (other versions read
    minProgressMeasure, 1.0 when the element has none); "" without the element."""
    element = _item(site, sco).find("{*}completionThreshold")
    if element is None:
        return ""
    if reading == "attribute":
        return element.get("minProgressMeasure", "1.0")
    return (element.text or "").strip()


def _open(learner: Learner, site: Path, seed: dict[str, str] | None = None,
          threshold: str | None = None) -> Any:
    sco = learner.sco
    return learner.open(seed=seed, harness="moodle.html", mastery=_mastery(site, sco),
                        threshold=_threshold(site, sco) if threshold is None else threshold)


def _refused(learner: Learner) -> list[Any]:
    return [s for s in learner.lms("sets") if s[2] != "true"]


def _last_set(learner: Learner, element: str) -> str | None:
    values = [s[1] for s in learner.lms("sets") if s[0] == element and s[2] == "true"]
    return values[-1] if values else None


def _finish(learner: Learner) -> dict[str, str]:
    final = learner.close()
    assert _refused(learner) == [], "Moodle would refuse (and lose) these values"
    assert learner.lms("errors") == []
    return final


def _check_status(sco: Sco, learner: Learner, final: dict[str, str], right: bool) -> None:
    """Moodle's LMSFinish keeps the player's own verdict (its mastery override agrees)."""
    if sco.standard == "scorm12":
        status = final["cmi.core.lesson_status"]
        assert status == _last_set(learner, "cmi.core.lesson_status")
        if sco.graded:
            assert status == ("passed" if right else "failed")
            raw = float(final["cmi.core.score.raw"])  # recorded either way
            assert raw == 100 if right else raw < 100
        else:
            assert status == "completed"
    else:
        assert final["cmi.success_status"] == (
            ("passed" if right else "failed") if sco.graded else "unknown")
        if right:
            assert final["cmi.completion_status"] == "completed"


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
@pytest.mark.parametrize(("course", "standard"), CASES)
def test_every_value_is_accepted_by_moodle(page: Any, base_url: str, built: Any, site: Path,
                                            moodle: Path, course: str, standard: str,
                                            right: bool) -> None:
    modes: list[str | None] = [None] if course.startswith("player-") else [None, "single"]
    for mode in modes:
        for sco in built(course, standard, mode):
            if not right and not sco.graded:
                continue
            learner = Learner(page, base_url, sco)
            _open(learner, site)
            learner.run_through(right=right)
            final = _finish(learner)
            _check_status(sco, learner, final, right)
            assert page.errors == []


@pytest.mark.parametrize(("course", "standard"), CASES)
def test_resume_from_what_moodle_stored(page: Any, base_url: str, built: Any, site: Path,
                                        moodle: Path, course: str, standard: str) -> None:
    """Leave half-way (Moodle stores the URI-decoded values), come back, finish: all accepted."""
    sco = next(s for s in built(course, standard) if s.quizzes)
    quiz_page, quiz = sco.first_quiz
    half = max(1, len(quiz["questions"]) // 2)
    first = Learner(page, base_url, sco)
    _open(first, site)
    first.go(quiz_page)
    first.answer_quiz(quiz, right=True, only=half)
    first.go(0)
    first.go(quiz_page)
    sent = first.frame.evaluate("LB.player.rt.get('cmi.suspend_data')")
    stored = _finish(first)
    assert stored["cmi.suspend_data"] == sent, "suspend_data changed on its way to Moodle"
    is12 = standard == "scorm12"
    assert stored["cmi.core.exit" if is12 else "cmi.exit"] == "suspend"
    if is12:
        assert stored["cmi.core.lesson_status"] == "incomplete"  # not Moodle's "completed"

    seed = {k: v for k, v in stored.items()
            if k not in ("cmi.core.session_time", "cmi.session_time", "cmi.core.exit", "cmi.exit",
                         "cmi.core.entry", "cmi.entry")}
    second = Learner(page, base_url, sco)
    _open(second, site, seed)
    assert second.current() == quiz_page
    for q in quiz["questions"][:half]:
        assert second.kept_answer(quiz, q) == right_answer(q), q["id"]
    second.answer_quiz(quiz, right=True)
    second.submit()
    final = _finish(second)
    ids = [v for k, v in final.items() if k.startswith("cmi.interactions.") and k.endswith(".id")]
    assert len(ids) >= len(quiz["questions"])


def _awkward(standard: str, site: Path) -> Sco:
    """player-mini with what the course format allows but Moodle's types do not take as is:
    hyphenated answer and pair ids, a numeric answer beyond five integer digits, a prompt that
    starts with "{", and fill-in answers full of URL-significant and non-ASCII characters."""
    data = copy.deepcopy(load_data("player-mini"))
    for q in questions(data):
        for a in q["answers"]:
            a["id"] = f"opt-{a['id']}"
        for p in q["pairs"]:
            p["id"] = f"pair-{p['id']}"
        if q["type"] == "numeric":
            q["value"], q["tolerance"] = 125000, 50
            q["prompt_html"] = "{x} How many euros?"
        if q["type"] == "fill_in":
            q["accept"] = ["a&b=c+d%e;f|g,h 😀 Ђ ë"]
    return render_variant(data, "player-awkward", standard, site)


@pytest.mark.parametrize("standard", STANDARDS)
def test_awkward_values_fit_moodle(page: Any, base_url: str, site: Path, moodle: Path,
                                   standard: str) -> None:
    sco = _awkward(standard, site)
    learner = Learner(page, base_url, sco)
    learner.open(harness="moodle.html", mastery=80)
    learner.run_through(right=True)
    sent = learner.frame.evaluate("LB.player.rt.get('cmi.suspend_data')")
    final = _finish(learner)
    assert final["cmi.suspend_data"] == sent
    _check_status(sco, learner, final, right=True)
    if standard == "scorm2004":
        patterns = {v for k, v in final.items() if k.endswith(".pattern")}
        assert "opt.a" in patterns  # "-" made "." for CMIShortIdentifier
        assert any(p.startswith("pair.1[.]") for p in patterns)

    # the stored state brings every answer back, the fill-in text unchanged
    seed = {k: v for k, v in final.items() if k not in ("cmi.core.exit", "cmi.exit")}
    again = Learner(page, base_url, sco)
    again.open(seed=seed, harness="moodle.html", mastery=80)
    _, quiz = sco.first_quiz
    for q in quiz["questions"]:
        assert again.kept_answer(quiz, q) == right_answer(q), q["id"]


@pytest.mark.parametrize("standard", STANDARDS)
def test_the_emulator_refuses_what_moodle_refuses(page: Any, base_url: str, moodle: Path,
                                                  standard: str) -> None:
    """The rules are live: values Moodle refuses are refused here too, with Moodle's codes."""
    page.goto(f"{base_url}/moodle.html")
    page.evaluate("s => startSco(s, 'about:blank', null, null)", standard)
    cases12 = [
        ("cmi.core.session_time", "PT5M", "405"), ("cmi.core.score.raw", "101", "405"),
        ("cmi.suspend_data", "x" * 4097, "405"), ("cmi.core.lesson_location", "x" * 256, "405"),
        ("cmi.core.lesson_status", "not attempted", "405"), ("cmi.core.entry", "resume", "403"),
        ("cmi.interactions.1.id", "q", "201"), ("cmi.interactions.0.id", "has space", "405"),
        ("cmi.interactions.0.weighting", "101", "405"),
        ("cmi.interactions.0.time", "30:00:00", "405"),
        ("cmi.interactions.0.correct_responses.1.pattern", "a", "201"),
    ]
    cases2004 = [
        ("cmi.session_time", "00:05:00", "406"), ("cmi.score.scaled", "85", "407"),
        ("cmi.progress_measure", "1.5", "407"), ("cmi.suspend_data", "x" * 64001, "406"),
        ("cmi.interactions.0.type", "choice", "408"), ("cmi.interactions.0.id", "q1", "0"),
        ("cmi.interactions.0.learner_response", "a", "408"),
        ("cmi.interactions.0.type", "choice", "0"),
        ("cmi.interactions.0.correct_responses.0.pattern", "opt-a", "406"),
        ("cmi.interactions.0.correct_responses.0.pattern", "a[,]a", "406"),
        ("cmi.interactions.0.correct_responses.0.pattern", "a[,]b", "0"),
        ("cmi.interactions.0.correct_responses.1.pattern", "a[,]b", "351"),
        ("cmi.interactions.0.correct_responses.3.pattern", "c", "351"),
        ("cmi.interactions.1.id", "q2", "0"), ("cmi.interactions.1.type", "numeric", "0"),
        ("cmi.interactions.1.correct_responses.0.pattern", "1250000[:]1250500", "406"),
        ("cmi.interactions.1.correct_responses.0.pattern", "5[:]1", "406"),
        ("cmi.interactions.1.correct_responses.0.pattern", "1[:]5", "0"),
        ("cmi.interactions.1.correct_responses.1.pattern", "2", "351"),
        ("cmi.interactions.1.description", "{x} text", "406"),
        ("cmi.interactions.1.description", "x" * 252, "406"),
    ]
    api, init, set_, err = (("API", "LMSInitialize", "LMSSetValue", "LMSGetLastError")
                            if standard == "scorm12" else
                            ("API_1484_11", "Initialize", "SetValue", "GetLastError"))
    page.evaluate(f"window.{api}.{init}('')")
    for element, value, code in cases12 if standard == "scorm12" else cases2004:
        got = page.evaluate(f"([e, v]) => [window.{api}.{set_}(e, v), window.{api}.{err}()]",
                            [element, value])
        assert got == ["true" if code == "0" else "false", code], (element, value[:20])


def _leave_half_way(page: Any, base_url: str, site: Path, sco: Sco,
                    threshold: str | None) -> tuple[Learner, dict[str, str]]:
    learner = Learner(page, base_url, sco)
    _open(learner, site, threshold=threshold)
    learner.next()
    return learner, _finish(learner)


COMPLETION_CASES = [c for c in course_names() if c == "player-mini" or not c.startswith("player-")]


@pytest.mark.parametrize("course", COMPLETION_CASES)
def test_2004_progress_measure_agrees_with_a_completion_threshold_of_1(
    page: Any, base_url: str, built: Any, site: Path, moodle: Path, course: str
) -> None:
    """Moodle's Terminate sets completion_status = progress_measure ≥ completion_threshold.
    The player reports progress 1 exactly when it is complete, so with a threshold of 1 Moodle
    keeps the player's own completion, half-way and at the end."""
    sco = built(course, "scorm2004")[0]
    learner, stored = _leave_half_way(page, base_url, site, sco, threshold="1")
    assert _last_set(learner, "cmi.completion_status") == "incomplete"
    assert stored["cmi.completion_status"] == "incomplete"
    learner = Learner(page, base_url, sco)
    _open(learner, site, threshold="1")
    learner.run_through(right=True)
    assert _finish(learner)["cmi.completion_status"] == "completed"


@pytest.mark.parametrize("reading", ["text", "attribute"])
@pytest.mark.parametrize("course", COMPLETION_CASES)
def test_2004_leaving_half_way_is_not_completed_in_moodle(
    page: Any, base_url: str, built: Any, site: Path, moodle: Path, course: str, reading: str
) -> None:
    """With the package's own manifest, read as either Moodle version reads it. Without
    adlcp:completionThreshold Moodle seeds "" and its Terminate then marks any SCO completed,
    however little was seen; the manifest carries a threshold of 1 for Moodle to keep the
    player's "incomplete", and its "completed" at the end."""
    sco = built(course, "scorm2004")[0]
    threshold = _threshold(site, sco, reading)
    assert threshold != "" and float(threshold) == 1
    _, stored = _leave_half_way(page, base_url, site, sco, threshold=threshold)
    assert stored["cmi.completion_status"] == "incomplete"
    learner = Learner(page, base_url, sco)
    _open(learner, site, threshold=threshold)
    learner.run_through(right=True)
    assert _finish(learner)["cmi.completion_status"] == "completed"


@pytest.mark.parametrize("standard", STANDARDS)
def test_long_patterns_fit_moodle(page: Any, base_url: str, site: Path, moodle: Path,
                                  standard: str) -> None:
    """Long ids (up to 64 characters), many pairs and a long fill-in answer: 1.2 patterns and
    responses are at most 255 characters in Moodle's standards mode, 2004 choice and matching
    at most 36 nodes; nothing may be refused."""
    data = copy.deepcopy(load_data("player-mini"))
    for q in questions(data):
        for a in q["answers"]:
            a["id"] = f"{a['id']}-{'x' * 60}"
        if q["type"] == "matching":
            q["pairs"] = [{"id": f"p{i}-{'y' * 50}", "left": f"L{i}", "right": f"R{i}"}
                          for i in range(40)]  # 2004 allows 36 nodes
        if q["type"] == "fill_in":
            q["accept"] = [*q["accept"], "z" * 300]  # a pattern over 1.2's 255 characters
    sco = render_variant(data, "player-long-ids", standard, site)
    learner = Learner(page, base_url, sco)
    learner.open(harness="moodle.html", mastery=80)
    learner.run_through(right=True)
    final = _finish(learner)
    _check_status(sco, learner, final, right=True)
    if standard == "scorm12":
        responses = [v for k, v in final.items() if k.endswith(".student_response")]
        assert responses and all(0 < len(r) <= 255 for r in responses)


def _two_quizzes(marks: tuple[int, int], mastery: int) -> dict[str, Any]:
    """player-mini with a second graded quiz after the first; ``mastery`` is the SCO's mastery
    score the builder derives from ``marks`` (their common value, else the course's, 80)."""
    data = copy.deepcopy(load_data("player-mini"))
    data["sco_mastery_score"] = mastery
    for content in data["content"].values():
        quiz_page = next(p for p in content["pages"] if p["quiz"])
        quiz_page["quiz"]["pass_score"] = marks[0]
        second = copy.deepcopy(quiz_page)
        second["id"], second["quiz"]["id"] = "check-again", "check-again"
        second["quiz"]["pass_score"] = marks[1]
        content["pages"].append(second)
    return data


# pass marks of the two quizzes, the SCO's mastery score, right answers in the second quiz
# (of 6; the first is all right), expected verdict: overall 100 and 66.67 -> 83.34; 100 and
# 16.67 -> 58.34. The quizzes' own verdicts differ (66.67 is under 70): only their feedback says so.
TWO_QUIZZES = [
    ((70, 70), 70, 4, "passed"),
    ((70, 90), 80, 4, "passed"),
    ((70, 70), 70, 1, "failed"),
]


@pytest.mark.parametrize("override", [True, False], ids=["override", "no-override"])
@pytest.mark.parametrize(("marks", "mastery", "right", "verdict"), TWO_QUIZZES)
def test_12_two_quizzes_moodle_stores_the_players_verdict(
    page: Any, base_url: str, site: Path, moodle: Path, marks: tuple[int, int], mastery: int,
    right: int, verdict: str, override: bool
) -> None:
    """Two graded quizzes in one SCO: the SCO's verdict is its overall score against its mastery
    score (the manifest's adlcp:masteryscore), which is what Moodle's mastery override computes
    at LMSFinish, so Moodle stores the player's status with the override on or off."""
    sco = render_variant(_two_quizzes(marks, mastery), "player-two-quizzes", "scorm12", site)
    learner = Learner(page, base_url, sco)
    learner.open(harness="moodle.html", mastery=mastery if override else None)
    first, again = [p["quiz"] for p in sco.pages if p["quiz"]]
    for p in sco.pages:
        if p["quiz"] is first:
            learner.answer_quiz(first, right=True)
            learner.submit()
        elif p["quiz"] is again:
            learner.answer_quiz(again, right=True, only=right)
            learner.submit()
            # the quiz's own feedback still measures it against its own pass mark
            assert learner.frame.query_selector(".lb-summary.is-failed") is not None
        learner.next()
    assert learner.frame.evaluate("LB.player.standing().success") == verdict
    final = _finish(learner)
    assert _last_set(learner, "cmi.core.lesson_status") == verdict
    assert final["cmi.core.lesson_status"] == verdict
    expected = 83.34 if right == 4 else 58.34  # (100 + 66.67) / 2, (100 + 16.67) / 2, rounded
    assert float(final["cmi.core.score.raw"]) == expected


@pytest.mark.parametrize("standard", STANDARDS)
def test_a_lone_surrogate_never_breaks_moodles_commit(page: Any, base_url: str, built: Any,
                                                      moodle: Path, standard: str) -> None:
    """Moodle's CollectData() URI-encodes every value; half an emoji would make it throw and the
    whole commit fail. The runtime layer replaces it before any SetValue."""
    sco = built("player-mini", standard)[0]
    learner = Learner(page, base_url, sco)
    frame = learner.open(harness="moodle.html")
    element = "cmi.core.lesson_location" if standard == "scorm12" else "cmi.location"
    assert frame.evaluate(f"LB.player.rt.set('{element}', 'x\\ud83d')") is True
    assert frame.evaluate("LB.player.rt.commit()") is True
    assert learner.lms("errors") == []
    assert learner.lms("commits")[-1][element] == "x\ufffd"


@pytest.mark.parametrize("override", [True, False], ids=["override", "no-override"])
def test_12_quiz_passed_before_the_last_page_stays_incomplete(
    page: Any, base_url: str, site: Path, moodle: Path, override: bool
) -> None:
    """all_pages_and_quiz with the quiz first: passed before the other pages are seen, the SCO
    is incomplete and its score withheld (so Moodle's override has nothing to pass it on); once
    every page is viewed it is passed with its score."""
    data = copy.deepcopy(load_data("player-mini"))
    for content in data["content"].values():
        content["pages"].sort(key=lambda p: p["quiz"] is None)  # the quiz first
    sco = render_variant(data, "player-quiz-first", "scorm12", site)
    mastery = sco.data["sco_mastery_score"] if override else None
    learner = Learner(page, base_url, sco)
    learner.open(harness="moodle.html", mastery=mastery)
    learner.answer_quiz(sco.pages[0]["quiz"], right=True)
    learner.submit()
    final = _finish(learner)
    assert _last_set(learner, "cmi.core.lesson_status") == "incomplete"
    assert final["cmi.core.lesson_status"] == "incomplete"
    assert final.get("cmi.core.score.raw", "") == ""

    seed = {k: v for k, v in final.items() if k not in ("cmi.core.exit", "cmi.core.session_time")}
    again = Learner(page, base_url, sco)
    again.open(seed=seed, harness="moodle.html", mastery=mastery)
    while again.current() < len(sco.pages):
        again.next()
    final = _finish(again)
    assert _last_set(again, "cmi.core.lesson_status") == "passed"
    assert (final["cmi.core.lesson_status"], final["cmi.core.score.raw"]) == ("passed", "100")


@pytest.mark.parametrize("sco_mode", [None, "single"])
@pytest.mark.parametrize("course", [c for c in course_names() if not c.startswith("player-")])
def test_the_player_judges_by_the_manifests_mastery_score(built: Any, site: Path, course: str,
                                                           sco_mode: str | None) -> None:
    """The number the player passes a SCO on is the one Moodle overrides its status with."""
    for sco in built(course, "scorm12", sco_mode):
        assert sco.data["sco_mastery_score"] == _mastery(site, sco), sco.url
