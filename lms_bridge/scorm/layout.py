"""Where things go inside a package, and the identifiers Moodle keys its tracking on.

Every identifier is derived from the course's own ids (course id, module ids) and from nothing
else: no counters, no content hashes. Moodle matches SCOs of a re-uploaded package by their
identifiers and drops learners' tracking data when they change, so a rebuilt or edited course
must keep them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal

from lms_bridge.course.models import Course, Module, ScoMode
from lms_bridge.exceptions import BuildError

Standard = Literal["scorm12", "scorm2004"]
STANDARDS: tuple[Standard, ...] = ("scorm12", "scorm2004")

MANIFEST = "imsmanifest.xml"
SCO_DIR = "sco"
PLAYER_DIR = "player"
MEDIA_DIR = "media"
METADATA_12 = "metadata/lom.xml"
"""SCORM 1.2 LOM record, referenced with ``adlcp:location``: the 1.2 LOM schema cannot be
validated inline (it violates unique particle attribution), an external record can."""

SCO_ASSET_PREFIX = "../"
"""From ``sco/<id>.html`` back to the package root."""


@dataclass(frozen=True)
class Sco:
    """One SCO of the package: a module, or the whole course in single-SCO mode."""

    id: str
    module_ids: tuple[str, ...]
    mastery_score: int | None
    """Percentage a learner needs, or ``None`` when the SCO has no graded quiz."""

    @property
    def href(self) -> str:
        return f"{SCO_DIR}/{self.id}.html"

    @property
    def item_identifier(self) -> str:
        return f"item-{self.id}"

    @property
    def resource_identifier(self) -> str:
        return f"res-{self.id}"


SHARED_RESOURCE = "shared-assets"
"""Player and media files; the SCO resources depend on it. SCO identifiers start with ``res-``,
so no module id can collide with it."""


def manifest_identifier(course: Course) -> str:
    return f"course-{course.id}"


def organization_identifier(course: Course) -> str:
    return f"org-{course.id}"


def plan_scos(course: Course, sco_mode: ScoMode) -> list[Sco]:
    """The package's SCOs in course order."""
    modules = course.modules_for(course.default_language)
    if sco_mode is ScoMode.SINGLE:
        return [Sco(course.id, tuple(m.id for m in modules), _mastery(course, modules))]
    return [Sco(m.id, (m.id,), _mastery(course, [m])) for m in modules]


def _mastery(course: Course, modules: list[Module]) -> int | None:
    """The pass mark of the SCO's graded quizzes.

    SCORM has one mastery score per SCO; when its quizzes disagree, the course's mastery score
    is the honest common value.
    """
    scores = {
        course.mastery_score if quiz.pass_score is None else quiz.pass_score
        for module in modules
        for quiz in module.graded_quizzes
    }
    if not scores:
        return None
    return scores.pop() if len(scores) == 1 else course.mastery_score


def media_target(source_path: str) -> str:
    """Package path of a course media file (given relative to the course folder).

    Media under the course's ``media/`` keep their path; anything else is put beneath ``media/``.
    """
    clean = posixpath.normpath(source_path)
    if clean.startswith("../") or clean.startswith("/") or clean == "..":
        raise BuildError(f"media file {source_path!r} lies outside the course folder")
    if clean.startswith(MEDIA_DIR + "/"):
        return clean
    return f"{MEDIA_DIR}/{clean}"


def media_targets(course: Course) -> dict[str, str]:
    """Course media path -> package path, refusing two sources that land on one path."""
    targets: dict[str, str] = {}
    seen: dict[str, str] = {}
    for source in course.media:
        target = media_target(source)
        if target in seen:
            raise BuildError(
                f"media files {seen[target]!r} and {source!r} would both be packaged as {target!r}"
            )
        seen[target] = source
        targets[source] = target
    return targets
