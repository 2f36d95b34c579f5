"""What a deploy should set on the activity, checked before anything is sent to Moodle."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lms_bridge.exceptions import InputError, Problem
from lms_bridge.moodle.lmsbridge_plugin import STATUS_COMPLETED, STATUS_PASSED

#: ``scorm.grademethod`` values (mod/scorm/locallib.php GRADESCOES ... GRADESUM)
GRADE_METHODS: dict[str, int] = {"objects": 0, "highest": 1, "average": 2, "sum": 3}
#: ``scorm.whatgrade`` values (HIGHESTATTEMPT ... LASTATTEMPT)
ATTEMPT_GRADING: dict[str, int] = {"highest": 0, "average": 1, "first": 2, "last": 3}
_SCORE = re.compile(r"^score:(\d{1,3})$")


@dataclass(frozen=True)
class Completion:
    """mod_scorm's completion rules: a status bitmask and a minimum score (0 = rule off)."""

    status: int = 0
    min_score: int = 0

    def describe(self) -> str:
        parts = {0: [], STATUS_PASSED: ["passed"], STATUS_COMPLETED: ["completed"],
                 STATUS_PASSED | STATUS_COMPLETED: ["completed or passed"]}[self.status]
        if self.min_score:
            parts = [*parts, f"score >= {self.min_score}"]
        return ", ".join(parts) or "none"


def parse_completion(text: str) -> Completion:
    """``passed``, ``completed`` (completed or passed), ``score:80``, ``none``; comma-joined.

    "completed" also accepts "passed": a SCORM 1.2 package that reports only ``passed`` never
    reports ``completed``, and mod_scorm checks the status bits against what the package sent.
    """
    status = 0
    score = 0
    for part in (p.strip().lower() for p in text.split(",") if p.strip()):
        match = _SCORE.match(part)
        if part == "passed":
            status |= STATUS_PASSED
        elif part == "completed":
            status |= STATUS_PASSED | STATUS_COMPLETED
        elif part == "none":
            continue
        elif match and 1 <= int(match.group(1)) <= 100:
            score = int(match.group(1))
        else:
            raise ValueError(f"{part!r}: use passed, completed, score:N (1-100) or none")
    return Completion(status=status, min_score=score)


@dataclass(frozen=True)
class DeployOptions:
    course: str
    """Course short name in Moodle."""
    section: int = 0
    name: str | None = None
    """Activity name (default: the package's title)."""
    idnumber: str | None = None
    """Course-module ID number (default: :func:`default_idnumber`)."""
    completion: Completion = Completion(status=STATUS_PASSED | STATUS_COMPLETED)
    grade_method: str = "highest"
    attempt_grading: str = "highest"
    max_grade: float = 100.0
    max_attempts: int = 0

    def check(self) -> None:
        """Raise one :class:`InputError` listing every bad option."""
        problems: list[Problem] = []

        def bad(field: str, message: str) -> None:
            problems.append(Problem("command line", message, field=field))

        if not self.course.strip():
            bad("--course", "give the course's short name")
        if self.section < 0:
            bad("--section", "must be 0 or more")
        if self.name is not None and not 0 < len(self.name.strip()) <= 255:
            bad("--name", "must be 1 to 255 characters")
        if self.idnumber is not None and not 0 < len(self.idnumber.strip()) <= 100:
            bad("--idnumber", "must be 1 to 100 characters")
        if self.grade_method not in GRADE_METHODS:
            bad("--grade-method", f"one of {', '.join(GRADE_METHODS)}")
        if self.attempt_grading not in ATTEMPT_GRADING:
            bad("--attempt-grading", f"one of {', '.join(ATTEMPT_GRADING)}")
        if not 0 <= self.max_grade <= 100:
            bad("--max-grade", "must be between 0 and 100")
        if self.max_attempts < 0:
            bad("--max-attempts", "must be 0 (unlimited) or more")
        if problems:
            raise InputError("Invalid deploy options", problems)


def default_idnumber(manifest_identifier: str) -> str:
    """The activity's ID number when none is given: stable for a course, whatever its build.

    Built packages carry ``course-<course id>`` as manifest identifier, so deploying the course
    folder or the zip built from it finds the same activity.
    """
    return f"lms-bridge:{manifest_identifier}"[:100]
