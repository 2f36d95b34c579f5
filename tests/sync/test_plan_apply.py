"""Create, update and suspend paths, cohort and enrolment diffs, and idempotent re-runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.moodle import MoodleClient
from lms_bridge.sync import Journal, SyncSettings, apply_sync, load_roster, plan_sync
from lms_bridge.testing import FakeMoodle


def _user(fake: FakeMoodle, username: str):  # type: ignore[no-untyped-def]
    return next(u for u in fake.state.users.values() if u.username == username)


def _course(fake: FakeMoodle, shortname: str) -> int:
    return next(c.id for c in fake.state.courses.values() if c.shortname == shortname)


def _cohort(fake: FakeMoodle, idnumber: str):  # type: ignore[no-untyped-def]
    return next(c for c in fake.state.cohorts.values() if c.idnumber == idnumber)


def test_fresh_sync_creates_everything_then_rerun_writes_nothing(
        fake: FakeMoodle, client: MoodleClient, journal: Journal, base_roster: Path) -> None:
    roster = load_roster(base_roster)
    report = apply_sync(client.call_params, roster, journal)
    assert report.result is not None and report.result.ok
    assert report.result.done == {"cohorts_create": 4, "users_create": 4, "members_add": 4,
                                  "enrolments_enrol": 6}
    ivan = _user(fake, "ivan.petrov")
    assert (ivan.firstname, ivan.institution) == ("Иван", "Община Габрово")
    assert _user(fake, "gentiana.cela").lastname == "Çela"
    assert ivan.id in _cohort(fake, "gabrovo").members
    kom, lvv = _course(fake, "KOM"), _course(fake, "LVV")
    gentiana = _user(fake, "gentiana.cela").id
    assert fake.state.enrolments[(kom, gentiana)].status == 1
    assert fake.state.enrolments[(lvv, gentiana)].roleids == {3}
    creates = fake.calls_to("core_user_create_users")
    assert len(creates) == 1, "all accounts go in one batch"

    fake.reset_calls()
    again = apply_sync(client.call_params, load_roster(base_roster), journal)
    assert again.plan.is_empty
    assert fake.writes == []
    assert again.exit_code == 0


def test_update_sends_only_changed_fields(fake: FakeMoodle, client: MoodleClient,
                                          journal: Journal, base_roster: Path) -> None:
    fake.add_user("arben.hoxha", firstname="Arben", lastname="Hoxha",
                  email="arben.hoxha@example.org", institution="Bashkia Tirana",
                  department="Finance")
    plan = plan_sync(client.call_params, load_roster(base_roster), journal)
    update = next(u for u in plan.users if u.username == "arben.hoxha")
    assert update.action == "update"
    assert update.changes == {"institution": ("Bashkia Tirana", "Bashkia Tiranë")}
    fake.reset_calls()
    apply_sync(client.call_params, load_roster(base_roster), journal)
    sent = fake.calls_to("core_user_update_users")[0].params["users"]
    assert sent == [{"id": str(_user(fake, "arben.hoxha").id), "institution": "Bashkia Tiranë"}]


def test_people_no_longer_listed_leave_owned_cohorts_and_are_suspended_in_owned_courses(
        fake: FakeMoodle, client: MoodleClient, journal: Journal, base_roster: Path) -> None:
    gone = fake.add_user("old.learner")
    teacher = fake.add_user("the.teacher")
    other_course = fake.add_course("OTHER")
    lvv = _course(fake, "LVV")
    fake.enrol(gone, lvv)
    fake.enrol(teacher, lvv, roleid=4)
    fake.enrol(gone, other_course)
    tirane = fake.add_cohort("tirane", members=[gone])
    unrelated = fake.add_cohort("unrelated", members=[gone])

    report = apply_sync(client.call_params, load_roster(base_roster), journal)

    assert gone.id not in tirane.members
    assert gone.id in unrelated.members, "a roster owns only the cohorts it names"
    assert fake.state.enrolments[(lvv, gone.id)].status == 1
    assert fake.state.enrolments[(other_course.id, gone.id)].status == 0
    assert fake.state.enrolments[(lvv, teacher.id)].status == 0, "roles the roster never assigns"
    assert not gone.suspended, "accounts are suspended only with --suspend-missing"
    assert report.result is not None and report.result.done["enrolments_suspend"] == 1


def test_unenrol_removes_and_suspend_missing_suspends_then_reactivates(
        fake: FakeMoodle, client: MoodleClient, journal: Journal, base_roster: Path,
        tmp_path: Path) -> None:
    gone = fake.add_user("old.learner")
    lvv = _course(fake, "LVV")
    fake.enrol(gone, lvv)
    settings = SyncSettings(unenrol=True, suspend_missing=True)
    apply_sync(client.call_params, load_roster(base_roster), journal, settings)
    assert (lvv, gone.id) not in fake.state.enrolments
    assert gone.suspended
    assert gone.id in fake.state.users, "nothing is ever deleted"

    back = tmp_path / "back.csv"
    back.write_text(base_roster.read_text(encoding="utf-8")
                    + "old.learner;Test;User;old.learner@example.org;;;;LVV;student;;;\n",
                    encoding="utf-8")
    plan = plan_sync(client.call_params, load_roster(back), journal, settings)
    assert [(u.username, u.action) for u in plan.users] == [("old.learner", "unsuspend")]
    apply_sync(client.call_params, load_roster(back), journal, settings)
    assert not gone.suspended
    assert fake.state.enrolments[(lvv, gone.id)].status == 0


def test_enrolment_dates_status_and_role_changes_are_sent_in_full(
        fake: FakeMoodle, client: MoodleClient, journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    header = ("username,firstname,lastname,email,course1,role1,enroltimestart1,enrolperiod1,"
              "enrolstatus1\n")
    path.write_text(header + "ana,Ana,Hoxha,ana@example.org,LVV,student,2030-01-10,30,0\n",
                    encoding="utf-8")
    apply_sync(client.call_params, load_roster(path), journal)
    lvv = _course(fake, "LVV")
    ana = _user(fake, "ana").id
    first = fake.state.enrolments[(lvv, ana)]
    assert first.timeend - first.timestart == 30 * 86400

    path.write_text(header + "ana,Ana,Hoxha,ana@example.org,LVV,editingteacher,2030-01-10,60,1\n",
                    encoding="utf-8")
    plan = plan_sync(client.call_params, load_roster(path), journal)
    change = plan.enrolments[0]
    assert change.action == "update"
    assert "role not assigned" in change.reasons
    fake.reset_calls()
    apply_sync(client.call_params, load_roster(path), journal)
    sent = fake.calls_to("enrol_manual_enrol_users")[0].params["enrolments"][0]
    assert set(sent) == {"roleid", "userid", "courseid", "timestart", "timeend", "suspend"}
    now = fake.state.enrolments[(lvv, ana)]
    assert (now.status, now.timeend - now.timestart, 3 in now.roleids) == (1, 60 * 86400, True)
    fake.reset_calls()
    apply_sync(client.call_params, load_roster(path), journal)
    assert fake.writes == []


def test_one_bad_row_does_not_block_the_batch(fake: FakeMoodle, client: MoodleClient,
                                              journal: Journal, base_roster: Path) -> None:
    fake.add_user("someone.else", email="drita.kelmendi@example.org")
    report = apply_sync(client.call_params, load_roster(base_roster), journal)
    assert report.result is not None
    failures = {(f.username, f.row, f.step) for f in report.result.failures}
    assert ("drita.kelmendi", 3, "create account") in failures
    message = next(f.message for f in report.result.failures if f.step == "create account")
    assert "drita.kelmendi@example.org is already used by the account 'someone.else'" in message
    assert {u.username for u in fake.state.users.values()} >= {
        "arben.hoxha", "gentiana.cela", "ivan.petrov"}
    assert report.exit_code == 3
    skipped = [f for f in report.result.failures if f.username == "drita.kelmendi"
               and f.step != "create account"]
    assert skipped and all("could not be created" in f.message for f in skipped)
    assert len(fake.calls_to("core_user_create_users")) <= 5


def test_update_warnings_are_row_failures(fake: FakeMoodle, client: MoodleClient,
                                          journal: Journal, base_roster: Path) -> None:
    fake.add_user("arben.hoxha", firstname="Arben", lastname="Hoxha", email="old@example.org")
    fake.add_user("holder", email="arben.hoxha@example.org")
    report = apply_sync(client.call_params, load_roster(base_roster), journal)
    assert report.result is not None
    assert [(f.username, f.step) for f in report.result.failures] == [
        ("arben.hoxha", "update account")]
    assert "already used by the account 'holder'" in report.result.failures[0].message


def test_skip_invalid_applies_valid_rows_and_protects_invalid_ones(
        fake: FakeMoodle, client: MoodleClient, journal: Journal, tmp_path: Path) -> None:
    known = fake.add_user("besa.krasniqi")
    lvv = _course(fake, "LVV")
    fake.enrol(known, lvv)
    path = tmp_path / "r.csv"
    path.write_text("username,firstname,lastname,email,course1\n"
                    "ana,Ana,Hoxha,ana@example.org,LVV\n"
                    "besa.krasniqi,Besa,Krasniqi,not-an-email,LVV\n", encoding="utf-8")
    report = apply_sync(client.call_params, load_roster(path), journal,
                        SyncSettings(skip_invalid=True))
    assert [p.line for p in report.plan.problems] == [3]
    assert fake.state.enrolments[(lvv, known.id)].status == 0, "an invalid row is not 'missing'"
    assert _user(fake, "ana")
    assert report.exit_code == 3


def test_batches_stay_under_the_field_budget(fake: FakeMoodle, client: MoodleClient,
                                             journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    rows = [f"user{i},First,Last,user{i}@example.org,LVV,group{i % 3}" for i in range(60)]
    path.write_text("username,firstname,lastname,email,course1,cohort1\n" + "\n".join(rows),
                    encoding="utf-8")
    apply_sync(client.call_params, load_roster(path), journal, SyncSettings(field_budget=100))
    assert max(c.fields for c in fake.writes) <= 100 + 3
    assert len(fake.calls_to("core_user_create_users")) == 3, "5 fields x 60 users in 100s"
    assert sum(1 for u in fake.state.users.values() if u.username.startswith("user")) == 60


@pytest.mark.parametrize("after", [True, False])
def test_create_that_timed_out_is_not_duplicated(fake: FakeMoodle, journal: Journal,
                                                 base_roster: Path, after: bool,
                                                 waits: list[float]) -> None:
    from lms_bridge.testing import Fault, FaultPlan

    fake.faults = FaultPlan(script=[Fault("timeout", after=after)],
                            functions=["core_user_create_users"])
    report = apply_sync(fake.client().call_params, load_roster(base_roster), journal,
                        sleep=waits.append)
    assert report.result is not None and report.result.ok
    names = [u.username for u in fake.state.users.values()]
    assert len(names) == len(set(names))
    assert len(fake.calls_to("core_user_get_users_by_field")) >= 2


def test_passwords_never_appear_in_the_plan(fake: FakeMoodle, client: MoodleClient,
                                            journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("username,firstname,lastname,email,password\n"
                    "ana,Ana,Hoxha,ana@example.org,Sekret-Fjalë-42\n", encoding="utf-8")
    plan = plan_sync(client.call_params, load_roster(path), journal)
    assert "Sekret" not in plan.to_json() and "Sekret" not in repr(plan)
    apply_sync(client.call_params, load_roster(path), journal)
    assert _user(fake, "ana").password == "Sekret-Fjalë-42"
    assert "createpassword" not in fake.calls_to("core_user_create_users")[0].params["users"][0]


def test_listed_person_dropped_from_one_course_is_suspended_there_only(
        fake: FakeMoodle, client: MoodleClient, journal: Journal, base_roster: Path) -> None:
    apply_sync(client.call_params, load_roster(base_roster), journal)
    drita = _user(fake, "drita.kelmendi")
    kom = _course(fake, "KOM")
    fake.enrol(drita, kom)
    plan = plan_sync(client.call_params, load_roster(base_roster), journal)
    assert [(e.action, e.username, e.course) for e in plan.enrolments] == [
        ("suspend", "drita.kelmendi", "KOM")]
    apply_sync(client.call_params, load_roster(base_roster), journal)
    assert fake.state.enrolments[(kom, drita.id)].status == 1
    assert fake.state.enrolments[(_course(fake, "LVV"), drita.id)].status == 0


def test_role_change_removes_the_old_roster_role_but_not_others(
        fake: FakeMoodle, client: MoodleClient, journal: Journal, base_roster: Path) -> None:
    lvv = _course(fake, "LVV")
    gentiana = fake.add_user("gentiana.cela", firstname="Gentiana", lastname="Çela",
                             email="gentiana.cela@example.org")
    fake.enrol(gentiana, lvv, roleid=5)
    fake.state.enrolments[(lvv, gentiana.id)].roleids.add(4)
    seen: list[tuple[int, int]] = []
    report = apply_sync(client.call_params, load_roster(base_roster), journal,
                        progress=lambda done, total: seen.append((done, total)))
    assert fake.state.enrolments[(lvv, gentiana.id)].roleids == {3, 4}, \
        "student (given by the roster) removed, teacher (never in the roster) kept"
    assert report.result is not None and report.result.done["roles_unassign"] == 1
    assert seen[-1][0] == seen[-1][1], "removing the old role is part of the row's enrolment, " \
        "not one more unit of progress"
    fake.reset_calls()
    apply_sync(client.call_params, load_roster(base_roster), journal)
    assert fake.writes == []


def test_without_unassign_function_the_old_role_stays_with_a_warning(
        fake: FakeMoodle, client: MoodleClient, journal: Journal, base_roster: Path) -> None:
    fake.remove_functions(["core_role_unassign_roles"])
    lvv = _course(fake, "LVV")
    gentiana = fake.add_user("gentiana.cela", email="gentiana.cela@example.org")
    fake.enrol(gentiana, lvv, roleid=5)
    apply_sync(client.call_params, load_roster(base_roster), journal)
    assert fake.state.enrolments[(lvv, gentiana.id)].roleids == {3, 5}
    plan = plan_sync(client.call_params, load_roster(base_roster), journal)
    assert plan.is_empty
    assert any("core_role_unassign_roles" in w.message for w in plan.warnings)


def test_progress_reaches_the_total(fake: FakeMoodle, client: MoodleClient, journal: Journal,
                                    base_roster: Path) -> None:
    seen: list[tuple[int, int]] = []
    apply_sync(client.call_params, load_roster(base_roster), journal,
               progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] == 18
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_read_calls_are_the_calls_the_site_saw_while_planning(
        fake: FakeMoodle, client: MoodleClient, journal: Journal, base_roster: Path) -> None:
    fake.reset_calls()
    plan = plan_sync(client.call_params, load_roster(base_roster), journal)
    assert plan.read_calls == len(fake.calls) > 0 and fake.writes == []
    apply_sync(client.call_params, load_roster(base_roster), journal)
    fake.reset_calls()
    report = apply_sync(client.call_params, load_roster(base_roster), journal)
    assert report.summary()["read_calls"] == report.plan.read_calls == len(fake.calls)
