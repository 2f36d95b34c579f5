"""The learner's state fits SCORM 1.2's 4,096 characters of suspend_data, and when it cannot
(an oversized course) the player drops details, keeps the bookmark and never sends more."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.player.learner import Learner
from tests.player.packages import course_names, load_data, render_variant

pytestmark = pytest.mark.browser

LIMIT_12 = 4096
WORST_CASE = """() => {
  const p = LB.player;
  const s = LB.state.worstCase(p.pageCount, p.quizzes, p.data.settings.max_attempts);
  const back = LB.state.decode(s, p.pageCount, p.quizzes);
  return [s.length, LB.state.encode(back, p.pageCount, p.quizzes, 0) === s];
}"""


@pytest.mark.parametrize("course", course_names())
def test_worst_case_state_fits_scorm12(page: Any, base_url: str, built: Any, course: str) -> None:
    """Per module and, for the example courses, as one SCO for the whole course (the largest)."""
    scos = built(course, "scorm12")
    if not course.startswith("player-"):
        scos = scos + built(course, "scorm12", "single")
    for sco in scos:
        learner = Learner(page, base_url, sco)
        frame = learner.open()
        length, round_trips = frame.evaluate(WORST_CASE)
        print(f"{course}/{sco.data['sco_id']}: worst-case suspend_data {length} chars")
        assert round_trips
        assert length <= LIMIT_12


def _oversized(questions: int) -> dict[str, Any]:
    """player-mini with its quiz blown up to many fill-in questions: far over 4,096 chars."""
    data = copy.deepcopy(load_data("player-mini"))
    data["sco_id"] = "oversized"
    for content in data["content"].values():
        quiz = next(p["quiz"] for p in content["pages"] if p["quiz"])
        template = next(q for q in quiz["questions"] if q["type"] == "fill_in")
        quiz["questions"] = [{**template, "id": f"f{i}"} for i in range(questions)]
    return data


def test_overflowing_state_degrades_and_never_exceeds_the_limit(
    page: Any, base_url: str, site: Any
) -> None:
    sco = render_variant(_oversized(40), "player-oversized", "scorm12", site)
    learner = Learner(page, base_url, sco)
    frame = learner.open()
    quiz_page = sco.first_quiz[0]
    learner.go(quiz_page)
    assert frame.evaluate(WORST_CASE)[0] > LIMIT_12
    for q in sco.quizzes[0]["questions"]:
        frame.fill(f'[id="lb-{sco.quizzes[0]["id"]}-{q["id"]}-input"]', "|;,%" * 15)
    learner.go(0)
    learner.go(quiz_page)
    sent = [s[1] for s in learner.lms("sets") if s[0] == "cmi.suspend_data"]
    assert max(len(s) for s in sent) <= LIMIT_12
    last = learner.lms("commits")[-1]
    assert last["cmi.core.lesson_location"] == sco.pages[quiz_page]["id"]
    state = frame.evaluate("(s) => LB.state.decode(s, LB.player.pageCount, LB.player.quizzes)",
                           last["cmi.suspend_data"])
    assert state["lang"] == "sq" and state["visited"][0] is True
    # answers of an unsubmitted quiz are what had to go
    assert state["quizzes"].get(sco.quizzes[0]["id"], {}).get("answers", {}) == {}


def test_state_from_an_older_package_keeps_only_the_language(page: Any, base_url: str,
                                                              built: Any) -> None:
    """A republished package whose quiz changed must not misread positional answers."""
    frame = Learner(page, base_url, built("player-mini", "scorm12")[0]).open()
    old, new = frame.evaluate("""() => {
      const p = LB.player;
      const saved = LB.state.worstCase(p.pageCount, p.quizzes, 2);
      const changed = p.quizzes.map(q => ({...q, questions: q.questions.slice(1)}));
      return [LB.state.decode(saved, p.pageCount, p.quizzes),
              LB.state.decode(saved, p.pageCount, changed)];
    }""")
    assert old["quizzes"] and all(old["visited"])
    assert new == {"lang": "xxx", "visited": [], "quizzes": {}}


def test_every_answer_shape_round_trips(page: Any, base_url: str, built: Any) -> None:
    """Each question type, including a 40-pair matching question, survives encode/decode."""
    frame = Learner(page, base_url, built("player-mini", "scorm12")[0]).open()
    same = frame.evaluate("""() => {
      const p = LB.player;
      const wide = x => x.type !== "matching" ? x
        : {...x, pairs: Array.from({length: 40}, (_, i) => ({id: String(i + 1)}))};
      const quizzes = p.quizzes.map(q => ({...q, questions: q.questions.map(wide)}));
      const answers = {};
      for (const q of quizzes[0].questions) {
        answers[q.id] = {single: q.answers.length ? q.answers[1]?.id : undefined,
          multiple: q.answers.map(a => a.id).slice(0, 2), true_false: false,
          matching: Object.fromEntries(q.pairs.map((x, i) => [x.id, q.pairs[(i * 7) % 40].id])),
          fill_in: "a|b;c,d%e ёж", numeric: "-12,5"}[q.type];
      }
      const state = {lang: "bg", visited: [true, false, true],
        quizzes: {[quizzes[0].id]: {attempts: 2, submitted: false, score: 42.5, answers}}};
      const back = LB.state.decode(LB.state.encode(state, p.pageCount, quizzes), p.pageCount,
                                   quizzes);
      return JSON.stringify(back.quizzes) === JSON.stringify(state.quizzes)
        && back.lang === "bg" && back.visited.join() === "true,false,true";
    }""")
    assert same
