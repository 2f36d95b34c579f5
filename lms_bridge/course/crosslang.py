"""Every language of a module must be the same course in other words.

The player's bookmarks, suspend data and the interactions reported to Moodle use page, quiz,
question and answer ids, and the score must not depend on the language a learner picked. So each
translation is compared with the default language: same pages, quizzes, questions, types,
weights and right answers. Only texts (and fill-in accepted answers, which are words) differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lms_bridge.course.models import Module, Page, Question, QuestionType, Quiz
from lms_bridge.exceptions import Problem


def compare_translations(default: Module, other: Module, problems: list[Problem]) -> None:
    """Append a problem (in ``other``'s file) for each way ``other`` differs from ``default``."""
    def report(line: int | None, field: str | None, message: str) -> None:
        problems.append(Problem(other.file, f"{message} (as in {default.file})", line, field))

    ours = [p.id for p in default.pages]
    theirs = [p.id for p in other.pages]
    if ours != theirs:
        line = other.source.line if other.source else None
        report(line, None, f"pages differ: {_ids(theirs)} instead of {_ids(ours)}")
        return
    for mine, page in zip(default.pages, other.pages, strict=True):
        _compare_pages(mine, page, report)


def _compare_pages(mine: Page, page: Page, report: Any) -> None:
    line = page.source.line if page.source else None
    field = f"page {page.id}"
    if (mine.quiz is None) != (page.quiz is None):
        report(line, field, "has a quiz block" if page.quiz else "has no quiz block")
        return
    if mine.quiz is None or page.quiz is None:
        return
    quiz_line = page.quiz.source.line if page.quiz.source else line
    field = f"quiz {page.quiz.id}"
    for name, a, b in _quiz_settings(mine.quiz, page.quiz):
        if a != b:
            report(quiz_line, field, f"{name} is {b!r} instead of {a!r}")
    ours = [(q.id, q.type.value) for q in mine.quiz.questions]
    theirs = [(q.id, q.type.value) for q in page.quiz.questions]
    if ours != theirs:
        report(quiz_line, field, "questions differ: "
               f"{_ids(f'{i} ({t})' for i, t in theirs)} instead of "
               f"{_ids(f'{i} ({t})' for i, t in ours)}")
        return
    for q_mine, q in zip(mine.quiz.questions, page.quiz.questions, strict=True):
        q_line = q.source.line if q.source else quiz_line
        for message in _question_differences(q_mine, q):
            report(q_line, f"{field}, question {q.id}", message)


def _quiz_settings(a: Quiz, b: Quiz) -> Iterator[tuple[str, Any, Any]]:
    yield "the quiz id", a.id, b.id
    yield "graded", a.graded, b.graded
    yield "pass_score", a.pass_score, b.pass_score
    yield "shuffle", a.shuffle, b.shuffle


def _question_differences(a: Question, b: Question) -> Iterator[str]:
    if a.weight != b.weight:
        yield f"weight is {_num(b.weight)} instead of {_num(a.weight)}"
    if a.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        if [x.id for x in a.answers] != [x.id for x in b.answers]:
            yield (f"answers differ: {_ids(x.id for x in b.answers)} instead of "
                   f"{_ids(x.id for x in a.answers)}")
            return
        right_a = [x.id for x in a.answers if x.correct]
        right_b = [x.id for x in b.answers if x.correct]
        if right_a != right_b:
            texts = {x.id: _short(x.text) for x in b.answers}
            yield (f"the right answers are {_ids(f'{i} ({texts[i]})' for i in right_b)} instead "
                   f"of {_ids(f'{i} ({texts[i]})' for i in right_a)}")
        if [x.weight for x in a.answers] != [x.weight for x in b.answers]:
            yield "answer weights differ"
    elif a.type is QuestionType.TRUE_FALSE and a.correct != b.correct:
        yield f"the right answer is {_yaml(b.correct)} instead of {_yaml(a.correct)}"
    elif a.type is QuestionType.MATCHING and [p.id for p in a.pairs] != [p.id for p in b.pairs]:
        yield (f"pairs differ: {_ids(p.id for p in b.pairs)} instead of "
               f"{_ids(p.id for p in a.pairs)}")
    elif a.type is QuestionType.FILL_IN and a.case_sensitive != b.case_sensitive:
        yield f"case_sensitive is {_yaml(b.case_sensitive)} instead of {_yaml(a.case_sensitive)}"
    elif a.type is QuestionType.NUMERIC and (a.value, a.tolerance) != (b.value, b.tolerance):
        yield (f"the right value is {_num(b.value)} ± {_num(b.tolerance)} instead of "
               f"{_num(a.value)} ± {_num(a.tolerance)}")


def _ids(ids: Any) -> str:
    items = list(ids)
    return "[" + ", ".join(str(i) for i in items) + "]" if items else "none"


def _yaml(value: bool | None) -> str:
    return "none" if value is None else str(value).lower()


def _num(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"
