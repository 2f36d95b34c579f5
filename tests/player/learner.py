"""A scripted learner: opens a SCO in the test LMS, walks its pages and answers its quizzes,
right or wrong, from the quiz definitions in the SCO's own player data."""

from __future__ import annotations

import re
from typing import Any

from tests.player.packages import Sco

SESSION_TIME_12 = re.compile(r"^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$")
SESSION_TIME_2004 = re.compile(
    r"^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?$")
INTERACTION_ID = re.compile(r"^[\x21-\x7E]{1,255}$")


def right_answer(q: dict[str, Any]) -> Any:
    kind = q["type"]
    if kind == "single":
        return next(a["id"] for a in q["answers"] if a["correct"])
    if kind == "multiple":
        return [a["id"] for a in q["answers"] if a["correct"]]
    if kind == "true_false":
        return bool(q["correct"])
    if kind == "matching":
        return {p["id"]: p["id"] for p in q["pairs"]}
    if kind == "fill_in":
        return q["accept"][0]
    return format(q["value"], "g")


def wrong_answer(q: dict[str, Any]) -> Any:
    kind = q["type"]
    if kind == "single":
        return next(a["id"] for a in q["answers"] if not a["correct"])
    if kind == "multiple":
        return [a["id"] for a in q["answers"] if not a["correct"]]
    if kind == "true_false":
        return not q["correct"]
    if kind == "matching":
        ids = [p["id"] for p in q["pairs"]]
        return dict(zip(ids, ids[1:] + ids[:1], strict=True))
    if kind == "fill_in":
        return "zzz-wrong"
    return format(q["value"] + q["tolerance"] + 1000, "g")


class Learner:
    def __init__(self, page: Any, base_url: str, sco: Sco) -> None:
        self.page = page
        self.sco = sco
        self.base_url = base_url

    # -- session -------------------------------------------------------------------------
    def open(self, seed: dict[str, str] | None = None, lms: bool = True,
             harness: str = "lms.html", mastery: int | None = None,
             threshold: str | None = None) -> Any:
        """Launch the SCO; ``harness`` is the LMS page (``moodle.html``: Moodle's rules, seeded
        with the manifest's mastery score and completion threshold)."""
        if lms:
            self.page.goto(f"{self.base_url}/{harness}")
            self.page.evaluate("([s, u, seed, m, t]) => startSco(s, u, seed, m, t)",
                               [self.sco.standard, self.sco.url, seed, mastery, threshold])
            self.page.wait_for_function(
                "(() => { const w = document.getElementById('sco').contentWindow;"
                " return !!(w && w.LB && w.LB.player); })()")
            self.frame = self.page.query_selector("#sco").content_frame()
        else:
            self.page.goto(self.base_url + self.sco.url)
            self.frame = self.page.main_frame
        self.frame.wait_for_selector("#lb-main h1")
        return self.frame

    def close(self) -> dict[str, str]:
        """Leave the SCO as a learner closing the tab would; the LMS's final CMI."""
        self.page.evaluate("closeSco()")
        self.page.wait_for_function("window.lms.finished === true")
        final: dict[str, str] = self.page.evaluate("window.lms.final")
        return final

    def lms(self, key: str) -> Any:
        return self.page.evaluate(f"window.lms.{key}")

    # -- navigation ----------------------------------------------------------------------
    def current(self) -> int:
        index: int = self.frame.evaluate("LB.player.current")
        return index

    def next(self) -> None:
        before = self.current()
        self.frame.click("#lb-next")
        self.frame.wait_for_function(f"LB.player.current === {before + 1}")

    def go(self, index: int) -> None:
        if not self.frame.evaluate("document.querySelector('.lb-toc-box').open"):
            self.frame.click(".lb-toc-box summary")  # the collapsed contents on a phone
        self.frame.click(f".lb-toc-list li:nth-child({index + 1}) a")
        self.frame.wait_for_function(f"LB.player.current === {index}")

    # -- answers -------------------------------------------------------------------------
    def fill(self, quiz: dict[str, Any], q: dict[str, Any], answer: Any) -> None:
        base = f"lb-{quiz['id']}-{q['id']}"
        f = self.frame
        kind = q["type"]
        if kind == "single":
            f.check(f'[id="{base}-{answer}"]')
        elif kind == "multiple":
            for a in q["answers"]:
                f.set_checked(f'[id="{base}-{a["id"]}"]', a["id"] in answer)
        elif kind == "true_false":
            f.check(f'[id="{base}-{"true" if answer else "false"}"]')
        elif kind == "matching":
            for left, right in answer.items():
                f.select_option(f'[id="{base}-m{left}"]', right)
        else:
            f.fill(f'[id="{base}-input"]', str(answer))

    def answer_quiz(self, quiz: dict[str, Any], right: bool, only: int | None = None) -> None:
        questions = quiz["questions"] if only is None else quiz["questions"][:only]
        for q in questions:
            self.fill(quiz, q, right_answer(q) if right else wrong_answer(q))

    def kept_answer(self, quiz: dict[str, Any], q: dict[str, Any]) -> Any:
        """The answer to q the player holds in its state (e.g. restored from suspend_data)."""
        return self.frame.evaluate(
            f"LB.player.state.quizzes[{quiz['id']!r}].answers[{q['id']!r}]")

    def submit(self) -> None:
        self.frame.click("#lb-submit")
        if self.frame.query_selector("#lb-submit"):
            self.frame.click("#lb-submit")  # "submit anyway" after the unanswered warning
        self.frame.wait_for_selector(".lb-summary.is-passed, .lb-summary.is-failed")

    def run_through(self, right: bool) -> None:
        """Every page in order, every quiz answered and submitted, ending on the results page."""
        for page in self.sco.pages:
            if page["quiz"]:
                self.answer_quiz(page["quiz"], right)
                self.submit()
            self.next()
