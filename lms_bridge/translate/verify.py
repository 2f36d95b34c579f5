"""Prove an import before it touches the course: build it in a copy, load it, read it back.

The copy lives in a temporary folder; media are hard-linked where the file system allows it
(no copying of large videos), and every file the import writes replaces its link, so the
original is never modified through a link.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from lms_bridge.course.loader import load_course
from lms_bridge.course.models import Course
from lms_bridge.exceptions import CourseError, InputError, Problem
from lms_bridge.translate.catalog import build_catalog
from lms_bridge.translate.lockfile import LOCK_PATH


def verify_copy(course: Course, files: Mapping[str, bytes], lang: str,
                expected: Mapping[str, str], name: str) -> None:
    """Raise :class:`InputError` unless the course with ``files`` loads and reads back
    ``expected`` (unit id → text) in ``lang``."""
    try:  # beside the course, so that media can be hard-linked (same file system)
        holder = tempfile.TemporaryDirectory(prefix=".lms-bridge-verify-",
                                             dir=course.root.resolve().parent)
    except OSError:
        holder = tempfile.TemporaryDirectory(prefix="lms-bridge-verify-")
    with holder as temp:
        copy = Path(temp) / course.root.name
        shutil.copytree(course.root, copy, symlinks=True, copy_function=_link_or_copy,
                        ignore=shutil.ignore_patterns(LOCK_PATH.split("/")[0]))
        for path, data in files.items():
            target = copy / path
            target.unlink(missing_ok=True)
            target.write_bytes(data)
        try:
            loaded = load_course(copy)
        except CourseError as exc:
            raise InputError(f"{name}: the course would not load after this import; nothing "
                             "was written", exc.problems) from exc
        got = build_catalog(loaded, lang)
        wrong = [unit for unit, text in expected.items() if got.text(unit) != text]
        if wrong:
            raise InputError(f"{name}: these units would not read back as translated; nothing "
                             "was written", [Problem(name, "reads back differently", None, u)
                                             for u in wrong])


def _link_or_copy(source: str, destination: str) -> str:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
    return destination
