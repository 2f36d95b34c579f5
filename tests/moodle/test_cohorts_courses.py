from __future__ import annotations

import pytest

from lms_bridge.moodle import errors as E
from lms_bridge.moodle.cohorts import CohortMember, NewCohort
from lms_bridge.moodle.courses import NewCourse
from lms_bridge.testing import FakeMoodle


def test_cohort_lifecycle(fake_moodle: FakeMoodle) -> None:
    ana = fake_moodle.add_user("ana")
    moodle = fake_moodle.client()
    [cohort] = moodle.cohorts.create([NewCohort(name="Bashkia Tiranë – Financa",
                                                idnumber="tir-fin")])
    assert moodle.cohorts.search("Tiranë")[0].idnumber == "tir-fin"
    warnings = moodle.cohorts.add_members([
        CohortMember(cohort="tir-fin", user="ana"), CohortMember(cohort="tir-fin", user="ana"),
        CohortMember(cohort="nope", user="ana"), CohortMember(cohort="tir-fin", user="ghost")])
    assert [w.warningcode for w in warnings] == ["3", "2", "2"]
    assert moodle.cohorts.members([cohort.id]) == {cohort.id: [ana.id]}
    moodle.cohorts.remove_members([(cohort.id, ana.id)])
    assert moodle.cohorts.members([cohort.id]) == {cohort.id: []}
    assert [c.id for c in moodle.cohorts.get()] == [cohort.id]


def test_duplicate_cohort_idnumber_creates_nothing(fake_moodle: FakeMoodle) -> None:
    fake_moodle.add_cohort("A")
    with pytest.raises(E.InvalidParameter):
        fake_moodle.client().cohorts.create([NewCohort(name="B", idnumber="B"),
                                             NewCohort(name="A2", idnumber="A")])
    assert sorted(c.idnumber for c in fake_moodle.state.cohorts.values()) == ["A"]


def test_removing_from_unknown_cohort_is_all_or_nothing(fake_moodle: FakeMoodle) -> None:
    ana = fake_moodle.add_user("ana")
    cohort = fake_moodle.add_cohort("A", members=[ana])
    with pytest.raises(E.RecordNotFound):
        fake_moodle.client().cohorts.remove_members([(cohort.id, ana.id), (999, ana.id)])
    assert cohort.members == [ana.id]


def test_courses_create_get_and_contents(fake_moodle: FakeMoodle) -> None:
    moodle = fake_moodle.client()
    [created] = moodle.courses.create([NewCourse(fullname="Ligji për vetëqeverisjen",
                                                 shortname="LVV", categoryid=1,
                                                 enablecompletion=True)])
    course = moodle.courses.by_shortname("LVV")
    assert course is not None and course.id == created.id and course.enablecompletion == 1
    assert moodle.courses.get_by_field("idnumber", "none") == []
    with pytest.raises(E.MoodleError, match="Short name is already used") as info:
        moodle.courses.create([NewCourse(fullname="Dup", shortname="LVV", categoryid=1)])
    assert info.value.errorcode == "shortnametaken"
    scorm = fake_moodle.add_scorm(created.id, "Module 1")
    sections = moodle.courses.contents(created.id)
    assert [m.id for s in sections for m in s.modules] == [scorm.cmid]
    assert moodle.courses.contents(created.id, cmid=999)[1].modules == []


def test_cohort_custom_fields_need_4_2() -> None:
    cohort = NewCohort(name="A", idnumber="A", customfields={"region": "Tirana"})
    with FakeMoodle(release="4.1.10 (Build: 20240422)") as fake:
        with pytest.raises(E.MoodleError, match=r"need Moodle 4\.2"):
            fake.client().cohorts.create([cohort])
        assert fake.writes == []
    with FakeMoodle() as fake:
        fake.client().cohorts.create([cohort])
        assert fake.writes[0].params["cohorts"][0]["customfields"] == [
            {"shortname": "region", "value": "Tirana"}]
