"""Plain records passed between the sources, the registry, the renderer and the site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Source = Literal["moodle", "csv", "customcert"]


@dataclass(frozen=True)
class CourseInfo:
    """The course as a certificate names it. ``id`` is Moodle's id or the CSV course code."""

    id: str
    title: str
    lang: str = "en"
    hours: float | None = None


@dataclass(frozen=True)
class Completion:
    """One learner who completed a course: the input of ``issue``."""

    username: str
    fullname: str
    completed_on: date
    hours: float | None = None
    email: str = ""


@dataclass(frozen=True)
class Certificate:
    """One row of the registry."""

    code: str
    username: str
    fullname: str
    course_id: str
    course_title: str
    lang: str
    hours: float | None
    completed_on: date
    issued_at: str
    source: Source
    external_code: str | None = None
    pdf_path: str | None = None
    pdf_sha256: str | None = None
    revoked_at: str | None = None
    revocation_reason: str | None = None
    replaced_by: str | None = None  # the code of the corrected certificate that replaces this

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def format_hours(hours: float | None) -> str:
    if hours is None:
        return ""
    return str(int(hours)) if float(hours).is_integer() else f"{hours:g}"
