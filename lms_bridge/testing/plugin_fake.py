"""The companion plugin ``local_lmsbridge`` for the fake Moodle.

``install_plugin(fake)`` registers the plugin's three functions with the behaviour of the PHP
code in ``lms_bridge/moodle_plugin/lmsbridge``: ``deploy_scorm`` hashes the uploaded draft file,
creates the activity or updates the one with the same course-module ID number, bumps
``revision`` only for a new package and writes nothing when package and settings are unchanged;
``add_cohort_enrolment`` finds or adds the instance and enrols the cohort's members;
``get_course_completions`` pages through the course's students. It also overlays the settings
the plugin stores onto ``mod_scorm_get_scorms_by_courses`` and answers
``core_course_get_course_module`` (which carries the ID number).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lms_bridge.testing.errors import invalid_parameter, missing_record
from lms_bridge.testing.errors import moodle_error as _error
from lms_bridge.testing.handlers.common import module_contextid
from lms_bridge.testing.params import Single, Value, default
from lms_bridge.testing.state import Course, Enrolment, Scorm

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle

STUDENT_ROLE = 5
ASSIGNABLE_ROLES = frozenset({3, 4, 5})
_STATUS = ("cmi.core.lesson_status", "cmi.completion_status")
_SCORE = ("cmi.core.score.raw", "cmi.score.raw")
_SETTINGS = ("grademethod", "whatgrade", "maxgrade", "maxattempt", "completionstatusrequired",
             "completionscorerequired")


@dataclass
class PluginState:
    """What the plugin reads and writes that the core fake state does not model."""

    #: cmid -> course-module ID number
    idnumbers: dict[int, str] = field(default_factory=dict)
    #: scorm id -> settings deploy_scorm stored (grademethod, maxattempt, completion...)
    settings: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: (courseid, cohortid, roleid) -> enrol instance id
    cohort_instances: dict[tuple[int, int, int], int] = field(default_factory=dict)
    #: course id -> user id -> time the course was completed
    course_completions: dict[int, dict[int, int]] = field(default_factory=dict)
    #: course id -> its last section number (absent: 4, Moodle's default numsections)
    last_section: dict[int, int] = field(default_factory=dict)


def install_plugin(fake: FakeMoodle) -> PluginState:
    """Register the plugin's functions on ``fake``; returns the plugin's own state."""
    plugin = PluginState()

    def deploy(f: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
        return _deploy(f, plugin, params)

    def cohort(f: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
        return _add_cohort_enrolment(f, plugin, params)

    def completions(f: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
        return _completions(f, plugin, params)

    fake.register_function("local_lmsbridge_deploy_scorm", deploy, Single({
        "courseid": Value("int"), "idnumber": Value("text"), "name": Value("text"),
        "draftitemid": default(Value("int"), 0), "section": default(Value("int"), 0),
        "grademethod": default(Value("int"), 1), "whatgrade": default(Value("int"), 0),
        "maxgrade": default(Value("float"), 100.0), "maxattempt": default(Value("int"), 0),
        "completionstatusrequired": default(Value("int"), 0),
        "completionscorerequired": default(Value("int"), 0)}))
    fake.register_function("local_lmsbridge_add_cohort_enrolment", cohort, Single({
        "courseid": Value("int"), "cohortid": Value("int"), "roleid": Value("int"),
        "groupid": default(Value("int"), 0)}))
    fake.register_function("local_lmsbridge_get_course_completions", completions, Single({
        "courseid": Value("int"), "page": default(Value("int"), 0),
        "perpage": default(Value("int"), 50)}))
    _overlay_scorm_settings(fake, plugin)
    if "core_course_get_course_module" not in fake.functions:
        def course_module(f: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
            return _course_module(f, plugin, params)

        fake.register_function("core_course_get_course_module", course_module,
                               Single({"cmid": Value("int")}))
    return plugin


def _course(fake: FakeMoodle, courseid: int) -> Course:
    course = fake.state.courses.get(courseid)
    if course is None:
        raise missing_record("course")
    return course


def _draft_content(fake: FakeMoodle, itemid: int) -> tuple[str, bytes] | None:
    if itemid <= 0:
        return None
    files = fake.state.drafts.get(itemid) or []
    if not files:
        raise _error("draftfilemissing", f"The draft area {itemid} of the web service user "
                     "holds no file. Upload the package with webservice/upload.php first.")
    if len(files) > 1:
        raise _error("draftfiletoomany", f"The draft area {itemid} holds more than one file; "
                     "upload exactly one SCORM package.")
    return str(files[0]["filename"]), bytes(files[0]["content"])


def _deploy(fake: FakeMoodle, plugin: PluginState, params: dict[str, Any]) -> dict[str, Any]:
    course = _course(fake, params["courseid"])
    idnumber = params["idnumber"].strip()
    if not idnumber or len(idnumber) > 100:
        raise invalid_parameter("idnumber must be 1 to 100 characters long.")
    if params["completionstatusrequired"] not in (0, 2, 4, 6):
        raise invalid_parameter("completionstatusrequired must be 0, 2, 4 or 6.")
    draft = _draft_content(fake, params["draftitemid"])
    matches = [cmid for cmid, value in plugin.idnumbers.items()
               if value == idnumber and fake.state.modules.get(cmid)
               and fake.state.modules[cmid].course == course.id]
    settings = {key: params[key] for key in _SETTINGS}
    if not matches:
        if draft is None:
            raise _error("draftfilemissing", "The draft area 0 of the web service user holds "
                         "no file. Upload the package with webservice/upload.php first.")
        last = plugin.last_section.get(course.id, 4)
        if params["section"] > last:
            raise _error("sectionmissing", f"The course has no section {params['section']}; "
                         f"its last section is {last}. Add the section in Moodle first, or "
                         "deploy to an existing one.")
        scorm = fake.add_scorm(course, params["name"], package=draft[1])
        _store_package(fake, scorm, *draft)
        fake.state.modules[scorm.cmid].section = params["section"]
        plugin.idnumbers[scorm.cmid] = idnumber
        plugin.settings[scorm.id] = settings
        fake.state.drafts.pop(params["draftitemid"], None)
        return _deploy_answer(scorm, "created", True)
    module = fake.state.modules[matches[0]]
    if module.modname != "scorm":
        raise _error("idnumbernotscorm", f'The activity with ID number "{idnumber}" in this '
                     "course is not a SCORM package.")
    scorm = next(s for s in fake.state.scorms.values() if s.cmid == module.id)
    sha1 = hashlib.sha1(draft[1]).hexdigest() if draft else scorm.sha1hash
    changed = sha1 != scorm.sha1hash
    if not changed and scorm.name == params["name"] \
            and plugin.settings.get(scorm.id) == settings:
        return _deploy_answer(scorm, "unchanged", False)
    if changed and draft is not None:
        scorm.sha1hash = sha1
        scorm.revision += 1
        scorm.packagesize = len(draft[1])
        _store_package(fake, scorm, *draft)
        fake.state.drafts.pop(params["draftitemid"], None)
    scorm.name = module.name = params["name"]
    plugin.settings[scorm.id] = settings
    return _deploy_answer(scorm, "updated", changed)


def _store_package(fake: FakeMoodle, scorm: Scorm, filename: str, content: bytes) -> None:
    """Replace the one file of the activity's package area, where ``packageurl`` points."""
    area = f"{module_contextid(scorm.cmid)}/mod_scorm/package/0/"
    fake.state.files.pop(area + scorm.reference, None)
    scorm.reference = filename
    fake.state.files[area + filename] = content


def _deploy_answer(scorm: Scorm, action: str, changed: bool) -> dict[str, Any]:
    return {"cmid": scorm.cmid, "scormid": scorm.id, "action": action, "packagechanged": changed,
            "revision": scorm.revision, "sha1hash": scorm.sha1hash, "version": scorm.version}


def _overlay_scorm_settings(fake: FakeMoodle, plugin: PluginState) -> None:
    original = fake.functions["mod_scorm_get_scorms_by_courses"]

    def by_courses(f: FakeMoodle, params: dict[str, Any]) -> Any:
        answer = original.handler(f, params)
        for row in answer.get("scorms", []):
            stored = plugin.settings.get(row["id"])
            if stored:
                row.update({k: (v or None) if k.startswith("completion") else v
                            for k, v in stored.items()})
        return answer

    fake.register_function(original.name, by_courses, original.params)


def _course_module(fake: FakeMoodle, plugin: PluginState, params: dict[str, Any]) -> Any:
    module = fake.state.modules.get(params["cmid"])
    if module is None:
        raise missing_record("course_modules")
    return {"cm": {"id": module.id, "course": module.course, "modname": module.modname,
                   "instance": module.instance, "name": module.name, "section": module.section,
                   "sectionnum": module.section, "completion": module.tracking,
                   "idnumber": plugin.idnumbers.get(module.id), "visible": 1},
            "warnings": []}


def _add_cohort_enrolment(fake: FakeMoodle, plugin: PluginState,
                          params: dict[str, Any]) -> dict[str, Any]:
    course = _course(fake, params["courseid"])
    cohort = fake.state.cohorts.get(params["cohortid"])
    if cohort is None:
        raise _error("cohortnotavailable", f"The cohort with id {params['cohortid']} does not "
                     "exist or is not available in this course.")
    if params["roleid"] not in ASSIGNABLE_ROLES:
        raise _error("rolenotassignable", f"The role with id {params['roleid']} cannot be "
                     "assigned in this course by the web service user.")
    if params["groupid"] < -1:
        raise _error("invalidgroupid", "Incorrect group ID specified")
    key = (course.id, cohort.id, params["roleid"])
    created = key not in plugin.cohort_instances
    if created:
        plugin.cohort_instances[key] = fake.state.next_id("enrol", 10)
    for userid in cohort.members:
        enrolment = fake.state.enrolments.setdefault((course.id, userid),
                                                     Enrolment(roleids=set()))
        enrolment.roleids.add(params["roleid"])
    return {"instanceid": plugin.cohort_instances[key], "created": created,
            "enrolledusers": len(cohort.members)}


def _completions(fake: FakeMoodle, plugin: PluginState, params: dict[str, Any]) -> dict[str, Any]:
    course = _course(fake, params["courseid"])
    page, perpage = params["page"], params["perpage"]
    if page < 0 or not 1 <= perpage <= 200:
        raise invalid_parameter("page must be 0 or more and perpage 1 to 200.")
    enrolments = fake.state.enrolments
    learners = sorted(uid for uid in enrolments.users_in(course.id)
                      if STUDENT_ROLE in enrolments[(course.id, uid)].roleids)
    activities = [m for m in fake.state.modules.values()
                  if m.course == course.id and m.tracking]
    scorms = sorted((s for s in fake.state.scorms.values() if s.course == course.id),
                    key=lambda s: s.cmid)
    rows = []
    for userid in learners[page * perpage:(page + 1) * perpage]:
        user = fake.state.users[userid]
        states = [fake.state.completions.get((m.id, userid)) for m in activities]
        done = plugin.course_completions.get(course.id, {}).get(userid)
        rows.append({
            "id": userid, "username": user.username, "idnumber": user.idnumber,
            "email": user.email, "coursecompleted": done is not None, "timecompleted": done,
            "activitiescompleted": sum(1 for s in states if s and s.state in (1, 2)),
            "activitiesfailed": sum(1 for s in states if s and s.state in (3, 4)),
            "activitiestotal": len(activities), "finalgrade": None,
            "scorms": [_scorm_row(fake, scorm, userid) for scorm in scorms],
        })
    return {"total": len(learners), "page": page, "perpage": perpage,
            "completionenabled": course.enablecompletion,
            "scorms": [{"cmid": s.cmid, "scormid": s.id, "name": s.name,
                        "idnumber": plugin.idnumbers.get(s.cmid, "")} for s in scorms],
            "users": rows}


def _scorm_row(fake: FakeMoodle, scorm: Scorm, userid: int) -> dict[str, Any]:
    launchable = [s.id for s in scorm.scoes if s.launch]
    attempts = {a for (sco, uid, a) in fake.state.tracks if sco in launchable and uid == userid}
    row: dict[str, Any] = {"cmid": scorm.cmid, "status": "notattempted", "score": None,
                           "grade": fake.state.grades.get((scorm.cmid, userid)),
                           "attempts": len(attempts)}
    if not attempts:
        return row
    last = max(attempts)
    statuses = []
    for sco in launchable:
        values = fake.state.tracks.get((sco, userid, last), {})
        success = values.get("cmi.success_status", "")
        status = next((values[k] for k in _STATUS if k in values), "notattempted")
        statuses.append(success if success in ("passed", "failed") else status)
        for key in _SCORE:
            if values.get(key):
                score = float(values[key])
                row["score"] = score if row["score"] is None else max(row["score"], score)
    unique = set(statuses)
    if "failed" in unique:
        row["status"] = "failed"
    elif unique == {"passed"}:
        row["status"] = "passed"
    elif unique <= {"passed", "completed"}:
        row["status"] = "completed"
    elif unique != {"notattempted"}:
        row["status"] = "incomplete"
    return row
