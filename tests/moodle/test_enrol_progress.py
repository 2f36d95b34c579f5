from __future__ import annotations

from typing import Any

import pytest

from lms_bridge.moodle import errors as E
from lms_bridge.moodle.enrolments import Enrolment
from lms_bridge.testing import FakeMoodle


def test_reenrolling_overwrites_dates_and_status(fake_moodle: FakeMoodle) -> None:
    course = fake_moodle.add_course("LVV")
    ana = fake_moodle.add_user("ana")
    moodle = fake_moodle.client()
    moodle.enrolments.enrol([Enrolment(userid=ana.id, courseid=course.id, timestart=100,
                                       timeend=200, suspend=True)])
    state = fake_moodle.state.enrolments[(course.id, ana.id)]
    assert (state.timestart, state.timeend, state.status) == (100, 200, 1)
    moodle.call("enrol_manual_enrol_users", enrolments=[
        {"roleid": 5, "userid": ana.id, "courseid": course.id}])
    state = fake_moodle.state.enrolments[(course.id, ana.id)]
    assert (state.timestart, state.timeend, state.status) == (0, 0, 0)


def test_enrol_batch_is_all_or_nothing(fake_moodle: FakeMoodle) -> None:
    course = fake_moodle.add_course("LVV")
    ana = fake_moodle.add_user("ana")
    moodle = fake_moodle.client()
    with pytest.raises(E.MissingCapability, match="permission to assign this role"):
        moodle.enrolments.enrol([Enrolment(userid=ana.id, courseid=course.id),
                                 Enrolment(userid=ana.id, courseid=course.id, roleid=7)])
    with pytest.raises(E.MoodleServerError):  # what 4.5 answers for an unknown user id
        moodle.enrolments.enrol([Enrolment(userid=ana.id, courseid=course.id),
                                 Enrolment(userid=4242, courseid=course.id)])
    assert fake_moodle.state.enrolments == {}


def test_unenrol_never_sends_roleid_so_it_works_on_5_2() -> None:
    with FakeMoodle(release="5.2 (Build: 20260601)") as fake:
        course = fake.add_course("LVV")
        ana = fake.add_user("ana")
        fake.enrol(ana, course)
        moodle = fake.client()
        moodle.enrolments.unenrol([(ana.id, course.id)])
        assert fake.state.enrolments == {}
        with pytest.raises(E.InvalidParameter):
            moodle.call("enrol_manual_unenrol_users", enrolments=[
                {"userid": ana.id, "courseid": course.id, "roleid": 5}])


def test_enrolled_users_are_paged(fake_moodle: FakeMoodle) -> None:
    course = fake_moodle.add_course("LVV")
    for i in range(7):
        fake_moodle.enrol(fake_moodle.add_user(f"u{i}"), course, suspended=i == 0)
    moodle = fake_moodle.client()
    users = moodle.enrolments.enrolled_users(course.id, userfields=["id", "username"],
                                             page_size=3)
    assert len(users) == 7 and users[0].username == "u0" and users[0].email is None
    assert len(fake_moodle.calls_to("core_enrol_get_enrolled_users")) == 3
    active = moodle.enrolments.enrolled_users(course.id, onlyactive=True)
    assert [u.username for u in active] == [f"u{i}" for i in range(1, 7)]


def test_completion_grades_and_scorm(fake_moodle: FakeMoodle) -> None:
    course = fake_moodle.add_course("LVV")
    scorm = fake_moodle.add_scorm(course, "Module 1", scoes=["Lesson 1", "Lesson 2"])
    page = fake_moodle.add_module(course, "page", "Reading", tracking=1)
    fake_moodle.set_completion_criteria(course, [scorm.cmid, page])
    ana, ivan = fake_moodle.add_user("ana"), fake_moodle.add_user("ivan")
    for user in (ana, ivan):
        fake_moodle.enrol(user, course)
    sco = scorm.scoes[1]
    fake_moodle.set_scorm_track(ana, sco, {"cmi.core.lesson_status": "passed",
                                           "cmi.core.score.raw": "90"})
    fake_moodle.set_completion(ana, scorm, 2)
    fake_moodle.set_grade(ana, scorm, 90)
    moodle = fake_moodle.client()

    statuses = moodle.completion.activities(course.id, ana.id).statuses
    assert [(s.cmid, s.state) for s in statuses] == [(scorm.cmid, 2), (page.id, 0)]
    status = moodle.completion.course(course.id, ana.id)
    assert status is not None and not status.completed
    result = moodle.completion.override(ana.id, page.id, 1)
    assert result.overrideby == fake_moodle.admin_id
    status = moodle.completion.course(course.id, ana.id)
    assert status is not None and status.completed and status.timecompleted
    other = fake_moodle.add_course("NOCRIT")
    fake_moodle.enrol(ana, other)
    assert moodle.completion.course(other.id, ana.id) is None

    report = moodle.grades.grade_items(course.id)
    assert [r.userid for r in report] == [ana.id, ivan.id]
    item = report[0].for_module(scorm.cmid)
    assert item is not None and item.graderaw == 90
    assert report[1].course_total is not None and report[1].course_total.graderaw is None
    assert len(fake_moodle.calls_to("gradereport_user_get_grade_items")) == 1

    [activity] = moodle.scorm.by_courses([course.id])
    assert activity.sha1hash == scorm.sha1hash and activity.coursemodule == scorm.cmid
    assert [s.title for s in moodle.scorm.scoes(scorm.id) if s.launch] == ["Lesson 1",
                                                                          "Lesson 2"]
    assert moodle.scorm.attempt_count(scorm.id, ana.id) == 1
    assert moodle.scorm.attempt_count(scorm.id, ivan.id) == 0
    tracks = moodle.scorm.sco_tracks(sco.id, ana.id).as_dict()
    assert tracks["score_raw"] == 90 and tracks["status"] == "passed"
    with pytest.raises(E.RecordNotFound):
        moodle.scorm.scoes(999)


def test_user_courses_give_progress_and_completion(fake_moodle: FakeMoodle) -> None:
    course = fake_moodle.add_course("LVV")
    page = fake_moodle.add_module(course, "page", "Reading", tracking=1)
    quiz = fake_moodle.add_module(course, "quiz", "Check", tracking=2)
    fake_moodle.set_completion_criteria(course, [page, quiz])
    ana = fake_moodle.add_user("ana")
    fake_moodle.enrol(ana, course)
    fake_moodle.set_completion(ana, page)
    moodle = fake_moodle.client()
    [row] = moodle.enrolments.user_courses(ana.id)
    assert (row.shortname, row.progress, row.completed) == ("LVV", 50, False)
    assert "enrolledusercount" not in (row.model_extra or {})
    fake_moodle.set_completion(ana, quiz, 2)
    assert moodle.enrolments.user_courses(ana.id)[0].completed is True


def test_unassign_roles_is_all_or_nothing(fake_moodle: FakeMoodle) -> None:
    course = fake_moodle.add_course("LVV")
    ana = fake_moodle.add_user("ana")
    fake_moodle.enrol(ana, course, roleid=5)
    fake_moodle.state.enrolments[(course.id, ana.id)].roleids.add(4)
    moodle = fake_moodle.client()

    def unassign(*rows: dict[str, Any]) -> Any:
        return moodle.call("core_role_unassign_roles", unassignments=list(rows))

    row = {"roleid": 4, "userid": ana.id, "contextlevel": "course", "instanceid": course.id}
    with pytest.raises(E.RecordNotFound):
        unassign(row, {**row, "instanceid": 999})
    with pytest.raises(E.InvalidParameter):
        unassign(row, {**row, "roleid": 99})
    assert fake_moodle.state.enrolments[(course.id, ana.id)].roleids == {4, 5}
    assert unassign(row, {**row, "roleid": 3}) is None
    assert fake_moodle.state.enrolments[(course.id, ana.id)].roleids == {5}
