"""``core_course_get_courses_by_field``, ``core_course_create_courses``,
``core_course_get_contents``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lms_bridge.testing.errors import invalid_parameter, missing_record, moodle_error
from lms_bridge.testing.handlers.common import module_contextid
from lms_bridge.testing.params import Multiple, Single, Spec, Value, default, optional
from lms_bridge.testing.state import Course, Module

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle


def describe(fake: FakeMoodle, course: Course) -> dict[str, Any]:
    return {
        "id": course.id, "fullname": course.fullname, "displayname": course.fullname,
        "shortname": course.shortname,
        "courseimage": f"{fake.url}/pluginfile.php/1/course/generated/course.svg",
        "categoryid": course.categoryid, "categoryname": f"Category {course.categoryid}",
        "sortorder": 10000 + course.id, "summary": course.summary, "summaryformat": 1,
        "summaryfiles": [], "overviewfiles": [], "showactivitydates": False,
        "showcompletionconditions": True, "contacts": [],
        "enrollmentmethods": ["manual"] if course.manual_enrol else [],
        "idnumber": course.idnumber, "format": course.format, "showgrades": 1,
        "newsitems": 5, "startdate": course.startdate, "enddate": course.enddate,
        "maxbytes": 0, "showreports": 0, "visible": course.visible, "groupmode": 0,
        "groupmodeforce": 0, "defaultgroupingid": 0,
        "enablecompletion": int(course.enablecompletion), "completionnotify": 0, "lang": "en",
        "theme": "", "marker": 0, "legacyfiles": 0, "calendartype": "", "timecreated": 0,
        "timemodified": 0, "requested": 0, "cacherev": 0, "filters": [],
        "courseformatoptions": [{"name": "hiddensections", "value": 1},
                                {"name": "coursedisplay", "value": 0}],
    }


def get_courses_by_field(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    field, value = params["field"], params["value"]
    courses = sorted(fake.state.courses.values(), key=lambda c: c.id)
    if field == "":
        found = courses
    elif field in ("id", "category"):
        if not value.isdigit():
            raise invalid_parameter(f"Invalid value for field {field}")
        attr = "id" if field == "id" else "categoryid"
        found = [c for c in courses if getattr(c, attr) == int(value)]
    elif field == "ids":
        ids = {int(v) for v in value.split(",") if v.strip().isdigit()}
        found = [c for c in courses if c.id in ids]
    elif field in ("shortname", "idnumber"):
        found = [c for c in courses if getattr(c, field) == value]
    else:
        raise invalid_parameter("Invalid field name")
    return {"courses": [describe(fake, c) for c in found], "warnings": []}


def create_courses(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    shortnames = {c.shortname for c in fake.state.courses.values()}
    idnumbers = {c.idnumber for c in fake.state.courses.values() if c.idnumber}
    for row in params["courses"]:
        if row["shortname"] in shortnames:
            raise moodle_error("shortnametaken", "Short name is already used for another "
                                                 f"course ({row['shortname']})")
        if row.get("idnumber") and row["idnumber"] in idnumbers:
            raise moodle_error("courseidnumbertaken", "ID number is already used for another "
                                                      f"course ({row['idnumber']})")
        shortnames.add(row["shortname"])
        idnumbers.add(row.get("idnumber", ""))
    created = []
    for row in params["courses"]:
        course = fake.add_course(
            row["shortname"], row["fullname"], categoryid=row["categoryid"],
            idnumber=row.get("idnumber", ""), summary=row.get("summary", ""),
            format=row["format"], startdate=row.get("startdate", 0),
            enddate=row.get("enddate", 0), visible=int(row.get("visible", 1)),
            enablecompletion=bool(row.get("enablecompletion", 0)))
        created.append({"id": course.id, "shortname": course.shortname})
    return created


def completion_data(fake: FakeMoodle, module: Module, userid: int) -> dict[str, Any]:
    record = fake.state.completions.get((module.id, userid))
    state = record.state if record else 0
    return {
        "state": state, "timecompleted": record.timecompleted if record else 0,
        "overrideby": record.overrideby if record else None, "valueused": False,
        "hascompletion": module.tracking > 0, "isautomatic": module.tracking == 2,
        "istrackeduser": (module.course, userid) in fake.state.enrolments,
        "uservisible": True,
        "details": [{"rulename": "completionstatusrequired", "rulevalue": {
            "status": int(state > 0), "description": "Complete or pass the activity"}}]
        if module.modname == "scorm" else [],
        **({"isoverallcomplete": state in (1, 2)} if fake.release_at_least(4, 5) else {}),
    }


def _module(fake: FakeMoodle, module: Module) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": module.id, "url": f"{fake.url}/mod/{module.modname}/view.php?id={module.id}",
        "name": module.name, "instance": module.instance,
        "contextid": module_contextid(module.id), "visible": 1, "uservisible": True,
        "visibleoncoursepage": 1,
        "modicon": f"{fake.url}/theme/image.php/boost/{module.modname}/1/monologo",
        "modname": module.modname, "purpose": "content", "branded": False,
        "modplural": module.modname.capitalize() + "s", "availability": None, "indent": 0,
        "onclick": "", "afterlink": None, "customdata": "\"\"", "noviewlink": False,
        "completion": module.tracking, "downloadcontent": 1, "dates": [], "groupmode": 0,
    }
    if not fake.release.startswith("4."):
        out["candisplay"] = True
    if module.modname == "forum":
        out["activitybadge"] = []
    if module.tracking:
        out["completiondata"] = completion_data(fake, module, fake.admin_id)
    if module.modname in ("page", "resource"):
        url = (f"{fake.url}/webservice/pluginfile.php/{module_contextid(module.id)}/"
               f"mod_{module.modname}/content/index.html?forcedownload=1")
        out["contents"] = [{"type": "file", "filename": "index.html", "filepath": "/",
                            "filesize": 0, "fileurl": url, "timecreated": None,
                            "timemodified": 0, "sortorder": 1, "userid": None, "author": None,
                            "license": None}]
        out["contentsinfo"] = {"filescount": 1, "filessize": 0, "lastmodified": 0,
                               "mimetypes": [], "repositorytype": ""}
    return out


def get_contents(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    course = fake.state.courses.get(params["courseid"])
    if course is None:
        raise missing_record("course")
    options = {o["name"]: o["value"] for o in params["options"]}
    modules = sorted((m for m in fake.state.modules.values() if m.course == course.id),
                     key=lambda m: m.id)
    if "cmid" in options:
        modules = [m for m in modules if str(m.id) == options["cmid"]]
    if "modname" in options:
        modules = [m for m in modules if m.modname == options["modname"]]
    count = max([1, *(m.section for m in modules)])
    sections = []
    for number in range(count + 1):
        sections.append({
            "id": course.id * 100 + number, "name": "General" if number == 0 else
            f"Section {number}", "visible": 1, "summary": "", "summaryformat": 1,
            "section": number, "hiddenbynumsections": 0, "uservisible": True,
            "component": None, "itemid": None,
            "modules": [] if options.get("excludemodules") == "1" else
            [_module(fake, m) for m in modules if m.section == number]})
    return sections


def _course_row() -> dict[str, Spec]:
    row: dict[str, Spec] = {
        "fullname": Value("text"), "shortname": Value("text"), "categoryid": Value("int"),
        "idnumber": optional(Value("text")), "summary": optional(Value("text")),
        "summaryformat": default(Value("int"), 1), "format": default(Value("text"), "topics"),
        "courseformatoptions": optional(Multiple(Single({"name": Value("text"),
                                                         "value": Value("text")}))),
        "customfields": optional(Multiple(Single({"shortname": Value("text"),
                                                  "value": Value("text")}))),
        "lang": optional(Value("text")), "forcetheme": optional(Value("text")),
    }
    for name in ("showgrades", "newsitems", "startdate", "enddate", "numsections", "maxbytes",
                 "showreports", "visible", "hiddensections", "groupmode", "groupmodeforce",
                 "defaultgroupingid", "enablecompletion", "completionnotify"):
        row[name] = optional(Value("int"))
    return row


def register(fake: FakeMoodle) -> None:
    fake.register_function("core_course_get_courses_by_field", get_courses_by_field, Single({
        "field": default(Value("text"), ""), "value": default(Value("text"), "")}))
    fake.register_function("core_course_create_courses", create_courses, Single({
        "courses": Multiple(Single(_course_row()))}))
    fake.register_function("core_course_get_contents", get_contents, Single({
        "courseid": Value("int"),
        "options": default(Multiple(Single({"name": Value("alphanumext"),
                                            "value": Value("text")})), [])}))
