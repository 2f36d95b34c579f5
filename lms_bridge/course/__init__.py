"""The course model: plain typed objects, loaded from a course folder.

This package knows nothing of templates, zips or HTTP. ``load_course`` is imported on first
use, so code that only needs the model types does not pay for the YAML and Markdown readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lms_bridge.course.models import (
    Answer,
    CompletionRule,
    Course,
    MatchPair,
    Module,
    Page,
    Question,
    QuestionType,
    Quiz,
    ScoMode,
    SourceRef,
)

if TYPE_CHECKING:
    from lms_bridge.course.loader import load_course

__all__ = [
    "Answer",
    "CompletionRule",
    "Course",
    "MatchPair",
    "Module",
    "Page",
    "Question",
    "QuestionType",
    "Quiz",
    "ScoMode",
    "SourceRef",
    "load_course",
]


def __getattr__(name: str) -> Any:
    if name == "load_course":
        from lms_bridge.course.loader import load_course

        return load_course
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
