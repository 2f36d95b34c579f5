from __future__ import annotations

import copy
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from lms_bridge.moodle import errors as E
from lms_bridge.moodle.enrolments import Enrolment
from lms_bridge.testing import FakeMoodle, FakeMoodleException, Fault, FaultPlan, Single, Value
from lms_bridge.testing.state import Enrolment as StateEnrolment
from lms_bridge.testing.state import EnrolmentTable


def test_call_log_counts_calls_and_writes(fake_moodle: FakeMoodle) -> None:
    course = fake_moodle.add_course("LVV")
    ana = fake_moodle.add_user("ana")
    moodle = fake_moodle.client()
    moodle.courses.by_shortname("LVV")
    moodle.enrolments.enrol([Enrolment(userid=ana.id, courseid=course.id)])
    assert [c.wsfunction for c in fake_moodle.calls] == ["core_course_get_courses_by_field",
                                                         "enrol_manual_enrol_users"]
    assert [c.wsfunction for c in fake_moodle.writes] == ["enrol_manual_enrol_users"]
    assert fake_moodle.writes[0].params == {"enrolments": [{
        "roleid": "5", "userid": str(ana.id), "courseid": str(course.id), "timestart": "0",
        "timeend": "0", "suspend": "0"}]}


def test_function_outside_the_service_is_accessexception(fake_moodle: FakeMoodle) -> None:
    fake_moodle.service_functions = {"core_user_get_users_by_field"}
    moodle = fake_moodle.client()
    with pytest.raises(E.FunctionNotInService, match="Add core_cohort_get_cohorts to"):
        moodle.cohorts.get()
    assert moodle.site_info().function_names == {"core_user_get_users_by_field"}
    with pytest.raises(E.MissingFunctions, match="core_user_create_users"):
        moodle.require("sync")


@pytest.mark.parametrize(("release", "code"), [("4.5+ (Build: 20241205)", "invalidrecord"),
                                               ("5.0.6+ (Build: 20260403)",
                                                "invalidrecordunknown")])
def test_unknown_function_by_release(release: str, code: str) -> None:
    with FakeMoodle(release=release) as fake:
        moodle = fake.client()
        moodle.site_info()
        with pytest.raises(E.UnknownFunction) as info:
            moodle.call("core_no_such_function")
        assert info.value.errorcode == code


def test_register_function_validates_like_moodle(fake_moodle: FakeMoodle) -> None:
    def handler(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
        if params["courseid"] == 0:
            raise FakeMoodleException("invalidcourseid", "Invalid course id")
        return {"doubled": params["courseid"] * 2, "flag": params["flag"]}

    fake_moodle.register_function("local_test_double", handler, Single({
        "courseid": Value("int"), "flag": Value("bool", required=False, default=False)}))
    moodle = fake_moodle.client()
    assert moodle.call("local_test_double", courseid=21) == {"doubled": 42, "flag": False}
    with pytest.raises(E.InvalidParameter):
        moodle.call("local_test_double", courseid="abc")
    with pytest.raises(E.InvalidParameter):
        moodle.call("local_test_double", courseid=1, flag="true")
    with pytest.raises(E.RecordNotFound):
        moodle.call("local_test_double", courseid=0)


def test_fault_after_the_write_was_applied(fake_moodle: FakeMoodle) -> None:
    course = fake_moodle.add_course("LVV")
    ana = fake_moodle.add_user("ana")
    fake_moodle.faults = FaultPlan(script=[Fault("timeout", after=True)])
    moodle = fake_moodle.client()
    with pytest.raises(E.MoodleConnectionError, match="may or may not have been applied"):
        moodle.enrolments.enrol([Enrolment(userid=ana.id, courseid=course.id)])
    assert (course.id, ana.id) in fake_moodle.state.enrolments
    assert len(fake_moodle.calls) == 1


def test_fault_before_a_write_leaves_nothing_and_refused_is_retried(
        fake_moodle: FakeMoodle) -> None:
    course = fake_moodle.add_course("LVV")
    ana = fake_moodle.add_user("ana")
    fake_moodle.faults = FaultPlan(script=[Fault("reset"), Fault("refused")])
    moodle = fake_moodle.client()
    with pytest.raises(E.MoodleConnectionError):
        moodle.enrolments.enrol([Enrolment(userid=ana.id, courseid=course.id)])
    assert fake_moodle.state.enrolments == {}
    moodle.enrolments.enrol([Enrolment(userid=ana.id, courseid=course.id)])  # refused, retried
    assert (course.id, ana.id) in fake_moodle.state.enrolments


def test_random_faults_are_reproducible_and_reads_survive_them(
        fake_moodle: FakeMoodle) -> None:
    fake_moodle.add_course("LVV")
    fake_moodle.faults = FaultPlan(rate=0.3, seed=7)
    moodle = fake_moodle.client(retries=8)
    for _ in range(30):
        assert moodle.courses.by_shortname("LVV") is not None
    injected = [f.kind for _, f in fake_moodle.faults.injected]
    assert injected and set(injected) <= {"http500", "timeout", "reset", "refused"}
    first, second = FaultPlan(rate=0.3, seed=7), FaultPlan(rate=0.3, seed=7)
    drawn = [first.draw("x") for _ in range(40)]
    assert drawn == [second.draw("x") for _ in range(40)]
    assert any(f is not None and f.after for f in drawn)
    assert any(f is not None and not f.after for f in drawn)


def test_latency_overlaps_across_threads() -> None:
    with FakeMoodle(latency=0.05) as fake:
        fake.add_course("LVV")
        moodle = fake.client()
        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: moodle.courses.by_shortname("LVV"), range(8)))
        elapsed = time.monotonic() - started
    assert len(fake.calls) == 8
    assert elapsed < 0.05 * 8 * 0.6


def test_maintenance_and_disabled_web_services(fake_moodle: FakeMoodle) -> None:
    moodle = fake_moodle.client()
    fake_moodle.maintenance = True
    with pytest.raises(E.Maintenance) as info:
        moodle.site_info()
    assert info.value.retry_after == 300
    fake_moodle.maintenance = False
    fake_moodle.webservices_enabled = False
    with pytest.raises(E.WebServicesDisabled):
        moodle.site_info()


def test_moodle_4_1_shapes() -> None:
    with FakeMoodle(release="4.1.10 (Build: 20240422)") as fake:
        course = fake.add_course("LVV")
        ana = fake.add_user("ana")
        fake.enrol(ana, course)
        fake.add_module(course, "page", "Reading", tracking=1)
        moodle = fake.client()
        with pytest.raises(E.InvalidParameter) as info:
            moodle.call("core_course_get_contents", courseid="abc")
        assert info.value.exception == "invalid_parameter_exception"
        [status] = moodle.completion.activities(course.id, ana.id).statuses
        assert status.isoverallcomplete is None and "isoverallcomplete" not in (
            status.model_extra or {})


def test_other_urls_share_the_fakes_mock(fake_moodle: FakeMoodle) -> None:
    import requests
    import responses

    fake_moodle.responses_mock.add(responses.GET, "https://cdn.example.org/x", body="ok")
    assert requests.get("https://cdn.example.org/x", timeout=5).text == "ok"
    with pytest.raises(requests.ConnectionError):
        requests.get("https://elsewhere.example.org/", timeout=5)


def test_enrolment_indexes_follow_every_change() -> None:
    table = EnrolmentTable()

    def scanned() -> tuple[dict[int, set[int]], dict[int, set[int]]]:
        return ({c: {u for (c2, u) in table if c2 == c} for c in range(1, 4)},
                {u: {c for (c, u2) in table if u2 == u} for u in range(1, 4)})

    def indexed() -> tuple[dict[int, set[int]], dict[int, set[int]]]:
        return ({c: set(table.users_in(c)) for c in range(1, 4)},
                {u: set(table.courses_of(u)) for u in range(1, 4)})

    table[(1, 1)] = StateEnrolment(roleids={5})
    table.setdefault((1, 2), StateEnrolment(roleids={5}))
    table.update({(2, 1): StateEnrolment(roleids={5}), (3, 3): StateEnrolment(roleids={5})})
    table |= {(2, 2): StateEnrolment(roleids={5})}
    assert indexed() == scanned()
    del table[(1, 1)]
    table.pop((3, 3))
    table.pop((3, 3), None)
    assert indexed() == scanned()
    assert table.users_in(1) == {2} and table.courses_of(2) == {1, 2}
    table.popitem()
    assert indexed() == scanned()
    table.clear()
    assert indexed() == scanned() and table == {}


def test_enrolment_table_copies_keep_their_own_indexes() -> None:
    table = EnrolmentTable({(1, 2): StateEnrolment(roleids={5})})
    shallow, deep = copy.copy(table), copy.deepcopy(table)
    shallow[(3, 4)] = StateEnrolment(roleids={5})
    deep[(5, 6)] = StateEnrolment(roleids={5})
    assert (table.users_in(3), table.users_in(5)) == (set(), set())
    assert (shallow.users_in(3), deep.users_in(5), deep.users_in(1)) == ({4}, {6}, {2})
