"""``core_role_unassign_roles`` for the fake Moodle, which does not provide it (yet)."""

from __future__ import annotations

from typing import Any

from lms_bridge.testing import FakeMoodle, FakeMoodleException, Multiple, Single, Value
from lms_bridge.testing.params import optional


def unassign_roles(fake: FakeMoodle, params: dict[str, Any]) -> None:
    """``core_role_unassign_roles`` (course context by level + instance id), which the fake
    does not provide: all or nothing, ``null`` result, unassigning a missing role is no error."""
    for item in params["unassignments"]:
        if item["contextlevel"] != "course" or item["instanceid"] not in fake.state.courses:
            raise FakeMoodleException("invalidrecord", "Can't find data record in database.")
    for item in params["unassignments"]:
        enrolment = fake.state.enrolments.get((item["instanceid"], item["userid"]))
        if enrolment is not None:
            enrolment.roleids.discard(item["roleid"])


UNASSIGN_SPEC = Single({"unassignments": Multiple(Single({
    "roleid": Value("int"), "userid": Value("int"), "contextid": optional(Value("int")),
    "contextlevel": optional(Value("text")), "instanceid": optional(Value("int"))}))})


def add_unassign_roles(fake: FakeMoodle) -> None:
    if "core_role_unassign_roles" not in fake.functions:
        fake.register_function("core_role_unassign_roles", unassign_roles, UNASSIGN_SPEC)
