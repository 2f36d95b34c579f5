"""construct() gives exactly what model_validate gives, with or without pydantic's validator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ConfigDict, Strict, ValidationError, field_validator

from lms_bridge.course import load_course
from lms_bridge.course.construct import construct
from lms_bridge.course.models import Answer, Course, Module, Question, Quiz, SourceRef

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "course_packages").iterdir())
SOURCE = SourceRef(file="modules/m.en.md", line=3)


def _same(model: type[BaseModel], data: dict[str, Any]) -> None:
    try:
        expected = model.model_validate(data)
    except ValidationError as exc:
        with pytest.raises(ValidationError) as raised:
            construct(model, data)
        assert raised.value.errors(include_context=False) == exc.errors(include_context=False)
        return
    got = construct(model, data)
    assert got == expected
    assert got.__getstate__() == expected.__getstate__()
    assert repr(got) == repr(expected)


@pytest.mark.parametrize("data", [
    {"id": "q1", "type": "single", "prompt": "Who?", "weight": 2,
     "answers": [{"id": "a", "text": "Me", "correct": True}, {"id": "b", "text": "You"}],
     "source": SOURCE},
    {"id": "q1", "type": "numeric", "prompt": "How many?", "value": 61, "tolerance": 0.5},
    {"id": "q1", "type": "fill_in", "prompt": "Capital?", "accept": ["Tirana"]},
    {"id": "q1", "type": "true_false", "prompt": "Yes?", "correct": False},
    # values pydantic coerces, refuses or both: the validator decides
    {"id": "q1", "type": "single", "prompt": "Who?", "weight": "2"},
    {"id": "q1", "type": "single", "prompt": "Who?", "weight": 0},
    {"id": "q1", "type": "single", "prompt": "Who?", "weight": float("nan")},
    {"id": "q1", "type": "single", "prompt": "Who?", "weight": True},
    {"id": "q1", "type": "single", "prompt": 12},
    {"id": "q1", "type": "choice", "prompt": "Who?"},
    {"id": "q1", "type": "single"},
    {"id": "q1", "type": "single", "prompt": "Who?", "answers": [{"id": "a", "txt": "Me"}]},
    {"id": "q1", "type": "single", "prompt": "Who?", "answers": [{"id": "a", "text": "Me",
                                                                  "weight": "half"}]},
    {"id": "q1", "type": "single", "prompt": "Who?", "tolerance": -1},
    {"id": "q1", "type": "single", "prompt": "Who?", "colour": "red"},
])
def test_question(data: dict[str, Any]) -> None:
    _same(Question, data)


@pytest.mark.parametrize("data", [
    {"id": "quiz", "questions": [], "source": SOURCE},
    {"id": "quiz", "graded": False, "pass_score": 70, "shuffle": True, "questions": []},
    {"id": "quiz", "pass_score": None, "questions": []},
    {"id": "quiz", "pass_score": 101, "questions": []},
    {"id": "quiz", "pass_score": 70.0, "questions": []},
    {"id": "quiz", "graded": "yes", "questions": []},
    {"id": "quiz"},
])
def test_quiz(data: dict[str, Any]) -> None:
    _same(Quiz, data)


@pytest.mark.parametrize("data", [
    {"id": "m", "lang": "en", "title": "Module", "pages": [], "objectives": ["Know"]},
    {"id": "m", "lang": "en", "title": "Module", "pages": [], "duration_minutes": 0},
    {"id": "m", "lang": "en", "title": "Module", "pages": [], "duration_minutes": "30"},
])
def test_module(data: dict[str, Any]) -> None:
    _same(Module, data)


@pytest.mark.parametrize("languages", [["sq", "en"], []])
def test_course_runs_its_field_validator(languages: list[str]) -> None:
    _same(Course, {"id": "c", "version": "1", "languages": languages, "title": {"sq": "T"},
                   "duration_minutes": 30, "completion": "all_pages", "module_ids": [],
                   "modules": {}, "root": REPO})


def test_answer_weight_becomes_float() -> None:
    answer = construct(Answer, {"id": "a", "text": "Me", "weight": 1})
    assert type(answer.weight) is float


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_loaded_courses_equal_validated_ones(example: Path) -> None:
    """Every model the loader built is what pydantic builds from the same fields."""
    course = load_course(example)
    todo: list[Any] = [course]
    while todo:
        item = todo.pop()
        if isinstance(item, BaseModel):
            given = {name: getattr(item, name) for name in item.model_fields_set}
            assert type(item).model_validate(given) == item
            todo.extend(getattr(item, name) for name in type(item).model_fields)
        elif isinstance(item, (list, tuple)):
            todo.extend(item)
        elif isinstance(item, dict):
            todo.extend(item.values())


def test_loading_a_valid_course_builds_no_validator() -> None:
    """The validators (and pydantic's plugin lookup) cost a build ~25 ms: a valid course needs
    neither."""
    script = ("import sys; from lms_bridge.course import load_course, Course; "
              f"load_course({str(EXAMPLES[0])!r}); "
              "print(Course.__pydantic_complete__, 'importlib.metadata' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


class _Stripped(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weight: Annotated[float, Strict()]


class _EveryField(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str

    @field_validator("*")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


@pytest.mark.parametrize(("model", "data"), [(_Stripped, {"name": " x "}),
                                             (_Strict, {"weight": 1}),
                                             (_EveryField, {"name": "x"})])
def test_settings_that_change_values_leave_it_to_pydantic(model: type[BaseModel],
                                                          data: dict[str, Any]) -> None:
    _same(model, data)
