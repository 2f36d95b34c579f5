"""Network faults and a kill at a random point, then re-runs: the site always ends equal to the
roster, with no duplicate account and no lost enrolment (50 seeded runs)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from lms_bridge.moodle import MoodleClient
from lms_bridge.sync import Journal, Roster, SyncAborted, SyncSettings, apply_sync, load_roster
from lms_bridge.testing import FakeMoodle, FaultPlan

ROLE_IDS = {"student": 5, "editingteacher": 3}


class Killed(BaseException):
    """Stands for SIGKILL: not an ``Exception``, so nothing in the library can swallow it."""


class KillingCaller:
    """Passes calls to the client and kills the 'process' at call number ``kill_at``; half the
    time after the call reached the site (the worst moment: written but not recorded)."""

    def __init__(self, client: MoodleClient, kill_at: int | None, after: bool) -> None:
        self.client = client
        self.kill_at = kill_at
        self.after = after
        self.count = 0

    def __call__(self, wsfunction: str, params: Mapping[str, Any], *, read_only: bool) -> Any:
        self.count += 1
        if self.count == self.kill_at and not self.after:
            raise Killed
        result = self.client.call_params(wsfunction, params, read_only=read_only)
        if self.count == self.kill_at:
            raise Killed
        return result


def _roster(tmp_path: Path, rng: random.Random) -> Path:
    lines = ["username,firstname,lastname,email,cohort1,course1,role1,enroltimestart1,"
             "enrolperiod1,course2,enrolstatus2"]
    for i in range(rng.randint(8, 24)):
        role = rng.choice(["student", "student", "editingteacher"])
        start = rng.choice(["", "2030-03-01"])
        period = rng.choice(["", "90"])
        second = rng.choice(["", "KOM"])
        status = rng.choice(["0", "1"]) if second else ""
        lines.append(f"user{i:02d},Emër{i},Mbiemër,user{i:02d}@example.org,grupi{i % 3},LVV,"
                     f"{role},{start},{period},{second},{status}")
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _seed_site(fake: FakeMoodle, rng: random.Random) -> None:
    lvv = fake.add_course("LVV")
    fake.add_course("KOM")
    for i in range(0, 30, 3):
        if rng.random() < 0.5:
            user = fake.add_user(f"user{i:02d}", email=f"user{i:02d}@example.org",
                                 firstname="Old")
            fake.enrol(user, lvv, suspended=rng.random() < 0.3)
    leaver = fake.add_user("leaver")
    fake.enrol(leaver, lvv)
    fake.add_cohort("grupi0", members=[leaver])


def _assert_site_equals_roster(fake: FakeMoodle, roster: Roster) -> None:
    names = [u.username for u in fake.state.users.values()]
    assert len(names) == len(set(names)), "duplicate account"
    by_name = {u.username: u for u in fake.state.users.values()}
    courses = {c.shortname: c.id for c in fake.state.courses.values()}
    cohorts = {c.idnumber: c for c in fake.state.cohorts.values()}
    for row in roster.users:
        user = by_name[row.username]
        assert user.firstname == row.fields["firstname"]
        for value in row.cohorts:
            assert user.id in cohorts[value].members
        for enrolment in row.enrolments:
            record = fake.state.enrolments.get((courses[enrolment.course], user.id))
            assert record is not None, f"lost enrolment {row.username} {enrolment.course}"
            assert record.roleids == {ROLE_IDS[enrolment.role]}
            assert record.status == int(enrolment.suspended)
            if enrolment.timestart is not None:
                assert record.timestart == enrolment.timestart
            if enrolment.period_days:
                assert record.timeend - record.timestart == enrolment.period_days * 86400
    leaver = by_name["leaver"]
    assert leaver.id not in cohorts["grupi0"].members
    assert fake.state.enrolments[(courses["LVV"], leaver.id)].status == 1


@pytest.mark.parametrize("seed", range(50))
def test_faults_and_a_kill_then_reruns_converge(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    roster_path = _roster(tmp_path, rng)
    settings = SyncSettings(field_budget=rng.choice([40, 120, 4000]))
    with FakeMoodle(faults=FaultPlan(rate=0.05, seed=seed)) as fake, \
            Journal(tmp_path / "journal.sqlite") as journal:
        _seed_site(fake, rng)
        client = fake.client()
        kill_at = rng.randint(1, 16)
        finished = killed = False
        waits: list[float] = []
        for attempt in range(12):
            caller = KillingCaller(client, kill_at if attempt == 0 else None, rng.random() < 0.5)
            try:
                report = apply_sync(caller, load_roster(roster_path), journal, settings,
                                    sleep=waits.append)
            except Killed:
                killed = True
                continue
            except SyncAborted:
                continue
            assert report.result is not None
            if report.result.ok and report.plan.is_empty:
                finished = True
                break
        assert killed, "the first run must be killed part-way"
        assert finished, f"did not converge; faults injected: {len(fake.faults.injected)}"
        _assert_site_equals_roster(fake, load_roster(roster_path))
        fake.faults = None
        fake.reset_calls()
        apply_sync(client.call_params, load_roster(roster_path), journal, settings)
        assert fake.writes == []


def test_a_killed_run_is_reported_as_completed_by_the_next(tmp_path: Path) -> None:
    roster_path = _roster(tmp_path, random.Random(3))
    with FakeMoodle() as fake, Journal(tmp_path / "journal.sqlite") as journal:
        _seed_site(fake, random.Random(3))
        client = fake.client()
        with pytest.raises(Killed):
            apply_sync(KillingCaller(client, 14, after=True), load_roster(roster_path), journal)
        report = apply_sync(client.call_params, load_roster(roster_path), journal)
        assert report.resumed_interrupted_run
        again = apply_sync(client.call_params, load_roster(roster_path), journal)
        assert not again.resumed_interrupted_run and again.plan.is_empty
