"""Seed the fake Moodle with the realistic course of ``tests/data/reports/learners.csv``.

Course ``ADM-101`` (completion criteria: the SCORM package and a manually completed page; a
graded quiz is tracked but not a criterion), course ``BG-201`` (completion on, no criteria, one
SCORM) for the first learners, a teacher who must not appear, and four cohorts.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from lms_bridge.testing import FakeMoodle
from lms_bridge.testing.plugin_fake import PluginState, install_plugin
from lms_bridge.testing.state import Course, Module, Scorm

DATA = Path(__file__).resolve().parents[1] / "data" / "reports" / "learners.csv"
COHORTS = {"ALB-2026": "Kohorta Shqipëri 2026", "KS-2026": "Kohorta Kosovë 2026",
           "BG-2026": "Кохорта България 2026", "MENTORS": "Mentors"}
C2_SCORES = {"passed": "80", "failed": "30", "incomplete": "", "completed": "",
             "notattempted": ""}
C2_DONE_AT = 1_796_000_000


def learner_rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class Site:
    course: Course
    course2: Course
    scorm: Scorm
    page: Module
    quiz: Module
    scorm2: Scorm
    user_ids: dict[str, int] = field(default_factory=dict)
    plugin: PluginState | None = None


def seed(fake: FakeMoodle, *, plugin: bool = False) -> Site:
    course = fake.add_course("ADM-101", "Administrata vendore – bazat")
    course2 = fake.add_course("BG-201", "Местна администрация – основи")
    scorm = fake.add_scorm(course, "Moduli 1: Hyrje", scoes=["Mësimi 1"])
    page = fake.add_module(course, "page", "Lexim: Kodi i procedurave", tracking=1)
    quiz = fake.add_module(course, "quiz", "Test përfundimtar", tracking=2)
    fake.set_completion_criteria(course, [scorm.cmid, page])
    scorm2 = fake.add_scorm(course2, "Модул 1", scoes=["Урок 1"])
    fake.set_completion_criteria(course2, None)
    site = Site(course, course2, scorm, page, quiz, scorm2)
    site.plugin = install_plugin(fake) if plugin else None
    cohorts = {idnumber: fake.add_cohort(idnumber, name) for idnumber, name in COHORTS.items()}
    teacher = fake.add_user("teacher.one", firstname="Mira", lastname="Leka")
    fake.enrol(teacher, course, roleid=3)
    for row in learner_rows():
        _seed_learner(fake, site, row, cohorts)
    return site


def _seed_learner(fake: FakeMoodle, site: Site, row: dict[str, str],
                  cohorts: dict[str, object]) -> None:
    user = fake.add_user(row["username"], firstname=row["firstname"], lastname=row["lastname"],
                         email=row["email"], idnumber=row["idnumber"],
                         institution=row["institution"], department=row["department"])
    site.user_ids[row["username"]] = user.id
    for idnumber in filter(None, row["cohorts"].split(";")):
        fake.state.cohorts[cohorts[idnumber].id].members.append(user.id)  # type: ignore[attr-defined]
    enrolment = fake.enrol(user, site.course, suspended=row["enrolment"] == "suspended")
    enrolment.lastaccess = int(row["lastaccess"] or 0)
    sco = site.scorm.scoes[1]
    if row["scorm_status"]:
        values = {"cmi.core.lesson_status": row["scorm_status"]}
        if row["scorm_score"]:
            values["cmi.core.score.raw"] = row["scorm_score"]
        fake.set_scorm_track(user, sco, values)
    if row["scorm_score"]:
        fake.set_grade(user, site.scorm, float(row["scorm_score"]))
    if row["scorm_done"]:
        fake.set_completion(user, site.scorm, 1, timecompleted=int(row["scorm_done"]))
    if row["page_done"]:
        fake.set_completion(user, site.page, 1, timecompleted=int(row["page_done"]))
    if row["quiz_grade"]:
        grade = float(row["quiz_grade"])
        fake.set_grade(user, site.quiz, grade)
        fake.set_completion(user, site.quiz, 2 if grade >= 50 else 3,
                            timecompleted=int(row["lastaccess"] or 1_790_000_000))
    if site.plugin is not None and row["scorm_done"] and row["page_done"]:
        done = max(int(row["scorm_done"]), int(row["page_done"]))
        site.plugin.course_completions.setdefault(site.course.id, {})[user.id] = done
    if row["c2_scorm"]:
        fake.enrol(user, site.course2)
        _seed_course2(fake, site, user.id, row["c2_scorm"])


def _seed_course2(fake: FakeMoodle, site: Site, user_id: int, status: str) -> None:
    if status != "notattempted":
        values = {"cmi.core.lesson_status": status}
        if C2_SCORES[status]:
            values["cmi.core.score.raw"] = C2_SCORES[status]
            fake.set_grade(user_id, site.scorm2, float(C2_SCORES[status]))
        fake.set_scorm_track(user_id, site.scorm2.scoes[1], values)
    if status in ("passed", "completed"):
        fake.set_completion(user_id, site.scorm2, 1, timecompleted=C2_DONE_AT)
