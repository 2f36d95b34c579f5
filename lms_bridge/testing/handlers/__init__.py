"""The web-service functions the fake Moodle implements, one module per area."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle

AREAS = ("site", "users", "cohorts", "courses", "enrol", "completion", "scorm")


def register_all(fake: FakeMoodle) -> None:
    for area in AREAS:
        importlib.import_module(f"lms_bridge.testing.handlers.{area}").register(fake)
