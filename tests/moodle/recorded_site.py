"""Seed a FakeMoodle with the state of a recorded Moodle site, read from its recordings.

The three recorded sites hold different ids and names; rather than hand-copying each, the
fake is rebuilt from what the recorded answers show (users, courses, modules, SCOs, cohorts,
enrolments, completion, grades, tracks).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from lms_bridge.testing import FakeMoodle
from lms_bridge.testing.state import Cohort, Course, Module, Sco, Scorm, User

REPO_ROOT = Path(__file__).resolve().parents[2]


def fixtures_root() -> Path:
    override = os.environ.get("LMS_BRIDGE_MOODLE_FIXTURES")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "moodle-fixtures"


def load(folder: Path, name: str) -> Any:
    path = folder / f"{name}.json"
    if not path.is_file():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    return record["response"]


def request(folder: Path, name: str) -> dict[str, str]:
    path = folder / f"{name}.json"
    if not path.is_file():
        return {}
    form: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))["request_form"]
    return form


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def recorded_release(folder: Path) -> str:
    site = load(folder, "core_webservice_get_site_info")
    return str(site["release"]) if isinstance(site, dict) else "4.5+ (Build: 20241205)"


def seed_from_recordings(fake: FakeMoodle, folder: Path) -> None:
    """Fill ``fake`` (created with ``release=recorded_release(folder)``) from ``folder``."""
    state = fake.state
    site = load(folder, "core_webservice_get_site_info")
    if isinstance(site, dict):
        fake.sitename = site["sitename"]
        fake.version = site["version"]
    users: list[dict[str, Any]] = []
    users += _list(load(folder, "core_user_get_users_by_field"))
    users += _list(load(folder, "core_user_get_users_by_field.idnumber"))
    users += _list((load(folder, "core_user_get_users") or {}).get("users"))
    users += _list(load(folder, "core_enrol_get_enrolled_users"))
    for row in users:
        if row["id"] not in state.users:
            state.users[row["id"]] = User(
                id=row["id"], username=row["username"], firstname=row.get("firstname", "F"),
                lastname=row.get("lastname", "L"), email=row["email"],
                idnumber=row.get("idnumber", ""), city=row.get("city", ""),
                country=row.get("country", ""), department=row.get("department", ""),
                institution=row.get("institution", ""), suspended=row.get("suspended", False))
    for uid in range(3, 10):  # ids that recordings use without describing them
        state.users.setdefault(uid, User(id=uid, username=f"user{uid}", firstname="U",
                                         lastname=str(uid), email=f"user{uid}@example.org"))
    state.next_ids["user"] = max(state.users) + 1

    courses = _list((load(folder, "core_course_get_courses_by_field") or {}).get("courses"))
    courses += _list(load(folder, "core_enrol_get_users_courses"))
    for row in courses:
        state.courses.setdefault(row["id"], Course(
            id=row["id"], shortname=row["shortname"], fullname=row["fullname"],
            idnumber=row.get("idnumber", ""), criteria=[]))
    state.next_ids["course"] = max(state.courses, default=1) + 1

    for number, section in enumerate(_list(load(folder, "core_course_get_contents"))):
        courseid = int(request(folder, "core_course_get_contents")["courseid"])
        for mod in section["modules"]:
            state.modules[mod["id"]] = Module(
                id=mod["id"], course=courseid, modname=mod["modname"],
                instance=mod["instance"], name=mod["name"], section=number,
                tracking=mod.get("completion", 0))
    state.next_ids["cm"] = max(state.modules, default=1) + 1

    scoes = _list((load(folder, "mod_scorm_get_scorm_scoes") or {}).get("scoes"))
    for row in _list((load(folder, "mod_scorm_get_scorms_by_courses") or {}).get("scorms")):
        scorm = Scorm(id=row["id"], cmid=row["coursemodule"], course=row["course"],
                      name=row["name"], sha1hash=row.get("sha1hash", ""),
                      reference=row.get("reference", "package.zip"),
                      packagesize=row.get("packagesize", 0))
        scorm.scoes = [Sco(id=s["id"], scorm=scorm.id, identifier=s["identifier"],
                           title=s["title"], launch=s["launch"], scormtype=s["scormtype"],
                           organization=s["organization"], parent=s["parent"])
                       for s in scoes if s["scorm"] == scorm.id]
        state.scorms[scorm.id] = scorm
        state.modules.setdefault(scorm.cmid, Module(id=scorm.cmid, course=scorm.course,
                                                    modname="scorm", instance=scorm.id,
                                                    name=scorm.name, tracking=2))
    for cm in state.modules.values():
        course = state.courses.get(cm.course)
        if course is not None and cm.tracking and course.criteria is not None:
            course.criteria.append(cm.id)
    no_criteria = request(folder, "core_completion_get_course_completion_status."
                                  "error-no-criteria")
    if no_criteria and int(no_criteria["courseid"]) in state.courses:
        state.courses[int(no_criteria["courseid"])].criteria = None

    cohorts = _list(load(folder, "core_cohort_get_cohorts"))
    members = {r["cohortid"]: r["userids"]
               for r in _list(load(folder, "core_cohort_get_cohort_members"))}
    for row in cohorts:
        state.cohorts[row["id"]] = Cohort(id=row["id"], name=row["name"],
                                          idnumber=row["idnumber"],
                                          members=list(members.get(row["id"], [])))
    state.next_ids["cohort"] = max(state.cohorts, default=0) + 1

    enrolled = request(folder, "core_enrol_get_enrolled_users")
    for row in _list(load(folder, "core_enrol_get_enrolled_users")):
        fake.enrol(row["id"], int(enrolled["courseid"]),
                   roleid=(row.get("roles") or [{"roleid": 5}])[-1]["roleid"])
        for course in row.get("enrolledcourses", []):
            if course["id"] in state.courses:
                fake.enrol(row["id"], course["id"])
    user_courses = request(folder, "core_enrol_get_users_courses")
    for row in _list(load(folder, "core_enrol_get_users_courses")):
        fake.enrol(int(user_courses["userid"]), row["id"])
    for name in ("core_completion_get_activities_completion_status",
                 "core_completion_get_course_completion_status.error-no-criteria",
                 "mod_scorm_get_scorm_sco_tracks", "gradereport_user_get_grade_items"):
        form = request(folder, name)
        if form.get("userid", "0") != "0" and form.get("courseid"):
            fake.enrol(int(form["userid"]), int(form["courseid"]))

    tracks = load(folder, "mod_scorm_get_scorm_sco_tracks")
    form = request(folder, "mod_scorm_get_scorm_sco_tracks")
    if tracks:
        fake.set_scorm_track(int(form["userid"]), int(form["scoid"]), {
            t["element"]: str(t["value"]) for t in tracks["data"]["tracks"]
            if t["element"].startswith("cmi.")}, attempt=int(form["attempt"]))
    learner = int(form.get("userid", "5"))
    for path in sorted(folder.glob("mod_scorm_insert_scorm_tracks*.json")):
        if "error" in path.name:
            continue
        sent = json.loads(path.read_text(encoding="utf-8"))["request_form"]
        values = {sent[f"tracks[{i}][element]"]: sent[f"tracks[{i}][value]"]
                  for i in range(len(sent)) if f"tracks[{i}][element]" in sent}
        fake.set_scorm_track(learner, int(sent["scoid"]), values, attempt=int(sent["attempt"]))
    for report in _list((load(folder, "gradereport_user_get_grade_items") or {}).get(
            "usergrades")):
        for item in report["gradeitems"]:
            if item.get("cmid") and item.get("graderaw") is not None:
                fake.set_grade(report["userid"], item["cmid"], item["graderaw"])
