"""``mod_scorm_*`` read functions and ``insert_scorm_tracks`` (always as the token's user)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lms_bridge.testing.errors import missing_record, moodle_error
from lms_bridge.testing.handlers.common import module_contextid
from lms_bridge.testing.params import Multiple, Single, Value, default
from lms_bridge.testing.state import Sco, Scorm

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle

_RENAMED = {"cmi.core.score.raw": "score_raw", "cmi.score.raw": "score_raw",
            "cmi.core.lesson_status": "status", "cmi.completion_status": "status",
            "cmi.core.total_time": "total_time", "cmi.total_time": "total_time",
            "cmi.core.session_time": "session_time", "cmi.session_time": "session_time"}


def describe(fake: FakeMoodle, scorm: Scorm) -> dict[str, Any]:
    module = fake.state.modules[scorm.cmid]
    first_sco = next((s.id for s in scorm.scoes if s.launch), 0)
    return {
        "id": scorm.id, "coursemodule": scorm.cmid, "course": scorm.course, "name": scorm.name,
        "intro": "", "introformat": 1, "introfiles": [], "section": module.section,
        "visible": True, "groupmode": 0, "groupingid": 0, "lang": "",
        "packagesize": scorm.packagesize,
        "packageurl": f"{fake.url}/webservice/pluginfile.php/{module_contextid(scorm.cmid)}"
                      f"/mod_scorm/package/0/{scorm.reference}",
        "version": scorm.version, "maxgrade": 100, "grademethod": 1, "whatgrade": 0,
        "maxattempt": 0, "forcecompleted": False, "forcenewattempt": 0,
        "lastattemptlock": False, "displayattemptstatus": 1, "displaycoursestructure": False,
        "sha1hash": scorm.sha1hash, "md5hash": "", "revision": scorm.revision,
        "launch": first_sco, "skipview": 0, "hidebrowse": False, "hidetoc": 0, "nav": 1,
        "navpositionleft": -100, "navpositiontop": -100, "auto": False, "popup": 0,
        "width": 100, "height": 500, "timeopen": 0, "timeclose": 0, "scormtype": "local",
        "reference": scorm.reference, "protectpackagedownloads": False, "updatefreq": 0,
        "options": "", "completionstatusrequired": 6, "completionscorerequired": None,
        "completionstatusallscos": 0, "autocommit": False, "timemodified": 0,
    }


def by_courses(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    courses = set(params["courseids"]) or fake.state.enrolments.courses_of(fake.admin_id)
    scorms = [describe(fake, s) for s in sorted(fake.state.scorms.values(), key=lambda s: s.id)
              if s.course in courses]
    return {"scorms": scorms, "options": [{"name": "scormstandard", "value": "0"}],
            "warnings": []}


def _scorm(fake: FakeMoodle, scormid: int) -> Scorm:
    scorm = fake.state.scorms.get(scormid)
    if scorm is None:
        raise missing_record("scorm")
    return scorm


def scoes(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    scorm = _scorm(fake, params["scormid"])
    rows = [s for s in scorm.scoes
            if not params["organization"] or s.organization == params["organization"]]
    return {"scoes": [{
        "id": s.id, "scorm": scorm.id, "manifest": "manifest", "organization": s.organization,
        "parent": s.parent, "identifier": s.identifier, "launch": s.launch,
        "scormtype": s.scormtype, "title": s.title, "sortorder": index,
        "extradata": [{"element": "isvisible", "value": "true"}] if s.launch else []}
        for index, s in enumerate(rows, start=1)], "warnings": []}


def _attempts(fake: FakeMoodle, scorm: Scorm, userid: int, any_track: bool) -> set[int]:
    sco_ids = {s.id for s in scorm.scoes}
    return {attempt for (sco, user, attempt), values in fake.state.tracks.items()
            if sco in sco_ids and user == userid
            and (any_track or any(_RENAMED.get(k) == "status" for k in values))}


def attempt_count(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    scorm = _scorm(fake, params["scormid"])
    if params["userid"] not in fake.state.users:
        raise missing_record("user")
    found = _attempts(fake, scorm, params["userid"], params["ignoremissingcompletion"])
    return {"attemptscount": len(found), "warnings": []}


def _sco(fake: FakeMoodle, scoid: int) -> Sco:
    sco = next((s for sc in fake.state.scorms.values() for s in sc.scoes if s.id == scoid), None)
    if sco is None:
        raise moodle_error("cannotfindsco", "Could not find SCO")
    return sco


def sco_tracks(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    sco = _sco(fake, params["scoid"])
    attempt = params["attempt"] or max(
        [a for (s, u, a) in fake.state.tracks if s == sco.id and u == params["userid"]],
        default=1)
    values = fake.state.tracks.get((sco.id, params["userid"], attempt), {})
    tracks: list[dict[str, Any]] = []
    if values:
        tracks = _summary(values)
        tracks.append({"element": "timemodified", "value": "1700000000"})
        tracks.extend({"element": k, "value": v} for k, v in sorted(values.items()))
        tracks += [{"element": "userid", "value": params["userid"]},
                   {"element": "scoid", "value": str(sco.id)}]
    return {"data": {"attempt": attempt, "tracks": tracks}, "warnings": []}


def _summary(values: dict[str, str]) -> list[dict[str, Any]]:
    """``scorm_get_tracks``: renamed summary elements, ``score_raw`` as a number."""
    summary: dict[str, Any] = {"score_raw": "", "status": "", "total_time": "00:00:00",
                               "session_time": ""}
    for element, value in values.items():
        if element in _RENAMED:
            summary[_RENAMED[element]] = value
    if summary["score_raw"] != "":
        raw = float(summary["score_raw"])
        summary["score_raw"] = int(raw) if raw.is_integer() else raw
    return [{"element": k, "value": v} for k, v in summary.items()]


def user_data(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    scorm = _scorm(fake, params["scormid"])
    user = fake.state.users[fake.admin_id]
    out = []
    for sco in scorm.scoes:
        values = fake.state.tracks.get((sco.id, user.id, params["attempt"]), {})
        out.append({"scoid": sco.id,
                    "userdata": [{"element": "student_id", "value": user.username},
                                 {"element": "student_name", "value": user.fullname},
                                 *(_summary(values) if values else
                                   [{"element": "status", "value": ""},
                                    {"element": "score_raw", "value": ""}])],
                    "defaultdata": [{"element": "cmi.core.student_id",
                                     "value": user.username}]})
    return {"data": out, "warnings": []}


def insert_tracks(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    sco = _sco(fake, params["scoid"])
    key = (sco.id, fake.admin_id, params["attempt"])
    store = fake.state.tracks.setdefault(key, {})
    ids = []
    for track in params["tracks"]:
        store[track["element"]] = track["value"]
        ids.append(fake.state.next_id("track", 1))
    return {"trackids": ids, "warnings": []}


def register(fake: FakeMoodle) -> None:
    fake.register_function("mod_scorm_get_scorms_by_courses", by_courses, Single({
        "courseids": default(Multiple(Value("int")), [])}))
    fake.register_function("mod_scorm_get_scorm_scoes", scoes, Single({
        "scormid": Value("int"), "organization": default(Value("text"), "")}))
    fake.register_function("mod_scorm_get_scorm_attempt_count", attempt_count, Single({
        "scormid": Value("int"), "userid": Value("int"),
        "ignoremissingcompletion": default(Value("bool"), False)}))
    fake.register_function("mod_scorm_get_scorm_sco_tracks", sco_tracks, Single({
        "scoid": Value("int"), "userid": Value("int"), "attempt": default(Value("int"), 0)}))
    fake.register_function("mod_scorm_get_scorm_user_data", user_data, Single({
        "scormid": Value("int"), "attempt": Value("int")}))
    fake.register_function("mod_scorm_insert_scorm_tracks", insert_tracks, Single({
        "scoid": Value("int"), "attempt": Value("int"),
        "tracks": Multiple(Single({"element": Value("text"), "value": Value("text")}))}))
