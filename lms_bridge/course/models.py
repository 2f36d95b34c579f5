"""Typed model of a course, as the loader produces it from a course folder.

Texts stay Markdown here; turning them into HTML is the job of :mod:`lms_bridge.course.markdown`.
A course holds every language it declares: ``Course.modules[lang]`` lists the same modules,
pages, quizzes and questions (same ids, same correct answers) in each language.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
"""Ids become SCORM identifiers and interaction ids: short, lower-case ASCII, stable."""

LANG_PATTERN = re.compile(r"^[a-z]{2,3}$")


MODULES_DIR = "modules"


def module_path(module_id: str, lang: str) -> str:
    """Where a module's file lives in the course folder."""
    return f"{MODULES_DIR}/{module_id}.{lang}.md"


class _Model(BaseModel):
    """Validators are built on first validation (``defer_build``): the loader constructs models
    from values it has checked itself (:mod:`lms_bridge.course.construct`), so a build of a
    valid course never pays for them."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class SourceRef(_Model):
    """Where something was written, for messages that point at the file and line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


class QuestionType(str, Enum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    MATCHING = "matching"
    FILL_IN = "fill_in"
    NUMERIC = "numeric"


class CompletionRule(str, Enum):
    """When a SCO (module, or the whole course in single-SCO mode) is complete."""

    ALL_PAGES = "all_pages"
    """Every page viewed; a graded quiz still decides passed/failed."""
    QUIZ_PASSED = "quiz_passed"
    """Completed when the graded quiz is passed (modules without a quiz: all pages viewed)."""
    ALL_PAGES_AND_QUIZ = "all_pages_and_quiz"
    """Every page viewed and the graded quiz passed."""


class ScoMode(str, Enum):
    PER_MODULE = "per_module"
    SINGLE = "single"


class Answer(_Model):
    id: str
    text: str
    correct: bool = False
    feedback: str | None = None
    weight: float | None = None
    """Partial credit for multiple choice; defaults to an equal share of the question."""


class MatchPair(_Model):
    id: str
    left: str
    right: str


class Question(_Model):
    id: str
    type: QuestionType
    prompt: str
    weight: float = Field(default=1.0, gt=0)
    answers: list[Answer] = Field(default_factory=list)
    """Choices of single and multiple choice questions."""
    correct: bool | None = None
    """The right answer of a true/false question."""
    pairs: list[MatchPair] = Field(default_factory=list)
    """Matching: each left item belongs with its right item; the player shuffles the rights."""
    accept: list[str] = Field(default_factory=list)
    """Fill-in: every accepted answer."""
    case_sensitive: bool = False
    value: float | None = None
    """Numeric: the right value, within ``tolerance``."""
    tolerance: float = Field(default=0.0, ge=0)
    feedback_correct: str | None = None
    feedback_incorrect: str | None = None
    source: SourceRef | None = None


class Quiz(_Model):
    id: str
    graded: bool = True
    """A graded quiz decides passed/failed and the score; an ungraded one is practice."""
    pass_score: int | None = Field(default=None, ge=0, le=100)
    """Percentage needed to pass; ``None`` means the course's mastery score."""
    shuffle: bool = False
    questions: list[Question]
    source: SourceRef | None = None


class Page(_Model):
    id: str
    title: str
    body: str
    """Markdown of the page, without its heading and without the quiz block."""
    quiz: Quiz | None = None
    source: SourceRef | None = None


class Module(_Model):
    id: str
    lang: str
    title: str
    duration_minutes: int | None = Field(default=None, gt=0)
    objectives: list[str] = Field(default_factory=list)
    pages: list[Page]
    source: SourceRef | None = None

    @property
    def file(self) -> str:
        """The module's file relative to the course folder, also for a module built in code
        (without a ``source``): for messages, and as the base of its relative links."""
        return self.source.file if self.source is not None else module_path(self.id, self.lang)

    @property
    def graded_quizzes(self) -> list[Quiz]:
        return [p.quiz for p in self.pages if p.quiz is not None and p.quiz.graded]


class Course(_Model):
    id: str
    version: str
    languages: list[str]
    """The first language is the course's default."""
    title: dict[str, str]
    description: dict[str, str] = Field(default_factory=dict)
    audience: dict[str, str] = Field(default_factory=dict)
    institution: dict[str, str] = Field(default_factory=dict)
    """The issuing institution, shown in the player and on certificates."""
    duration_minutes: int = Field(gt=0)
    completion: CompletionRule = CompletionRule.ALL_PAGES_AND_QUIZ
    mastery_score: int = Field(default=80, ge=0, le=100)
    max_attempts: int = Field(default=0, ge=0)
    """How many times a learner may submit a graded quiz; 0 means no limit."""
    sco_mode: ScoMode = ScoMode.PER_MODULE
    module_ids: list[str]
    modules: dict[str, list[Module]]
    """Per language, the modules in course order."""
    root: Path
    """The course folder; media paths are relative to it."""
    media: list[str] = Field(default_factory=list)
    """Every media file the course refers to, relative to ``root`` with ``/`` separators, sorted."""
    template_dir: Path | None = None
    """The course's own template overrides (``templates/`` in the course folder), if any."""

    @field_validator("languages")
    @classmethod
    def _languages_valid(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("at least one language is required")
        return value

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def text(self, field: str, lang: str) -> str:
        """A translated course-level text, falling back to the default language."""
        values: dict[str, str] = getattr(self, field)
        return values.get(lang) or values.get(self.default_language, "")

    def modules_for(self, lang: str) -> list[Module]:
        return self.modules[lang]
