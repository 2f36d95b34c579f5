"""Files copied into a package byte for byte: the player's static assets and the course media.

Nothing here is rendered. A course may replace a single player asset by putting a file with the
same path under its ``templates/player/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lms_bridge.course.models import Course
from lms_bridge.exceptions import InputError, Problem
from lms_bridge.scorm.layout import PLAYER_DIR
from lms_bridge.scorm.render import template_dirs


def player_assets(course_template_dir: Path | None) -> dict[str, Path]:
    """Package path -> source file of every player asset, course overrides winning."""
    assets: dict[str, Path] = {}
    for base in reversed(template_dirs(course_template_dir)):
        folder = base / PLAYER_DIR
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if path.is_file() and not _ignored(path):
                assets[path.relative_to(base).as_posix()] = path
    return assets


def _ignored(path: Path) -> bool:
    """Editor and OS litter that must not end up in a package."""
    name = path.name
    return name.startswith(".") or name.endswith("~") or name in {"Thumbs.db", "__pycache__"} or (
        "__pycache__" in path.parts
    )


def media_files(course: Course, targets: Mapping[str, str]) -> dict[str, Path]:
    """Package path -> source file of every course media file (``targets``: course path ->
    package path, from :func:`~lms_bridge.scorm.layout.media_targets`); all must exist."""
    files = {target: course.root / source for source, target in targets.items()}
    missing = [
        Problem(path.relative_to(course.root).as_posix(), "media file not found")
        for path in files.values()
        if not path.is_file()
    ]
    if missing:
        raise InputError(f"Course {course.id!r} refers to media that are missing", missing)
    return files
