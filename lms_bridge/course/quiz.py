"""A ```` ```quiz ```` block (YAML) → a :class:`Quiz`, with every mistake located.

Each question is validated on its own, so one broken question does not hide the problems of
the others. Beyond what the model's types catch, a question must be answerable: a single choice
has exactly one right answer, a matching question at least two pairs, and so on.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from lms_bridge.course.construct import construct
from lms_bridge.course.models import Question, QuestionType, Quiz, SourceRef
from lms_bridge.course.pages import QuizBlock
from lms_bridge.course.problems import (
    YamlPath,
    check_id,
    check_keys,
    check_mapping,
    check_unique,
    join_field,
    pydantic_problems,
)
from lms_bridge.course.yamlread import YamlDoc, read_yaml
from lms_bridge.exceptions import Problem

_QUIZ_KEYS = {"id", "graded", "pass_score", "shuffle", "questions"}
_COMMON_KEYS = {"id", "type", "prompt", "weight", "feedback_correct", "feedback_incorrect"}
_TYPE_KEYS: dict[QuestionType, set[str]] = {
    QuestionType.SINGLE: {"answers"},
    QuestionType.MULTIPLE: {"answers"},
    QuestionType.TRUE_FALSE: {"correct"},
    QuestionType.MATCHING: {"pairs"},
    QuestionType.FILL_IN: {"accept", "case_sensitive"},
    QuestionType.NUMERIC: {"value", "tolerance"},
}
_REQUIRED: dict[QuestionType, str] = {
    QuestionType.SINGLE: "answers",
    QuestionType.MULTIPLE: "answers",
    QuestionType.TRUE_FALSE: "correct",
    QuestionType.MATCHING: "pairs",
    QuestionType.FILL_IN: "accept",
    QuestionType.NUMERIC: "value",
}
_ALL_KEYS = set().union(_COMMON_KEYS, *_TYPE_KEYS.values())
_TYPES = ", ".join(t.value for t in QuestionType)


def parse_quiz(block: QuizBlock, file: str, problems: list[Problem]) -> Quiz | None:
    """The quiz of a block, or ``None`` when it has problems (all appended to ``problems``)."""
    before = len(problems)
    doc = read_yaml(block.text, file, problems, first_line=block.line + 1)
    if doc is None:
        return None
    doc.lines[()] = block.line
    data = doc.data
    if not check_mapping(doc, (), data, "a quiz block", "quiz", problems):
        return None
    quiz_id = data.get("id")
    label = f"quiz {quiz_id}" if isinstance(quiz_id, str) else "quiz"
    check_keys(doc, (), data, allowed=_QUIZ_KEYS, required=("id", "questions"), label=label,
               problems=problems)
    if "id" in data:
        check_id(doc, ("id",), quiz_id, "quiz id", label, problems)
    raw_questions = data.get("questions")
    questions: list[Question] = []
    if raw_questions is not None and not isinstance(raw_questions, list):
        problems.append(doc.problem(("questions",), "must be a list of questions", label))
    elif isinstance(raw_questions, list):
        if not raw_questions:
            problems.append(doc.problem(("questions",), "a quiz needs at least one question",
                                        label))
        for index, raw in enumerate(raw_questions):
            question = _question(doc, ("questions", index), raw, label, problems)
            if question is not None:
                questions.append(question)
        ids: list[tuple[str, YamlPath | int | None]] = [
            (str(q["id"]), ("questions", i, "id")) for i, q in enumerate(raw_questions)
            if isinstance(q, Mapping) and isinstance(q.get("id"), str)]
        check_unique(doc, ids, "question", label, problems)
    shell = {k: v for k, v in data.items() if k in _QUIZ_KEYS - {"questions"}}
    try:
        quiz = construct(Quiz, {**shell, "questions": questions,
                                "source": construct(SourceRef, {"file": file,
                                                                "line": block.line})})
    except ValidationError as exc:
        pydantic_problems(exc, doc, (), label, problems, reported={"id", "questions"})
        return None
    return quiz if len(problems) == before else None


def _question(doc: YamlDoc, path: YamlPath, raw: Any, quiz_label: str,
              problems: list[Problem]) -> Question | None:
    if not check_mapping(doc, path, raw, "a question", quiz_label, problems):
        return None
    qid = raw.get("id")
    label = join_field(quiz_label, f"question {qid}" if isinstance(qid, str) else
                       f"question {path[-1] + 1 if isinstance(path[-1], int) else ''}")
    before = len(problems)
    if "id" in raw:
        check_id(doc, (*path, "id"), qid, "question id", label, problems)
    kind = _type(doc, path, raw, label, problems)
    if kind is None:
        check_keys(doc, path, raw, allowed=_ALL_KEYS, required=("id", "prompt"), label=label,
                   problems=problems)
        return None
    misplaced = {key: f"is not used by a {kind.value} question"
                 for key in _ALL_KEYS - _COMMON_KEYS - _TYPE_KEYS[kind]}
    check_keys(doc, path, raw, allowed=_COMMON_KEYS | _TYPE_KEYS[kind],
               required=("id", "prompt", _REQUIRED[kind]), label=label, problems=problems,
               misplaced=misplaced)
    data = _whole_numbers_as_text(raw, ("prompt", "feedback_correct", "feedback_incorrect"))
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        data["answers"] = _with_ids(doc, (*path, "answers"), raw.get("answers"), "answer",
                                    _letter, label, problems)
    if kind is QuestionType.MATCHING:
        data["pairs"] = _with_ids(doc, (*path, "pairs"), raw.get("pairs"), "pair",
                                  _number, label, problems)
    if kind is QuestionType.FILL_IN and isinstance(raw.get("accept"), list):
        # ``accept: [139]`` means the text "139"; whole numbers convert without loss.
        data["accept"] = [str(a) if isinstance(a, int) and not isinstance(a, bool) else a
                          for a in raw["accept"]]
    allowed = _COMMON_KEYS | _TYPE_KEYS[kind]
    clean = {k: v for k, v in data.items() if k in allowed}
    try:
        source = construct(SourceRef, {"file": doc.file, "line": doc.line(path)})
        question = construct(Question, {**clean, "source": source})
    except ValidationError as exc:
        pydantic_problems(exc, doc, path, label, problems, reported={"id"})
        return None
    _check_answerable(doc, path, question, label, problems, given=set(raw))
    return question if len(problems) == before else None


def _type(doc: YamlDoc, path: YamlPath, raw: Mapping[str, Any], label: str | None,
          problems: list[Problem]) -> QuestionType | None:
    value = raw.get("type")
    if value is None:
        problems.append(doc.problem(path, f"'type' is required (one of: {_TYPES})", label))
        return None
    try:
        return QuestionType(value)
    except ValueError:
        close = difflib.get_close_matches(str(value), [t.value for t in QuestionType], n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {_TYPES}"
        problems.append(doc.problem((*path, "type"), f"unknown question type {value!r} "
                                    f"({hint})", label))
        return None


def _letter(index: int) -> str | None:
    """The id of an answer written without one: ``a``, ``b``… (26 at most)."""
    return string.ascii_lowercase[index] if index < len(string.ascii_lowercase) else None


def _number(index: int) -> str | None:
    """The id of a pair written without one: ``1``, ``2``… (999 at most)."""
    return str(index + 1) if index < 999 else None


def _with_ids(doc: YamlDoc, path: YamlPath, items: Any, what: str,
              default_id: Callable[[int], str | None], label: str | None,
              problems: list[Problem]) -> Any:
    """Items with their default ids filled in by position, ids checked."""
    if not isinstance(items, list):
        if items is not None:
            problems.append(doc.problem(path, f"must be a list of {what}s", label))
        return items
    result: list[Any] = []
    ids: list[tuple[str, YamlPath | int | None]] = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            result.append(item)  # the model reports it, at this index
            continue
        item = _whole_numbers_as_text(item, ("text", "feedback", "left", "right"))
        if "id" in item:
            check_id(doc, (*path, index, "id"), item["id"], f"{what} id", label, problems)
        elif (default := default_id(index)) is not None:
            item["id"] = default
        if isinstance(item.get("id"), str):
            ids.append((item["id"], (*path, index, "id")))
        result.append(item)
    check_unique(doc, ids, what, label, problems)
    return result


def _whole_numbers_as_text(item: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """``text: 61`` means the text "61": whole numbers convert to text without loss."""
    return {k: str(v) if k in keys and isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in item.items()}


def _check_answerable(doc: YamlDoc, path: YamlPath, q: Question, label: str | None,
                      problems: list[Problem], given: set[str]) -> None:
    """A question a learner can get right; keys missing altogether were reported already."""

    def report(key: str, message: str) -> None:
        problems.append(doc.problem((*path, key), message, label))

    if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        right = sum(1 for a in q.answers if a.correct)
        if len(q.answers) < 2:
            report("answers", "a choice question needs at least two answers")
        if right == 0:
            report("answers", "no answer is marked 'correct: true'")
        elif q.type is QuestionType.SINGLE and right > 1:
            report("answers", f"{right} answers are marked correct; a single choice question "
                   "has exactly one (use type: multiple for several)")
        for index, answer in enumerate(q.answers):
            if answer.weight is not None and (q.type is QuestionType.SINGLE
                                              or answer.weight < 0):
                problems.append(doc.problem(
                    (*path, "answers", index, "weight"),
                    "answer weights are for multiple choice, and never negative", label))
    elif q.type is QuestionType.TRUE_FALSE and q.correct is None and "correct" in given:
        report("correct", "must be true or false")
    elif q.type is QuestionType.NUMERIC and q.value is None and "value" in given:
        report("value", "give the right value, a number")
    elif q.type is QuestionType.MATCHING and len(q.pairs) < 2:
        report("pairs", "a matching question needs at least two pairs")
    elif q.type is QuestionType.FILL_IN and not [a for a in q.accept if a.strip()]:
        report("accept", "give at least one accepted answer")
