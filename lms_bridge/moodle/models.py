"""Shapes shared by several resources.

Response models allow unknown keys: a newer Moodle adding a field must not break a sync run.
Input models forbid them: Moodle rejects unknown keys with an error that, with debugging off,
does not say which key.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


class MoodleModel(BaseModel):
    """A response object: typed where the project relies on it, tolerant of additions."""

    model_config = ConfigDict(extra="allow")


class InputModel(BaseModel):
    """Parameters we send: unknown keys are a programming error, caught before sending."""

    model_config = ConfigDict(extra="forbid")


class MoodleWarning(MoodleModel):
    """A per-row problem reported inside a successful answer (not an exception)."""

    item: str | None = None
    itemid: int | None = None
    warningcode: str
    message: str = ""

    @field_validator("warningcode", mode="before")
    @classmethod
    def _code_as_text(cls, value: object) -> str:
        return str(value)


def warnings_in(answers: Iterable[Any]) -> list[MoodleWarning]:
    """The per-row warnings of every chunk's answer to a batch write (a ``null`` answer has
    none)."""
    return [MoodleWarning.model_validate(w) for answer in answers
            for w in (answer or {}).get("warnings", [])]


class NameValue(InputModel):
    """``customfields[]`` / ``preferences[]`` entries of users."""

    type: str
    value: str
