"""One retry policy per call: HTTP requests counted at the fake site for a read that keeps
failing and for a write whose outcome stays unknown (docs/sync.md, "Network faults").

The transport makes up to ``retries + 1`` requests for a read, and for any call whose connection
fails before it is sent; the sync adds only the resend of a write whose outcome is unknown,
``write_attempts`` sends in all, with a recheck before each resend. The waits before those
resends are in test_resend_pacing.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.moodle.errors import MoodleConnectionError
from lms_bridge.sync import Journal, SyncAborted, SyncSettings, apply_sync, load_roster, plan_sync
from lms_bridge.sync.sender import WRITE_ATTEMPTS, RetryingCaller
from lms_bridge.testing import FakeMoodle, Fault, FaultPlan
from lms_bridge.testing.errors import FakeMoodleException

ENROL = "enrol_manual_enrol_users"
CREATE = "core_user_create_users"
LOOKUP = "core_user_get_users_by_field"


def _faults(function: str, *faults: Fault) -> FaultPlan:
    return FaultPlan(script=list(faults) * 30, functions=[function])


@pytest.mark.parametrize("kind", ["http500", "timeout", "reset", "refused"])
@pytest.mark.parametrize("retries", [0, 3])
def test_a_failing_read_is_retried_by_the_transport_only(
        fake: FakeMoodle, journal: Journal, base_roster: Path, kind: str, retries: int) -> None:
    fake.faults = _faults(LOOKUP, Fault(kind))
    with pytest.raises(SyncAborted, match="kept failing"):
        plan_sync(fake.client(retries=retries).call_params, load_roster(base_roster), journal)
    assert len(fake.calls_to(LOOKUP)) == retries + 1


def test_a_php_error_in_a_read_stops_the_run_saying_it_failed_once(
        fake: FakeMoodle, journal: Journal, base_roster: Path) -> None:
    """Moodle answers a PHP exception with HTTP 200 and no errorcode (recorded from 4.5: a
    TypeError); the transport does not retry it, so the message must not say "kept failing"."""
    message = ("core\\user::get_name_placeholders(): Argument #1 ($user) must be of type "
               "stdClass, bool given")

    def broken(fake: FakeMoodle, params: object) -> object:
        raise FakeMoodleException(None, message, exception="TypeError")

    fake.register_function(LOOKUP, broken)
    with pytest.raises(SyncAborted) as info:
        plan_sync(fake.client(retries=3).call_params, load_roster(base_roster), journal)
    text = str(info.value)
    assert text.startswith(f"{LOOKUP} failed once, with an error inside Moodle's answer: "
                           f"{message}. Reads are retried only after network faults")
    assert "kept failing" not in text
    assert len(fake.calls_to(LOOKUP)) == 1


@pytest.mark.parametrize("fault", [Fault("timeout", after=True), Fault("timeout"),
                                   Fault("reset", after=True), Fault("http500", after=True)])
def test_a_write_whose_answer_is_lost_is_sent_write_attempts_times(
        fake: FakeMoodle, journal: Journal, base_roster: Path, fault: Fault,
        waits: list[float]) -> None:
    fake.faults = _faults(ENROL, fault)
    with pytest.raises(SyncAborted, match="kept failing"):
        apply_sync(fake.client(retries=3).call_params, load_roster(base_roster), journal,
                   sleep=waits.append)
    assert len(fake.calls_to(ENROL)) == WRITE_ATTEMPTS == 3


def test_the_bound_on_writes_is_a_setting(fake: FakeMoodle, journal: Journal,
                                          base_roster: Path, waits: list[float]) -> None:
    fake.faults = _faults(ENROL, Fault("timeout", after=True))
    with pytest.raises(SyncAborted):
        apply_sync(fake.client().call_params, load_roster(base_roster), journal,
                   SyncSettings(write_attempts=1), sleep=waits.append)
    assert len(fake.calls_to(ENROL)) == 1
    assert waits == []


def test_a_create_is_rechecked_before_each_resend(fake: FakeMoodle, journal: Journal,
                                                  base_roster: Path, waits: list[float]) -> None:
    fake.faults = _faults(CREATE, Fault("timeout"))
    with pytest.raises(SyncAborted):
        apply_sync(fake.client().call_params, load_roster(base_roster), journal,
                   sleep=waits.append)
    first = next(i for i, c in enumerate(fake.calls) if c.wsfunction == CREATE)
    assert [c.wsfunction for c in fake.calls[first:]] == [CREATE, LOOKUP, CREATE, LOOKUP, CREATE]
    assert not any(u.username == "arben.hoxha" for u in fake.state.users.values())


def test_a_create_that_was_applied_is_not_sent_again(fake: FakeMoodle, journal: Journal,
                                                     base_roster: Path,
                                                     waits: list[float]) -> None:
    fake.faults = FaultPlan(script=[Fault("timeout", after=True)], functions=[CREATE])
    report = apply_sync(fake.client().call_params, load_roster(base_roster), journal,
                        sleep=waits.append)
    assert report.result is not None and report.result.ok
    assert len(fake.calls_to(CREATE)) == 1
    names = [u.username for u in fake.state.users.values()]
    assert len(names) == len(set(names)) and "ivan.petrov" in names


def test_a_write_refused_before_sending_is_retried_by_the_transport_only(
        fake: FakeMoodle, journal: Journal, base_roster: Path) -> None:
    fake.faults = _faults(ENROL, Fault("refused"))
    with pytest.raises(SyncAborted, match="refused"):
        apply_sync(fake.client(retries=3).call_params, load_roster(base_roster), journal)
    assert len(fake.calls_to(ENROL)) == 4
    assert fake.state.enrolments == {}


def test_worst_case_for_one_write_is_write_attempts_times_transport_attempts(
        fake: FakeMoodle, journal: Journal, base_roster: Path, waits: list[float]) -> None:
    refused = Fault("refused")
    fake.faults = _faults(ENROL, refused, refused, refused, Fault("timeout"))
    with pytest.raises(SyncAborted):
        apply_sync(fake.client(retries=3).call_params, load_roster(base_roster), journal,
                   sleep=waits.append)
    sent = fake.calls_to(ENROL)
    assert len(sent) == WRITE_ATTEMPTS * 4
    assert sum(c.fault is not None and c.fault.kind != "refused" for c in sent) == WRITE_ATTEMPTS


def test_a_read_refused_for_a_bad_certificate_names_the_certificate() -> None:
    def call(wsfunction: str, params: object, *, read_only: bool) -> object:
        raise MoodleConnectionError("the TLS certificate of https://moodle.example could not be "
                                    "verified", wsfunction=wsfunction)

    with pytest.raises(SyncAborted) as caught:
        RetryingCaller(call)("core_user_get_users_by_field", {}, read_only=True)
    message = str(caught.value)
    assert "TLS certificate" in message
    assert "kept failing" not in message and "inside Moodle's answer" not in message
