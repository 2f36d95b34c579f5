"""Cohort, course and manual-enrolment functions for the fake Moodle, registered only while the
fake does not provide them itself (its own handlers take over as soon as they exist).

They follow Moodle's source: cohort adds report problems as warnings (code 3 = already a member),
enrol/unenrol/delete-members are all or nothing and return ``null``, re-enrolling overwrites
dates and status and adds the role, ``onlysuspended`` lists enrolments that are not active now.
"""

from __future__ import annotations

import time
from typing import Any

from lms_bridge.testing import FakeMoodle
from lms_bridge.testing.errors import FakeMoodleException, missing_record
from lms_bridge.testing.params import Multiple, Single, Value, default, optional
from lms_bridge.testing.seed import _id
from lms_bridge.testing.state import Cohort, Enrolment

NEEDED = ("core_cohort_get_cohorts", "core_cohort_create_cohorts", "core_cohort_get_cohort_members",
          "core_cohort_add_cohort_members", "core_cohort_delete_cohort_members",
          "core_course_get_courses_by_field", "core_enrol_get_enrolled_users",
          "enrol_manual_enrol_users", "enrol_manual_unenrol_users")


def install(fake: FakeMoodle) -> None:
    missing = [name for name in NEEDED if name not in fake.functions]
    for name in missing:
        handler, spec = _HANDLERS[name]
        fake.register_function(name, handler, spec)
    _ = _id


def _cohort_json(c: Cohort) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "idnumber": c.idnumber, "description": c.description,
            "descriptionformat": c.descriptionformat, "visible": c.visible, "theme": c.theme}


def get_cohorts(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    ids = params.get("cohortids") or list(fake.state.cohorts)
    return [_cohort_json(fake.state.cohorts[int(i)]) for i in ids if int(i) in fake.state.cohorts]


def create_cohorts(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    taken = {c.idnumber for c in fake.state.cohorts.values()}
    for item in params["cohorts"]:
        if item["idnumber"] in taken:
            raise FakeMoodleException("cohortidnumbertaken",
                                      f"record already exists: idnumber={item['idnumber']}")
        taken.add(item["idnumber"])
    return [_cohort_json(fake.add_cohort(i["idnumber"], i["name"])) for i in params["cohorts"]]


def get_members(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"cohortid": int(i), "userids": list(fake.state.cohorts[int(i)].members)}
            for i in params["cohortids"] if int(i) in fake.state.cohorts]


def add_members(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    warnings = []
    for m in params["members"]:
        cohort = fake.state.cohorts.get(int(m["cohorttype"]["value"]))
        uid = int(m["usertype"]["value"])
        if cohort is None or uid not in fake.state.users:
            warnings.append({"warningcode": "2", "message": f"user id={uid} or cohort not exists"})
        elif uid in cohort.members:
            warnings.append({"warningcode": "3", "message": "record already exists"})
        else:
            cohort.members.append(uid)
    return {"warnings": warnings}


def delete_members(fake: FakeMoodle, params: dict[str, Any]) -> None:
    for m in params["members"]:
        if int(m["cohortid"]) not in fake.state.cohorts:
            raise missing_record("cohort")
    for m in params["members"]:
        members = fake.state.cohorts[int(m["cohortid"])].members
        if int(m["userid"]) in members:
            members.remove(int(m["userid"]))


def courses_by_field(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    courses = [c for c in fake.state.courses.values()
               if not params.get("field") or str(getattr(c, params["field"])) == params["value"]]
    return {"courses": [{"id": c.id, "shortname": c.shortname, "fullname": c.fullname}
                        for c in courses], "warnings": []}


def enrolled_users(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    courseid = int(params["courseid"])
    options = {o["name"]: o["value"] for o in params.get("options") or []}
    now = time.time()
    people = []
    for (cid, uid), e in sorted(fake.state.enrolments.items(), key=lambda kv: kv[0][1]):
        if cid != courseid:
            continue
        active = e.status == 0 and e.timestart <= now and (e.timeend == 0 or e.timeend > now)
        if options.get("onlysuspended") == "1" and active:
            continue
        user = fake.state.users[uid]
        people.append({"id": uid, "username": user.username, "fullname": user.fullname,
                       "roles": [{"roleid": r, "name": "", "shortname": _ROLE_NAMES.get(r, "x"),
                                  "sortorder": 0} for r in sorted(e.roleids)]})
    start = int(options.get("limitfrom", 0))
    limit = int(options.get("limitnumber", 0))
    return people[start:start + limit] if limit else people[start:]


def enrol(fake: FakeMoodle, params: dict[str, Any]) -> None:
    for item in params["enrolments"]:
        if int(item["courseid"]) not in fake.state.courses:
            raise missing_record("course")
        if int(item["userid"]) not in fake.state.users:
            raise missing_record("user")
        if int(item["roleid"]) not in _ROLE_NAMES:
            raise FakeMoodleException("wsusercannotassign", "You do not have the permission")
    for item in params["enrolments"]:
        key = (int(item["courseid"]), int(item["userid"]))
        current = fake.state.enrolments.get(key) or Enrolment(roleids=set())
        current.roleids.add(int(item["roleid"]))
        current.timestart = int(item.get("timestart") or 0)
        current.timeend = int(item.get("timeend") or 0)
        current.status = 1 if int(item.get("suspend") or 0) else 0
        fake.state.enrolments[key] = current


def unenrol(fake: FakeMoodle, params: dict[str, Any]) -> None:
    for item in params["enrolments"]:
        fake.state.enrolments.pop((int(item["courseid"]), int(item["userid"])), None)


_ROLE_NAMES = {1: "manager", 3: "editingteacher", 4: "teacher", 5: "student"}
_INT = Value("int")
_HANDLERS: dict[str, tuple[Any, Any]] = {
    "core_cohort_get_cohorts": (get_cohorts, Single({"cohortids": default(Multiple(_INT), [])})),
    "core_cohort_create_cohorts": (create_cohorts, Single({"cohorts": Multiple(Single({
        "categorytype": Single({"type": Value("text"), "value": Value("text")}),
        "name": Value("text"), "idnumber": Value("text"),
        "visible": optional(Value("bool")), "description": optional(Value("text"))}))})),
    "core_cohort_get_cohort_members": (get_members, Single({"cohortids": Multiple(_INT)})),
    "core_cohort_add_cohort_members": (add_members, Single({"members": Multiple(Single({
        "cohorttype": Single({"type": Value("text"), "value": Value("text")}),
        "usertype": Single({"type": Value("text"), "value": Value("text")})}))})),
    "core_cohort_delete_cohort_members": (delete_members, Single({"members": Multiple(Single({
        "cohortid": _INT, "userid": _INT}))})),
    "core_course_get_courses_by_field": (courses_by_field, Single({
        "field": default(Value("text"), ""), "value": default(Value("text"), "")})),
    "core_enrol_get_enrolled_users": (enrolled_users, Single({
        "courseid": _INT, "options": default(Multiple(Single({
            "name": Value("text"), "value": Value("text")})), [])})),
    "enrol_manual_enrol_users": (enrol, Single({"enrolments": Multiple(Single({
        "roleid": _INT, "userid": _INT, "courseid": _INT, "timestart": optional(Value("int")),
        "timeend": optional(Value("int")), "suspend": optional(Value("int"))}))})),
    "enrol_manual_unenrol_users": (unenrol, Single({"enrolments": Multiple(Single({
        "userid": _INT, "courseid": _INT, "roleid": optional(Value("int"))}))})),
}
