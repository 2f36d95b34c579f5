"""The course model: plain typed objects, loaded from a course folder.

This package knows nothing of templates, zips or HTTP.
"""

from __future__ import annotations

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
]
