"""A fake Moodle with the two courses the sync tests' rosters name, and roster helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lms_bridge.moodle import MoodleClient
from lms_bridge.sync import Journal
from lms_bridge.testing import FakeMoodle, FakeMoodleException, Multiple, Single, Value
from lms_bridge.testing.params import optional

DATA = Path(__file__).resolve().parents[1] / "data"


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


@pytest.fixture
def fake() -> Iterator[FakeMoodle]:
    with FakeMoodle() as site:
        if "core_role_unassign_roles" not in site.functions:
            site.register_function("core_role_unassign_roles", unassign_roles, UNASSIGN_SPEC)
        site.add_course("LVV", "Ligji për vetëqeverisjen vendore")
        site.add_course("KOM", "Komunikimi me qytetarët")
        yield site


@pytest.fixture
def client(fake: FakeMoodle) -> MoodleClient:
    return fake.client()


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal(tmp_path / "journal.sqlite") as j:
        yield j


@pytest.fixture
def base_roster() -> Path:
    return DATA / "sync" / "base.csv"
