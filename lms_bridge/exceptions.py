"""The project's error types.

Every failure a user can cause (bad input, a refused Moodle call, a broken package) is a
subclass of :class:`LmsBridgeError`; the CLI turns these into a message and exit code 1,
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One problem in a user's input, located as precisely as the input allows."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}"


class LmsBridgeError(Exception):
    """Base class of every error the project raises on purpose."""


@dataclass
class InputError(LmsBridgeError):
    """The user's input has problems; all of them are listed, not just the first."""

    summary: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.problems:
            return self.summary
        lines = [f"{self.summary} ({len(self.problems)} problem(s)):"]
        lines.extend(f"  {p}" for p in self.problems)
        return "\n".join(lines)


class CourseError(InputError):
    """A course folder cannot be loaded."""


class BuildError(LmsBridgeError):
    """A package could not be built (the course loaded, but the output would be wrong)."""
