"""The typed wrappers of the plugin's functions, against the plugin in the fake Moodle."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lms_bridge.moodle.errors import MoodleError
from lms_bridge.moodle.lmsbridge_plugin import (
    GET_COURSE_COMPLETIONS,
    PLUGIN_FUNCTIONS,
    LmsBridgePlugin,
)
from lms_bridge.moodle.readonly import is_read_only
from lms_bridge.testing import FakeMoodle
from lms_bridge.testing.plugin_fake import install_plugin


@pytest.fixture
def fake() -> Iterator[FakeMoodle]:
    with FakeMoodle() as site:
        install_plugin(site)
        yield site


@pytest.fixture
def plugin(fake: FakeMoodle) -> Iterator[LmsBridgePlugin]:
    with fake.client() as client:
        yield LmsBridgePlugin(client)


def test_available_follows_the_token_service(fake: FakeMoodle) -> None:
    with fake.client() as client:
        assert LmsBridgePlugin(client).available()
    fake.remove_functions(PLUGIN_FUNCTIONS[1:])
    with fake.client() as client:
        assert not LmsBridgePlugin(client).available()
        assert LmsBridgePlugin(client).available(PLUGIN_FUNCTIONS[0])


def test_cohort_enrolment_is_created_once_and_enrols_members(
        fake: FakeMoodle, plugin: LmsBridgePlugin) -> None:
    course = fake.add_course("LAB101")
    users = [fake.add_user(f"learner{i}") for i in range(3)]
    cohort = fake.add_cohort("tirana-2026", members=users)
    first = plugin.add_cohort_enrolment(courseid=course.id, cohortid=cohort.id, roleid=5)
    again = plugin.add_cohort_enrolment(courseid=course.id, cohortid=cohort.id, roleid=5)
    assert (first.created, again.created) == (True, False)
    assert first.instanceid == again.instanceid and again.enrolledusers == 3
    assert all(5 in fake.state.enrolments[(course.id, u.id)].roleids for u in users)


def test_cohort_enrolment_refuses_unknown_cohort(fake: FakeMoodle,
                                                 plugin: LmsBridgePlugin) -> None:
    course = fake.add_course("LAB101")
    with pytest.raises(MoodleError) as caught:
        plugin.add_cohort_enrolment(courseid=course.id, cohortid=99, roleid=5)
    assert caught.value.errorcode == "cohortnotavailable"


def test_cohort_enrolment_refuses_a_group_that_cannot_exist(fake: FakeMoodle,
                                                           plugin: LmsBridgePlugin) -> None:
    course = fake.add_course("LAB101")
    cohort = fake.add_cohort("tirana-2026", members=[fake.add_user("learner")])
    with pytest.raises(MoodleError) as caught:
        plugin.add_cohort_enrolment(courseid=course.id, cohortid=cohort.id, roleid=5, groupid=-2)
    assert caught.value.errorcode == "invalidgroupid"
    assert plugin.add_cohort_enrolment(courseid=course.id, cohortid=cohort.id, roleid=5,
                                       groupid=-1).created


def test_failed_counts_a_fail_hidden_from_the_learner(fake: FakeMoodle,
                                                      plugin: LmsBridgePlugin) -> None:
    course = fake.add_course("LAB101")
    first = fake.add_scorm(course, "Module 1", scoes=("Lesson",))
    second = fake.add_scorm(course, "Module 2", scoes=("Lesson",))
    learner = fake.add_user("learner")
    fake.enrol(learner, course)
    fake.set_completion(learner, first, state=3)
    fake.set_completion(learner, second, state=4)
    row = next(plugin.course_completions(course.id))
    assert (row.activitiesfailed, row.activitiescompleted) == (2, 0)


def test_completions_are_paged_over_all_learners(fake: FakeMoodle,
                                                 plugin: LmsBridgePlugin) -> None:
    course = fake.add_course("LAB101")
    scorm = fake.add_scorm(course, "Module 1", scoes=("Lesson",))
    sco = next(s for s in scorm.scoes if s.launch)
    learners = [fake.add_user(f"learner{i}") for i in range(5)]
    for user in learners:
        fake.enrol(user, course)
    fake.enrol(fake.add_user("teacher"), course, roleid=3)
    fake.set_scorm_track(learners[0], sco, {"cmi.core.lesson_status": "passed",
                                            "cmi.core.score.raw": "85"})
    fake.set_completion(learners[0], scorm, state=2)
    fake.set_grade(learners[0], scorm, 85.0)

    page = plugin.course_completions_page(course.id, perpage=2)
    assert (page.total, len(page.users), page.scorms[0].cmid) == (5, 2, scorm.cmid)
    rows = list(plugin.course_completions(course.id, perpage=2))
    assert [r.username for r in rows] == [u.username for u in learners]
    assert len(fake.calls_to(GET_COURSE_COMPLETIONS)) == 1 + 3
    best = rows[0]
    assert (best.activitiescompleted, best.activitiestotal) == (1, 1)
    assert (best.scorms[0].status, best.scorms[0].score, best.scorms[0].grade) == \
        ("passed", 85.0, 85.0)
    assert rows[1].scorms[0].status == "notattempted"


def test_completions_are_read_only_and_so_retried() -> None:
    assert is_read_only(GET_COURSE_COMPLETIONS)
    assert not is_read_only(PLUGIN_FUNCTIONS[0])
