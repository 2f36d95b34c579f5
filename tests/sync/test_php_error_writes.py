"""A PHP error inside Moodle's answer to a write (HTTP 200, ``{exception, message}``, no
``errorcode``) is a failure of the data, not of the network: the batch is bisected like a refusal,
the bad row is reported with its roster row and the run goes on (docs/sync.md, "One bad row never
blocks the rest"). The recorded case: enrolling a user id that no longer exists
(``4.5/enrol_manual_enrol_users.error-no-user.json``), e.g. an account deleted in Moodle between
the plan and the apply. Creates re-read what exists before any part of the batch is sent again.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Mapping
from itertools import takewhile
from pathlib import Path
from typing import Any

import pytest
import responses
from pydantic import SecretStr

from lms_bridge.moodle import MoodleClient, MoodleConfig
from lms_bridge.moodle.errors import MoodleServerError
from lms_bridge.sync import Journal, SyncAborted, apply_sync, load_roster
from lms_bridge.sync.sender import WRITE_ATTEMPTS, RetryingCaller, php_error_answer
from lms_bridge.sync.site import Caller
from lms_bridge.testing import FakeMoodle, Fault, FaultPlan
from lms_bridge.testing.errors import FakeMoodleException
from tests.moodle.recorded_site import fixtures_root

ENROL = "enrol_manual_enrol_users"
CREATE = "core_user_create_users"
LOOKUP = "core_user_get_users_by_field"
RECORDING = fixtures_root() / "4.5" / "enrol_manual_enrol_users.error-no-user.json"
SITE = "https://moodle.example.org"
REST = SITE + "/webservice/rest/server.php"
N = 16
GONE = "user07"


def _recording() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(RECORDING.read_text(encoding="utf-8"))
    return record


def _enrol_roster(tmp_path: Path) -> Path:
    """``N`` people who already have accounts (nothing to create or update), each enrolled in
    LVV: one ``enrol_manual_enrol_users`` batch of ``N`` rows. Row numbers: header is row 1."""
    lines = ["username,firstname,lastname,email,course1,role1"]
    lines += [f"user{i:02d},Test,User,user{i:02d}@example.org,LVV,student" for i in range(N)]
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _deleting_before_first(fake: FakeMoodle, wsfunction: str, username: str) -> Caller:
    """A caller that deletes an account in Moodle just before the first ``wsfunction`` call:
    the account was there when the plan was made and is gone when the apply sends it."""
    client = fake.client()

    def call(name: str, params: Mapping[str, Any], *, read_only: bool) -> Any:
        if name == wsfunction and not fake.calls_to(wsfunction):
            uid = next(u.id for u in fake.state.users.values() if u.username == username)
            del fake.state.users[uid]
        return client.call_params(name, params, read_only=read_only)

    return call


def test_an_account_deleted_after_the_plan_fails_its_row_only(
        fake: FakeMoodle, journal: Journal, tmp_path: Path, waits: list[float]) -> None:
    lvv = next(c.id for c in fake.state.courses.values() if c.shortname == "LVV")
    users = {f"user{i:02d}": fake.add_user(f"user{i:02d}").id for i in range(N)}

    report = apply_sync(_deleting_before_first(fake, ENROL, GONE), load_roster(
        _enrol_roster(tmp_path)), journal, sleep=waits.append)

    assert report.applied and report.result is not None
    assert report.exit_code == 3
    enrolled = {uid for (course, uid) in fake.state.enrolments if course == lvv}
    assert enrolled == {uid for name, uid in users.items() if name != GONE}
    assert report.result.done == {"enrolments_enrol": N - 1}
    [failure] = report.result.failures
    assert (failure.step, failure.username, failure.row) == ("enrol", GONE, 9)
    recorded = _recording()["response"]
    assert failure.message.startswith(
        f"{ENROL} failed for this row with a PHP error inside Moodle's answer "
        f"(TypeError: {recorded['message']}). The row was sent alone")

    sent = fake.calls_to(ENROL)
    assert [len(c.params["enrolments"]) for c in sent].count(N) == 1, \
        "the whole batch is sent once, never resent"
    assert len(sent) == 1 + 2 * math.ceil(math.log2(N)), "a bisection: two halves per level"
    assert waits == [], "a PHP error is not a network fault: no backoff, no resend"


def test_the_fake_answers_exactly_like_the_recording(fake: FakeMoodle,
                                                     client: MoodleClient) -> None:
    """The recorded request, replayed, gets the real Moodle 4.5 answer (status, type, the same
    JSON, no ``errorcode``) that the test above bisects on, and the client classifies it as a
    PHP error in an HTTP 200 answer."""
    record = _recording()
    form = {key.split("][")[1].rstrip("]"): int(value)
            for key, value in record["request_form"].items() if key.startswith("enrolments[0]")}
    assert form["courseid"] in fake.state.courses and form["userid"] not in fake.state.users
    with pytest.raises(MoodleServerError) as info:
        client.call_params(ENROL, {"enrolments": [form]}, read_only=False)
    [(_request, answer)] = [(c.request, c.response) for c in fake.responses_mock.calls]
    assert answer.status_code == record["http_status"] == 200
    assert answer.headers["Content-Type"].startswith(record["content_type"])
    assert answer.json() == record["response"]
    assert "errorcode" not in answer.json()
    assert info.value.http_status == 200 and php_error_answer(info.value)


def _create_failing_for(fake: FakeMoodle, username: str, *, write_others: bool) -> None:
    """``core_user_create_users`` answers a PHP error whenever ``username`` is in the batch;
    with ``write_others`` the other accounts of that batch are created first (Moodle's answer
    cannot tell whether part of a batch was written before the error)."""
    original = fake.functions[CREATE]

    def create(site: FakeMoodle, params: dict[str, Any]) -> Any:
        rows = params["users"]
        if all(row["username"] != username for row in rows):
            return original.handler(site, params)
        others = [row for row in rows if row["username"] != username]
        if write_others and others:
            original.handler(site, {**params, "users": others})
        raise FakeMoodleException(None, _recording()["response"]["message"],
                                  exception="TypeError")

    fake.register_function(CREATE, create, original.params)


@pytest.mark.parametrize(("write_others", "calls", "sends"), [
    # nothing written: the recheck finds nothing, the halves go out, each failing part (down to
    # the single row) is re-read before anything of it is sent again
    (False, [CREATE, LOOKUP, CREATE, CREATE, LOOKUP, CREATE, LOOKUP, CREATE],
     {"arben.hoxha": 2, "drita.kelmendi": 2, "gentiana.cela": 3, "ivan.petrov": 3}),
    # the others were written before the error: the recheck finds them, so only the bad row is
    # sent again, and no account is sent after it exists
    (True, [CREATE, LOOKUP, CREATE, LOOKUP],
     {"arben.hoxha": 1, "drita.kelmendi": 1, "gentiana.cela": 2, "ivan.petrov": 1}),
])
def test_a_create_is_rechecked_before_any_part_is_sent_again(
        fake: FakeMoodle, journal: Journal, base_roster: Path, waits: list[float],
        write_others: bool, calls: list[str], sends: dict[str, int]) -> None:
    _create_failing_for(fake, "gentiana.cela", write_others=write_others)

    report = apply_sync(fake.client().call_params, load_roster(base_roster), journal,
                        sleep=waits.append)

    first = next(i for i, c in enumerate(fake.calls) if c.wsfunction == CREATE)
    names = [c.wsfunction for c in fake.calls[first:]]
    assert list(takewhile(lambda name: name in (CREATE, LOOKUP), names)) == calls
    sent = Counter(row["username"] for c in fake.calls_to(CREATE) for row in c.params["users"])
    assert sent == sends
    assert sorted(u.username for u in fake.state.users.values()) == [
        "admin", "arben.hoxha", "drita.kelmendi", "ivan.petrov"]
    assert report.result is not None and report.result.done["users_create"] == 3
    create_failures = [(f.username, f.row) for f in report.result.failures
                       if f.step == "create account"]
    assert create_failures == [("gentiana.cela", 4)]
    assert {f.username for f in report.result.failures} == {"gentiana.cela"}
    assert waits == []


def _write_through_real_client(status: int, site: responses.RequestsMock,
                               waits: list[float]) -> Callable[[], Any]:
    site.add(responses.POST, REST, status=status, json=_recording()["response"])
    client = MoodleClient(MoodleConfig(url=SITE, token=SecretStr("t0ken"), backoff=0.0))
    caller = RetryingCaller(client.call_params, sleep=waits.append)
    return lambda: caller.write(ENROL, "enrolments",
                                [{"roleid": 5, "userid": 999999, "courseid": 2}], lambda e: e)


def test_a_php_error_in_a_200_answer_is_not_resent(waits: list[float]) -> None:
    with responses.RequestsMock() as site:
        write = _write_through_real_client(200, site, waits)
        with pytest.raises(MoodleServerError):
            write()
        assert len(site.calls) == 1 and waits == []


def test_the_same_body_with_http_500_stays_outcome_unknown(waits: list[float]) -> None:
    """A plugin or proxy may put an exception body on a 5xx: the server failed, the write may
    have happened, so it is resent as before (``write_attempts`` sends, then the run stops)."""
    with responses.RequestsMock() as site:
        write = _write_through_real_client(500, site, waits)
        with pytest.raises(MoodleServerError):
            write()
        assert len(site.calls) == WRITE_ATTEMPTS and len(waits) == WRITE_ATTEMPTS - 1


def test_the_run_still_stops_when_the_network_keeps_failing(
        fake: FakeMoodle, journal: Journal, base_roster: Path, waits: list[float]) -> None:
    """Only the PHP error changed: a lost answer is still resent, then stops the run."""
    fake.faults = FaultPlan(script=[Fault("timeout", after=True)] * 10, functions=[ENROL])
    with pytest.raises(SyncAborted, match="kept failing"):
        apply_sync(fake.client().call_params, load_roster(base_roster), journal,
                   sleep=waits.append)
    assert len(fake.calls_to(ENROL)) == WRITE_ATTEMPTS
