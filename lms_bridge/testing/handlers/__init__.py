"""The web-service functions the fake Moodle implements, one module per area."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle


def register_all(fake: FakeMoodle) -> None:
    from lms_bridge.testing.handlers import (
        cohorts,
        completion,
        courses,
        enrol,
        scorm,
        site,
        users,
    )

    for module in (site, users, cohorts, courses, enrol, completion, scorm):
        module.register(fake)
