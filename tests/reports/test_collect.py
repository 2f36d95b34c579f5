"""collect_completions on the realistic fake site: every column, call budget, filters, failures."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lms_bridge.exceptions import InputError
from lms_bridge.reports import CompletionReport, collect_completions
from lms_bridge.testing import FakeMoodle, FakeMoodleException
from tests.reports.conftest import COURSES
from tests.reports.expected import expected_rows
from tests.reports.site import Site

FIELDS = ["course_shortname", "username", "fullname", "firstname", "lastname", "email",
          "idnumber", "institution", "department", "cohorts", "enrolment_status",
          "last_access", "course_completed", "completed_at", "activities_completed",
          "activities_total", "scorm_status", "scorm_score", "final_grade", "progress",
          "load_error"]


def _by_key(report: CompletionReport) -> dict[tuple[str, str], Any]:
    return {(r.course_shortname, r.username): r for r in report.records}


def test_every_column_of_every_learner(report: CompletionReport) -> None:
    got = _by_key(report)
    expected = expected_rows()
    assert len(report.records) == len(expected) == 230
    mismatches = []
    for row in expected:
        record = got[(row["course_shortname"], row["username"])]
        for name in FIELDS:
            value = getattr(record, name)
            want = row[name]
            if isinstance(want, float) and value is not None:
                ok = value == pytest.approx(want)
            else:
                ok = value == want
            if not ok:
                mismatches.append(f"{row['username']} {row['course_shortname']} {name}: "
                                  f"{value!r} != {want!r}")
    assert mismatches == []


def test_mixed_states_are_really_mixed(report: CompletionReport) -> None:
    states = {(r.course_shortname, r.progress) for r in report.records}
    for course in COURSES:
        for progress in ("not_started", "in_progress", "completed"):
            assert (course, progress) in states
    assert {r.scorm_status for r in report.records} >= {"notattempted", "incomplete",
                                                        "completed", "passed", "failed"}
    assert any(r.enrolment_status == "suspended" for r in report.records)
    assert any("Кохорта България 2026" in r.cohorts for r in report.records)


def test_teachers_are_not_learners(report: CompletionReport) -> None:
    assert "teacher.one" not in {r.username for r in report.records}


def test_course_info(report: CompletionReport) -> None:
    info = {c.shortname: c for c in report.courses}
    assert info["ADM-101"].has_criteria is True
    assert info["BG-201"].has_criteria is False
    assert info["BG-201"].scorm_names == ("Модул 1",)


def test_call_budget(seeded: tuple[FakeMoodle, Site]) -> None:
    fake, site = seeded
    fake.reset_calls()
    collect_completions(fake.client(), COURSES)
    count = {name: len(fake.calls_to(name)) for name in {c.wsfunction for c in fake.calls}}
    assert count["gradereport_user_get_grade_items"] == 2  # one per course, all learners
    assert [c.params["userid"] for c in fake.calls_to("gradereport_user_get_grade_items")] \
        == ["0", "0"]
    assert count["core_enrol_get_enrolled_users"] == 4  # all + suspended, per course
    assert count["core_cohort_get_cohort_members"] == 1
    if site.plugin is not None:
        assert count["local_lmsbridge_get_course_completions"] == 2  # 200 per page
        assert "core_completion_get_activities_completion_status" not in count
        assert "mod_scorm_get_scorm_sco_tracks" not in count
        assert sum(count.values()) < 25
    else:
        assert count["core_completion_get_activities_completion_status"] == 230
        assert count["mod_scorm_get_scorm_sco_tracks"] == 230
        # course status per learner of ADM-101; BG-201 stops asking after "nocriteriaset"
        assert 201 <= count["core_completion_get_course_completion_status"] <= 200 + 8
    assert fake.writes == []


def test_cohort_filter_by_name_or_idnumber(seeded: tuple[FakeMoodle, Site]) -> None:
    fake, _site = seeded
    report = collect_completions(fake.client(), ["ADM-101"],
                                 cohorts=["ks-2026", "Кохорта България 2026"])
    wanted = {r["username"] for r in expected_rows() if r["course_shortname"] == "ADM-101"
              and ({"Kohorta Kosovë 2026", "Кохорта България 2026"} & set(r["cohorts"]))}
    assert {r.username for r in report.records} == wanted
    assert len(wanted) > 20


def test_since_keeps_recent_completions_and_recent_activity(
        seeded: tuple[FakeMoodle, Site]) -> None:
    fake, _site = seeded
    since = date(2026, 10, 1)
    report = collect_completions(fake.client(), ["ADM-101"], since=since, until=date(2026, 11, 1))
    lo, hi = "2026-10-01", "2026-11-01"

    def keep(row: dict[str, Any]) -> bool:
        when = row["completed_at"] if row["progress"] == "completed" else row["last_access"]
        return when is not None and lo <= when.strftime("%Y-%m-%d") < hi

    wanted = {r["username"] for r in expected_rows()
              if r["course_shortname"] == "ADM-101" and keep(r)}
    assert {r.username for r in report.records} == wanted
    assert 10 < len(wanted) < 150


def test_unknown_courses_and_cohorts_are_all_listed_before_any_learner_call(
        fresh: tuple[FakeMoodle, Site]) -> None:
    fake, _site = fresh
    with pytest.raises(InputError) as caught:
        collect_completions(fake.client(), ["ADM-101", "NOPE-1", "9999"])
    assert "'NOPE-1'" in str(caught.value) and "'9999'" in str(caught.value)
    with pytest.raises(InputError, match="no cohort with name or ID number 'GHOSTS'"):
        collect_completions(fake.client(), ["ADM-101"], cohorts=["GHOSTS"])
    assert not fake.calls_to("core_completion_get_activities_completion_status")
    assert not fake.calls_to("core_enrol_get_enrolled_users")



def test_a_number_that_is_no_course_id_is_tried_as_a_short_name() -> None:
    with FakeMoodle() as fake:
        course = fake.add_course("2026", "Annual refresher", id=41)
        report = collect_completions(fake.client(), ["2026", "41"])
        assert [c.id for c in report.courses] == [course.id]
        with pytest.raises(InputError, match="no course with id or short name '2027'"):
            collect_completions(fake.client(), ["2027"])

def _fail_for(fake: FakeMoodle, function: str, user_ids: set[int]) -> None:
    original = fake.functions[function]

    def handler(f: FakeMoodle, params: dict[str, Any]) -> Any:
        if params["userid"] in user_ids:
            raise FakeMoodleException("dmlreadexception", "Error reading from database")
        return original.handler(f, params)

    fake.register_function(function, handler, original.params)


def test_a_learner_whose_calls_fail_is_marked_never_complete(
        fresh: tuple[FakeMoodle, Site]) -> None:
    fake, site = fresh
    done = next(r["username"] for r in expected_rows() if r["progress"] == "completed")
    bad = {site.user_ids[done], site.user_ids["learner002"]}
    _fail_for(fake, "mod_scorm_get_scorm_sco_tracks", bad)
    report = collect_completions(fake.client(), ["ADM-101"])
    assert report.partial
    failed = {r.username: r for r in report.failed}
    assert set(failed) == {done, "learner002"}
    for record in failed.values():
        assert record.progress == "not_loaded" and not record.is_completed
        assert record.course_completed is None and record.completed_at is None
        assert record.scorm_status is None and record.activities_completed is None
        assert "mod_scorm_get_scorm_sco_tracks" in (record.load_error or "")
        assert "Error reading from database" in (record.load_error or "")
    assert done not in {r.username for r in report.completed("ADM-101")}
    assert len(report.records) == 200


def test_plugin_failure_falls_back_to_core_calls(fresh: tuple[FakeMoodle, Site]) -> None:
    fake, _site = fresh
    from lms_bridge.testing.plugin_fake import install_plugin

    install_plugin(fake)

    def broken(f: FakeMoodle, params: dict[str, Any]) -> Any:
        raise FakeMoodleException("dmlreadexception", "Error reading from database")

    fake.register_function("local_lmsbridge_get_course_completions", broken,
                           fake.functions["local_lmsbridge_get_course_completions"].params)
    report = collect_completions(fake.client(), ["ADM-101"])
    assert not report.partial and not report.used_plugin
    assert len(fake.calls_to("core_completion_get_activities_completion_status")) == 200
    expected = {r["username"]: r["progress"] for r in expected_rows()
                if r["course_shortname"] == "ADM-101"}
    assert {r.username: r.progress for r in report.records} == expected


def test_completed_learners_for_certificates(report: CompletionReport) -> None:
    want = {r["username"] for r in expected_rows()
            if r["course_shortname"] == "ADM-101" and r["progress"] == "completed"}
    assert {r.username for r in report.completed("ADM-101")} == want
    assert all(r.completed_at is not None for r in report.completed("ADM-101"))


def test_many_workers_get_a_connection_each(fresh: tuple[FakeMoodle, Site]) -> None:
    fake, _site = fresh
    client = fake.client()
    report = collect_completions(client, ["BG-201"], concurrency=16)
    adapter = client.transport.session.get_adapter(fake.url + "/webservice/rest/server.php")
    assert adapter._pool_maxsize == 16  # type: ignore[attr-defined]
    assert len(report.records) == 30 and not report.partial


def test_days_and_months_are_those_of_the_report_time_zone() -> None:
    """A completion at 00:30 on 1 October in Tirana (22:30 UTC on 30 September) belongs to
    October there; in UTC it is a September completion."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from lms_bridge.reports.aggregate import summarise

    tirana = ZoneInfo("Europe/Tirane")
    completed = int(datetime(2026, 10, 1, 0, 30, tzinfo=tirana).timestamp())
    with FakeMoodle() as fake:
        course = fake.add_course("TZ-1")
        page = fake.add_module(course, "page", "Reading", tracking=1)
        fake.set_completion_criteria(course, [page])
        ana = fake.add_user("ana")
        fake.enrol(ana, course)
        fake.set_completion(ana, page, timecompleted=completed)
        local = collect_completions(fake.client(), ["TZ-1"], since=date(2026, 10, 1), tz=tirana)
        utc = collect_completions(fake.client(), ["TZ-1"], since=date(2026, 10, 1))
        whole = collect_completions(fake.client(), ["TZ-1"], tz=tirana)
    [record] = local.records
    assert record.completed_at == datetime(2026, 10, 1, 0, 30, tzinfo=tirana)
    assert local.timezone == "Europe/Tirane" and utc.timezone == "UTC"
    assert utc.records == []
    assert summarise(whole).completions_by_month == [("2026-10", 1)]
    assert whole.records[0].completed_at.astimezone(timezone.utc).month == 9


def test_a_course_already_looked_up_is_not_read_again(seeded: tuple[FakeMoodle, Site]) -> None:
    """Certificates look the course up first (for its title and language), then collect."""
    fake, _ = seeded
    client = fake.client()
    course = client.courses.by_shortname(COURSES[0])
    assert course is not None
    fake.reset_calls()
    report = collect_completions(client, [course])
    assert not fake.calls_to("core_course_get_courses_by_field")
    assert {r.course_shortname for r in report.records} == {COURSES[0]}
