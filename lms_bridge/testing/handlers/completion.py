"""Completion (activity, course, override, manual self-marking) and the user grade report."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from lms_bridge.testing.errors import missing_record, moodle_error
from lms_bridge.testing.handlers.courses import completion_data
from lms_bridge.testing.params import Single, Value, default
from lms_bridge.testing.state import ActivityCompletion, Module

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle


def _tracked_modules(fake: FakeMoodle, courseid: int) -> list[Module]:
    return sorted((m for m in fake.state.modules.values()
                   if m.course == courseid and m.tracking), key=lambda m: m.id)


def _check_enrolled(fake: FakeMoodle, courseid: int, userid: int) -> None:
    if courseid not in fake.state.courses:
        raise missing_record("course")
    if userid not in fake.state.users:
        raise missing_record("user")
    if (courseid, userid) not in fake.state.enrolments:
        raise moodle_error("notenroled", "User is not enrolled in this course")


def activities_status(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    _check_enrolled(fake, params["courseid"], params["userid"])
    statuses: list[dict[str, Any]] = []
    for module in _tracked_modules(fake, params["courseid"]):
        data = completion_data(fake, module, params["userid"])
        status: dict[str, Any] = {"cmid": module.id, "modname": module.modname,
                                  "instance": module.instance, "state": data["state"],
                                  "timecompleted": data["timecompleted"],
                                  "tracking": module.tracking}
        status.update((k, v) for k, v in data.items() if k not in status)
        statuses.append(status)
    return {"statuses": statuses, "warnings": []}


def course_status(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    _check_enrolled(fake, params["courseid"], params["userid"])
    course = fake.state.courses[params["courseid"]]
    if not course.enablecompletion:
        raise moodle_error("cannotviewreport", "Cannot view course completion report")
    if course.criteria is None:
        raise moodle_error("nocriteriaset", "No completion criteria set for this course")
    completions = []
    for cmid in course.criteria:
        module = fake.state.modules[cmid]
        record = fake.state.completions.get((cmid, params["userid"]))
        done = bool(record and record.state in (1, 2))
        completions.append({
            "type": 4, "title": "Activity completion", "status": "Yes" if done else "No",
            "complete": done, "timecompleted": record.timecompleted if done and record else None,
            "details": {"type": "Activity completion",
                        "criteria": f'<a href="{fake.url}/mod/{module.modname}/view.php?id='
                                    f'{cmid}">{module.name}</a>',
                        "requirement": "Marking yourself complete" if module.tracking == 1
                        else "", "status": ""}})
    return {"completionstatus": {"completed": all(c["complete"] for c in completions),
                                 "aggregation": 1, "completions": completions}, "warnings": []}


def override(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    module = fake.state.modules.get(params["cmid"])
    if module is None:
        raise missing_record("course_modules")
    _check_enrolled(fake, module.course, params["userid"])
    if params["newstate"] not in (0, 1):
        raise moodle_error("invalidoverridestate", "Invalid override state")
    now = int(time.time())
    fake.state.completions[(module.id, params["userid"])] = ActivityCompletion(
        params["newstate"], now if params["newstate"] else 0, fake.admin_id)
    return {"cmid": module.id, "userid": params["userid"], "state": params["newstate"],
            "timecompleted": now if params["newstate"] else 0, "overrideby": fake.admin_id,
            "tracking": module.tracking}


def update_manually(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    module = fake.state.modules.get(params["cmid"])
    if module is None:
        raise missing_record("course_modules")
    if module.tracking != 1:
        raise moodle_error("cannotmanualctrack", "Activity does not provide manual completion "
                                                 "tracking")
    state = 1 if params["completed"] else 0
    fake.state.completions[(module.id, fake.admin_id)] = ActivityCompletion(
        state, int(time.time()) if state else 0)
    return {"status": True, "warnings": []}


def _grade_item(module: Module, itemid: int, grade: float | None) -> dict[str, Any]:
    return {
        "id": itemid, "itemname": module.name, "itemtype": "mod", "itemmodule": module.modname,
        "iteminstance": module.instance, "itemnumber": 0, "idnumber": None, "categoryid": 1,
        "outcomeid": None, "scaleid": None, "locked": False, "cmid": module.id,
        # Moodle leaves the weight out for a user without a grade
        **({} if grade is None else {"weightraw": 1, "weightformatted": "100.00 %"}),
        **_grade_values(grade)}


def _grade_values(grade: float | None) -> dict[str, Any]:
    text = "-" if grade is None else f"{grade:.2f}"
    return {"graderaw": grade, "gradedatesubmitted": None,
            "gradedategraded": None if grade is None else 1_700_000_000,
            "gradehiddenbydate": False, "gradeneedsupdate": False, "gradeishidden": False,
            "gradeislocked": False, "gradeisoverridden": False, "gradeformatted": text,
            "grademin": 0, "grademax": 100, "rangeformatted": "0&ndash;100",
            "percentageformatted": "-" if grade is None else f"{grade:.2f} %",
            "feedback": "", "feedbackformat": 2}


def grade_items(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    course = fake.state.courses.get(params["courseid"])
    if course is None:
        raise missing_record("course")
    users = sorted(fake.state.enrolments.users_in(course.id))
    if params["userid"]:
        _check_enrolled(fake, course.id, params["userid"])
        users = [params["userid"]]
    graded = [m for m in sorted(fake.state.modules.values(), key=lambda m: m.id)
              if m.course == course.id and m.modname in ("scorm", "quiz", "assign")]
    out = []
    for uid in users:
        user = fake.state.users[uid]
        items = [_grade_item(m, index + 2, fake.state.grades.get((m.id, uid)))
                 for index, m in enumerate(graded)]
        grades = [i["graderaw"] for i in items if i["graderaw"] is not None]
        total = sum(grades) / len(grades) if grades else None
        items.append({"id": 1, "itemname": None, "itemtype": "course", "itemmodule": None,
                      "iteminstance": course.id, "itemnumber": None, "idnumber": None,
                      "categoryid": None, "outcomeid": None, "scaleid": None, "locked": False,
                      **_grade_values(total)})
        out.append({"courseid": course.id, "courseidnumber": course.idnumber, "userid": uid,
                    "userfullname": user.fullname, "useridnumber": user.idnumber,
                    "maxdepth": 2, "gradeitems": items})
    return {"usergrades": out, "warnings": []}


def register(fake: FakeMoodle) -> None:
    pair = Single({"courseid": Value("int"), "userid": Value("int")})
    fake.register_function("core_completion_get_activities_completion_status",
                           activities_status, pair)
    fake.register_function("core_completion_get_course_completion_status", course_status, pair)
    fake.register_function("core_completion_override_activity_completion_status", override,
                           Single({"userid": Value("int"), "cmid": Value("int"),
                                   "newstate": Value("int")}))
    fake.register_function("core_completion_update_activity_completion_status_manually",
                           update_manually, Single({"cmid": Value("int"),
                                                    "completed": Value("bool")}))
    fake.register_function("gradereport_user_get_grade_items", grade_items, Single({
        "courseid": Value("int"), "userid": default(Value("int"), 0),
        "groupid": default(Value("int"), 0)}))
