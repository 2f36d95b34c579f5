"""The waits before the sync resends a write whose outcome is unknown (docs/sync.md, "Network
faults"): the transport's backoff with jitter (``backoff`` doubled per resend, plus up to half
again), or the failed answer's ``Retry-After``; never a wait before the first send.

Every test records the waits through the injected ``sleep``, so none of them sleeps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import responses
from pydantic import SecretStr

from lms_bridge.cli.sync_cmds import _settings
from lms_bridge.moodle import MoodleClient, MoodleConfig
from lms_bridge.sync import Journal, SyncAborted, SyncSettings, apply_sync, load_roster
from lms_bridge.sync.sender import RetryingCaller
from lms_bridge.sync.site import Caller
from lms_bridge.testing import FakeMoodle, Fault, FaultPlan

ENROL = "enrol_manual_enrol_users"
CREATE = "core_user_create_users"
LOOKUP = "core_user_get_users_by_field"
WAIT = "wait"
SITE = "https://moodle.example.org"
REST = SITE + "/webservice/rest/server.php"


def _recording(fake: FakeMoodle, events: list[str | float]) -> tuple[Caller,
                                                                     Callable[[float], None]]:
    """A caller and a sleep that log, in order, each web-service call and each wait."""
    client = fake.client()

    def call(wsfunction: str, params: Mapping[str, Any], *, read_only: bool) -> Any:
        events.append(wsfunction)
        return client.call_params(wsfunction, params, read_only=read_only)

    return call, events.append


def _from_first(events: list[str | float], wsfunction: str) -> tuple[list[str], list[float]]:
    """The calls (waits shown as ``WAIT``) from the first call of ``wsfunction`` on, and the
    waits among them; asserts that nothing waited before it."""
    first = events.index(wsfunction)
    assert not any(isinstance(e, float) for e in events[:first]), "waited before the first send"
    tail = events[first:]
    return ([e if isinstance(e, str) else WAIT for e in tail],
            [e for e in tail if isinstance(e, float)])


@pytest.mark.parametrize("fault", [Fault("http500", after=True), Fault("reset", after=True),
                                   Fault("timeout", after=True), Fault("http500")])
def test_each_resend_waits_the_transports_backoff(fake: FakeMoodle, journal: Journal,
                                                  base_roster: Path, fault: Fault) -> None:
    fake.faults = FaultPlan(script=[fault] * 10, functions=[ENROL])
    events: list[str | float] = []
    call, sleep = _recording(fake, events)
    with pytest.raises(SyncAborted, match="kept failing"):
        apply_sync(call, load_roster(base_roster), journal, SyncSettings(backoff=1.0),
                   sleep=sleep)
    calls, waits = _from_first(events, ENROL)
    assert calls == [ENROL, WAIT, ENROL, WAIT, ENROL]
    assert len(waits) == 2
    assert 1.0 <= waits[0] <= 1.5
    assert 2.0 <= waits[1] <= 3.0


def test_a_create_waits_then_rechecks_then_resends(fake: FakeMoodle, journal: Journal,
                                                   base_roster: Path) -> None:
    fake.faults = FaultPlan(script=[Fault("http500")] * 10, functions=[CREATE])
    events: list[str | float] = []
    call, sleep = _recording(fake, events)
    with pytest.raises(SyncAborted):
        apply_sync(call, load_roster(base_roster), journal, SyncSettings(backoff=0.25),
                   sleep=sleep)
    calls, waits = _from_first(events, CREATE)
    assert calls == [CREATE, WAIT, LOOKUP, CREATE, WAIT, LOOKUP, CREATE]
    assert 0.25 <= waits[0] <= 0.375 and 0.5 <= waits[1] <= 0.75


def test_one_wait_when_the_resend_succeeds(fake: FakeMoodle, journal: Journal,
                                           base_roster: Path) -> None:
    fake.faults = FaultPlan(script=[Fault("reset", after=True)], functions=[ENROL])
    events: list[str | float] = []
    call, sleep = _recording(fake, events)
    report = apply_sync(call, load_roster(base_roster), journal, SyncSettings(backoff=1.0),
                        sleep=sleep)
    assert report.result is not None and report.result.ok
    calls, waits = _from_first(events, ENROL)
    assert calls[:3] == [ENROL, WAIT, ENROL]
    assert len(waits) == 1 and 1.0 <= waits[0] <= 1.5


def test_writes_that_succeed_never_wait(fake: FakeMoodle, journal: Journal,
                                        base_roster: Path, waits: list[float]) -> None:
    report = apply_sync(fake.client().call_params, load_roster(base_roster), journal,
                        SyncSettings(backoff=1.0), sleep=waits.append)
    assert report.result is not None and report.result.writes > 0
    assert waits == []


@pytest.fixture
def site() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock() as mock:
        yield mock


def _write(waits: list[float], *, max_retry_after: float = 120.0) -> Any:
    """One enrolment sent through a real client and transport, as the sync sends it."""
    client = MoodleClient(MoodleConfig(url=SITE, token=SecretStr("t0ken"), backoff=0.0))
    caller = RetryingCaller(client.call_params, backoff=1.0, max_retry_after=max_retry_after,
                            sleep=waits.append)
    return caller.write(ENROL, "enrolments", [{"roleid": 5, "userid": 7, "courseid": 2}],
                        lambda e: e)


def test_retry_after_on_a_failed_write_sets_the_wait(site: responses.RequestsMock,
                                                    waits: list[float]) -> None:
    site.add(responses.POST, REST, status=502, headers={"Retry-After": "4"},
             body="<html>Bad gateway</html>")
    site.add(responses.POST, REST, status=500, body="<html>Internal Server Error</html>")
    site.add(responses.POST, REST, status=200, json=None)
    assert _write(waits) is None
    assert len(site.calls) == 3
    assert waits[0] == 4.0
    assert 2.0 <= waits[1] <= 3.0, "the second resend is paced by backoff again"


def test_a_retry_after_beyond_the_limit_stops_without_resending(site: responses.RequestsMock,
                                                                waits: list[float]) -> None:
    site.add(responses.POST, REST, status=500, headers={"Retry-After": "600"},
             body="<html>Internal Server Error</html>")
    with pytest.raises(SyncAborted, match=r"asked to wait 600 s .* longer than max_retry_after "
                                          r"\(120 s\)"):
        _write(waits)
    assert len(site.calls) == 1
    assert waits == []


def test_the_cli_paces_resends_with_the_moodle_config() -> None:
    config = MoodleConfig(url=SITE, token=SecretStr("t0ken"), backoff=2.5, max_retry_after=30,
                          max_input_vars=1000)
    settings = _settings(None, (), suspend_missing=True, unenrol=False, config=config)
    assert (settings.backoff, settings.max_retry_after) == (2.5, 30)
    assert settings.field_budget == 800, "80% of the site's max_input_vars"
    assert settings.suspend_missing, "the command's options are kept"


def test_settings_for_the_default_client_are_the_plain_defaults() -> None:
    config = MoodleConfig(url=SITE, token=SecretStr("t0ken"))
    assert SyncSettings().for_moodle(config) == SyncSettings()
