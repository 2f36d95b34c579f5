"""Manual enrolment (all or nothing, ``null`` result, re-enrol overwrites dates and status)
and ``core_enrol_get_enrolled_users`` with its options."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lms_bridge.testing.errors import (
    FakeMoodleException,
    invalid_parameter,
    missing_record,
    moodle_error,
)
from lms_bridge.testing.handlers.common import optional_fields, picture_urls
from lms_bridge.testing.params import Multiple, Single, Spec, Value, default, optional
from lms_bridge.testing.state import Enrolment

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle

ASSIGNABLE_ROLES = {1: "manager", 3: "editingteacher", 4: "teacher", 5: "student"}


def enrol_users(fake: FakeMoodle, params: dict[str, Any]) -> None:
    for row in params["enrolments"]:
        course = fake.state.courses.get(row["courseid"])
        if course is None:
            raise invalid_parameter(f"Invalid course id: {row['courseid']}")
        if row["roleid"] not in ASSIGNABLE_ROLES:
            raise moodle_error("wsusercannotassign", "You don't have the permission to assign "
                               f"this role ({row['roleid']}) to this user ({row['userid']}) in "
                               f"this course ({row['courseid']}).")
        if not course.manual_enrol:
            raise moodle_error("wsnoinstance", "Manual enrolment plugin instance doesn't exist "
                               f"or is disabled for the course (id = {course.id})")
        if row["userid"] not in fake.state.users:
            # what 4.5 really answers: a PHP TypeError, no errorcode
            raise FakeMoodleException(
                None, "core\\user::get_name_placeholders(): Argument #1 ($user) must be of type "
                "stdClass, bool given, called in [moodle root]/lib/enrollib.php on line 3677",
                exception="TypeError")
    for row in params["enrolments"]:
        key = (row["courseid"], row["userid"])
        existing = fake.state.enrolments.get(key)
        roles = (existing.roleids if existing else set()) | {row["roleid"]}
        fake.state.enrolments[key] = Enrolment(
            roleids=roles, timestart=row.get("timestart", 0), timeend=row.get("timeend", 0),
            status=1 if row.get("suspend") else 0)


def unenrol_users(fake: FakeMoodle, params: dict[str, Any]) -> None:
    for row in params["enrolments"]:
        if row["courseid"] not in fake.state.courses:
            raise missing_record("course")
        if row["userid"] not in fake.state.users:
            raise missing_record("user")
    for row in params["enrolments"]:
        fake.state.enrolments.pop((row["courseid"], row["userid"]), None)


def unassign_roles(fake: FakeMoodle, params: dict[str, Any]) -> None:
    """``core_role_unassign_roles`` in a course context given by level and instance id (the
    fake has no context ids): one transaction (all or nothing), a role the web-service user
    cannot assign is refused, unassigning a role the user does not hold is no error."""
    for row in params["unassignments"]:
        level = row.get("contextlevel")
        if level is None and row.get("contextid") is None:
            raise invalid_parameter("Missing parameters, please provide either context level "
                                    "with instance id or contextid")
        if level is None:
            raise missing_record("context")
        if level != "course":
            raise invalid_parameter(f"Invalid context level = {level}")
        if row.get("instanceid") not in fake.state.courses:
            raise missing_record("course")
        if row["roleid"] not in ASSIGNABLE_ROLES:
            raise invalid_parameter(f"Can not unassign roleid={row['roleid']} in contextid=")
    for row in params["unassignments"]:
        enrolment = fake.state.enrolments.get((row["instanceid"], row["userid"]))
        if enrolment is not None:
            enrolment.roleids.discard(row["roleid"])


def _enrolled_user(fake: FakeMoodle, userid: int, enrolment: Enrolment) -> dict[str, Any]:
    user = fake.state.users[userid]
    courses = [fake.state.courses[c]
               for c in sorted(fake.state.enrolments.courses_of(userid), reverse=True)
               if c in fake.state.courses]
    out: dict[str, Any] = {
        "id": user.id, "username": user.username, "firstname": user.firstname,
        "lastname": user.lastname, "fullname": user.fullname, "email": user.email,
        "department": user.department, "firstaccess": 0, "lastaccess": user.lastaccess,
        "lastcourseaccess": enrolment.lastaccess}
    out.update(optional_fields(user))
    out.update(picture_urls(fake))
    out["roles"] = [{"roleid": r, "name": "", "shortname": ASSIGNABLE_ROLES.get(r, "role"),
                     "sortorder": 0} for r in sorted(enrolment.roleids)]
    out["enrolledcourses"] = [{"id": c.id, "fullname": c.fullname, "shortname": c.shortname}
                              for c in courses]
    return out


def get_enrolled_users(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    if params["courseid"] not in fake.state.courses:
        raise missing_record("course")
    options = {o["name"]: o["value"] for o in params["options"]}
    known = {"withcapability", "groupid", "onlyactive", "onlysuspended", "userfields",
             "limitfrom", "limitnumber", "sortby", "sortdirection"}
    unknown = set(options) - known
    if unknown:
        raise invalid_parameter(f"Invalid option name: {sorted(unknown)[0]}")
    if options.get("onlyactive") == "1" and options.get("onlysuspended") == "1":
        raise moodle_error("invalidparameter", "Both onlyactive and onlysuspended are set, this "
                                               "is not allowed")
    enrolments = fake.state.enrolments
    rows = [(u, enrolments[(params["courseid"], u)])
            for u in sorted(enrolments.users_in(params["courseid"]))]
    if options.get("onlyactive") == "1":
        rows = [(u, e) for u, e in rows if e.status == 0 and not fake.state.users[u].suspended]
    if options.get("onlysuspended") == "1":
        rows = [(u, e) for u, e in rows if e.status == 1 or fake.state.users[u].suspended]
    start = int(options.get("limitfrom", "0"))
    limit = int(options.get("limitnumber", "0"))
    rows = rows[start:start + limit] if limit else rows[start:]
    result = [_enrolled_user(fake, u, e) for u, e in rows]
    if options.get("userfields"):
        fields = [f.strip() for f in options["userfields"].split(",")]
        result = [{k: v for k, v in r.items() if k in fields or k in ("id", "fullname")}
                  for r in result]
    return result


def users_courses(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    userid = params["userid"]
    if userid not in fake.state.users:
        raise missing_record("user")
    out = []
    for courseid in sorted(fake.state.enrolments.courses_of(userid), reverse=True):
        course = fake.state.courses.get(courseid)
        if course is None:
            continue
        tracked = [m.id for m in fake.state.modules.values()
                   if m.course == courseid and m.tracking]
        done = [cm for cm in tracked if (rec := fake.state.completions.get((cm, userid)))
                and rec.state in (1, 2)]
        criteria = course.criteria or []
        row: dict[str, Any] = {
            "id": course.id, "shortname": course.shortname, "fullname": course.fullname,
            "displayname": course.fullname}
        if params["returnusercount"]:
            row["enrolledusercount"] = len(fake.state.enrolments.users_in(courseid))
        row.update({
            "idnumber": course.idnumber, "visible": course.visible, "summary": course.summary,
            "summaryformat": 1, "format": course.format,
            "courseimage": f"{fake.url}/pluginfile.php/1/course/generated/course.svg",
            "showgrades": True, "lang": "", "enablecompletion": course.enablecompletion,
            "completionhascriteria": bool(criteria), "completionusertracked": True,
            "category": course.categoryid,
            "progress": 100 * len(done) / len(tracked) if tracked else None,
            "completed": bool(criteria) and set(criteria) <= set(done),
            "startdate": course.startdate, "enddate": course.enddate, "marker": 0,
            "lastaccess": None, "isfavourite": False, "hidden": False, "overviewfiles": [],
            "showactivitydates": False, "showcompletionconditions": True,
            "timemodified": 0})
        out.append(row)
    return out


def register(fake: FakeMoodle) -> None:
    fake.register_function("enrol_manual_enrol_users", enrol_users, Single({
        "enrolments": Multiple(Single({
            "roleid": Value("int"), "userid": Value("int"), "courseid": Value("int"),
            "timestart": optional(Value("int")), "timeend": optional(Value("int")),
            "suspend": optional(Value("bool"))}))}))
    unenrol: dict[str, Spec] = {"userid": Value("int"), "courseid": Value("int")}
    if not fake.release_at_least(5, 2):
        unenrol["roleid"] = optional(Value("int"))
    fake.register_function("enrol_manual_unenrol_users", unenrol_users, Single({
        "enrolments": Multiple(Single(unenrol))}))
    fake.register_function("core_role_unassign_roles", unassign_roles, Single({
        "unassignments": Multiple(Single({
            "roleid": Value("int"), "userid": Value("int"), "contextid": optional(Value("int")),
            "contextlevel": optional(Value("alphanumext")),
            "instanceid": optional(Value("int"))}))}))
    fake.register_function("core_enrol_get_users_courses", users_courses, Single({
        "userid": Value("int"), "returnusercount": default(Value("bool"), True)}))
    fake.register_function("core_enrol_get_enrolled_users", get_enrolled_users, Single({
        "courseid": Value("int"),
        "options": default(Multiple(Single({"name": Value("alphanumext"),
                                            "value": Value("text")})), [])}))

