"""The typed fields of ``core_enrol_get_enrolled_users`` that reports read, on real answers."""

from __future__ import annotations

from typing import Any

from lms_bridge.moodle.enrolments import EnrolledUser
from tests.moodle.recorded_site import fixtures_root, load

DECLARED = {"firstname", "lastname", "institution", "department", "lastaccess",
            "lastcourseaccess"}


def _users(release: str) -> list[dict[str, Any]]:
    answer = load(fixtures_root() / release, "core_enrol_get_enrolled_users")
    assert isinstance(answer, list) and answer, f"recording missing under {fixtures_root()}"
    return answer


def test_default_fields_are_typed_not_extra() -> None:
    raw = _users("4.5")[0]
    user = EnrolledUser.model_validate(raw)
    assert (user.firstname, user.lastname, user.department) == ("Zoë", "Françoise", "")
    assert user.lastaccess == raw["lastaccess"] and user.lastcourseaccess == raw["lastcourseaccess"]
    assert not DECLARED & set(user.model_extra or {})


def test_institution_is_read_when_asked_for_and_absent_when_empty() -> None:
    user = EnrolledUser.model_validate(_users("4.5.5")[0])
    assert (user.institution, user.department) == ("Bashkia Tiranë", "Finance")
    assert user.firstname is None
    assert EnrolledUser.model_validate(_users("4.5")[0]).institution is None
