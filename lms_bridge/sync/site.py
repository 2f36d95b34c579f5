"""Reading the part of a Moodle site a roster is about, in as few calls as the API allows.

Users are looked up thousands per call (``core_user_get_users_by_field`` takes a list), all cohorts
and all their members come in one call each, and each course's participants are paged. Only the
cohorts and courses the roster names are read: a roster owns nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from lms_bridge.moodle.cohorts import Cohort
from lms_bridge.moodle.courses import Course
from lms_bridge.moodle.encoding import DEFAULT_FIELD_BUDGET, chunks
from lms_bridge.moodle.enrolments import EnrolledUser
from lms_bridge.moodle.site import SiteInfo
from lms_bridge.moodle.users import MoodleUser

STANDARD_ROLES = {
    "manager": 1, "coursecreator": 2, "editingteacher": 3, "teacher": 4, "student": 5,
    "guest": 6, "user": 7, "frontpage": 8,
}
"""Role ids of a standard Moodle install; no core web service lists roles, so ids seen on the
site (in course participants' roles) take precedence and ``role_ids`` can override both."""

PAGE_SIZE = 5000


class Caller(Protocol):
    """Calls one web-service function with nested Python parameters and returns the decoded JSON."""

    def __call__(self, wsfunction: str, params: Mapping[str, Any], *, read_only: bool) -> Any: ...


@dataclass
class SiteUser:
    id: int
    username: str
    fields: dict[str, str]
    profile: dict[str, str]
    suspended: bool


@dataclass
class SiteCohort:
    id: int
    idnumber: str
    name: str


@dataclass
class SiteEnrolment:
    roleids: set[int]
    active: bool


@dataclass
class SiteState:
    site: str
    token_userid: int
    users: dict[str, SiteUser] = field(default_factory=dict)
    users_by_id: dict[int, SiteUser] = field(default_factory=dict)
    cohorts: dict[str, SiteCohort] = field(default_factory=dict)
    """Keyed by the roster's cohort value (idnumber, or the id written as text)."""
    members: dict[int, set[int]] = field(default_factory=dict)
    courses: dict[str, int] = field(default_factory=dict)
    enrolments: dict[int, dict[int, SiteEnrolment]] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    functions: frozenset[str] = frozenset()
    """Web-service functions the token may call (from the site info)."""

    def add_user(self, user: SiteUser) -> None:
        self.users[user.username] = user
        self.users_by_id[user.id] = user


class SiteReader:
    def __init__(self, call: Caller, *, field_budget: int = DEFAULT_FIELD_BUDGET,
                 page_size: int = PAGE_SIZE, role_ids: Mapping[str, int] | None = None) -> None:
        self._call = call
        self._budget = field_budget
        self._page = page_size
        self._role_ids = dict(role_ids or {})

    def read(self, usernames: Iterable[str], cohorts: Iterable[str], courses: Iterable[str],
             *, full_outsiders: bool = False) -> SiteState:
        """Read users, cohorts and courses; ``full_outsiders`` also reads every account found in
        those cohorts and courses (needed to decide ``--suspend-missing``)."""
        info = SiteInfo.model_validate(self._get("core_webservice_get_site_info", {}))
        state = SiteState(site=info.siteurl, token_userid=info.userid,
                          functions=info.function_names)
        for user in self.lookup_users("username", sorted(set(usernames))):
            state.add_user(user)
        self._read_cohorts(state, sorted(set(cohorts)))
        for shortname in sorted(set(courses)):
            self._read_course(state, shortname)
        state.roles = {**STANDARD_ROLES, **state.roles, **self._role_ids}
        missing = {uid for members in state.members.values() for uid in members}
        if full_outsiders:
            missing |= {uid for people in state.enrolments.values() for uid in people}
        missing -= {u.id for u in state.users.values()}
        for user in self.lookup_users("id", sorted(missing)):
            state.add_user(user)
        return state

    def lookup_users(self, by: str, values: list[Any]) -> list[SiteUser]:
        """The accounts whose ``by`` field (username, id, email) is one of ``values``, as many
        values per call as the field budget allows."""
        found: list[SiteUser] = []
        for chunk in chunks(values, lambda v: v, self._budget - 1):
            found.extend(_site_user(MoodleUser.model_validate(raw)) for raw in self._get(
                "core_user_get_users_by_field", {"field": by, "values": chunk}) or [])
        return found

    def _read_cohorts(self, state: SiteState, wanted: list[str]) -> None:
        if not wanted:
            return
        every = [Cohort.model_validate(raw) for raw in
                 self._get("core_cohort_get_cohorts", {"cohortids": []}) or []]
        by_idnumber = {c.idnumber: c for c in every}
        by_id = {str(c.id): c for c in every}
        for value in wanted:
            found = by_idnumber.get(value) or (by_id.get(value) if value.isdigit() else None)
            if found is not None:
                state.cohorts[value] = SiteCohort(found.id, found.idnumber, found.name)
        ids = sorted({c.id for c in state.cohorts.values()})
        if ids:
            for entry in self._get("core_cohort_get_cohort_members", {"cohortids": ids}) or []:
                state.members[int(entry["cohortid"])] = {int(u) for u in entry.get("userids", [])}
        for cohort in state.cohorts.values():
            state.members.setdefault(cohort.id, set())

    def _read_course(self, state: SiteState, shortname: str) -> None:
        found = self._get("core_course_get_courses_by_field",
                          {"field": "shortname", "value": shortname}) or {}
        courses = [c for c in map(Course.model_validate, found.get("courses", []))
                   if c.shortname == shortname]
        if not courses:
            return
        courseid = courses[0].id
        state.courses[shortname] = courseid
        participants = self._participants(courseid, "id,username,roles", [])
        inactive = {p.id for p in self._participants(
            courseid, "id", [{"name": "onlysuspended", "value": 1}])}
        enrolled: dict[int, SiteEnrolment] = {}
        for person in participants:
            for role in person.roles:
                if role.shortname:
                    state.roles.setdefault(role.shortname, role.roleid)
            enrolled[person.id] = SiteEnrolment({r.roleid for r in person.roles},
                                                person.id not in inactive)
            if person.id not in state.users_by_id and person.username:
                state.users_by_id[person.id] = SiteUser(person.id, person.username, {}, {}, False)
        state.enrolments[courseid] = enrolled

    def _participants(self, courseid: int, userfields: str,
                      extra: list[dict[str, Any]]) -> list[EnrolledUser]:
        people: list[EnrolledUser] = []
        start = 0
        while True:
            options = [{"name": "userfields", "value": userfields}, *extra,
                       {"name": "limitfrom", "value": start},
                       {"name": "limitnumber", "value": self._page}]
            page = self._get("core_enrol_get_enrolled_users",
                             {"courseid": courseid, "options": options}) or []
            people.extend(map(EnrolledUser.model_validate, page))
            if len(page) < self._page:
                return people
            start += self._page

    def _get(self, wsfunction: str, params: Mapping[str, Any]) -> Any:
        return self._call(wsfunction, params, read_only=True)


_SKIP = {"id", "username", "suspended", "customfields", "preferences", "fullname", "firstaccess",
         "lastaccess", "confirmed", "profileimageurl", "profileimageurlsmall", "descriptionformat",
         "trackforums", "theme", "roles", "enrolledcourses", "groups"}


def _site_user(user: MoodleUser) -> SiteUser:
    """The account's plain fields as Moodle sent them (``exclude_unset``: a field Moodle left
    out, because it is empty, stays out rather than appearing as the model's default)."""
    fields = {k: "" if v is None else str(v)
              for k, v in user.model_dump(exclude_unset=True).items()
              if k not in _SKIP and not isinstance(v, (list, dict))}
    profile = {f.shortname: f.value or "" for f in user.customfields if f.shortname}
    return SiteUser(user.id, user.username, fields, profile, user.suspended)
