"""Test helpers for lms-bridge and for users' own tests: a stateful fake Moodle.

Needs the ``responses`` package (the ``test`` extra). See ``docs/moodle-client.md``.
"""

from __future__ import annotations

from lms_bridge.testing.errors import FakeMoodleException
from lms_bridge.testing.fake import Call, FakeMoodle
from lms_bridge.testing.faults import Fault, FaultPlan
from lms_bridge.testing.params import Multiple, Single, Value

__all__ = ["Call", "FakeMoodle", "FakeMoodleException", "Fault", "FaultPlan", "Multiple",
           "Single", "Value", "fake_moodle"]


def __getattr__(name: str) -> object:
    if name == "fake_moodle":
        from lms_bridge.testing.pytest_plugin import fake_moodle

        return fake_moodle
    raise AttributeError(name)
