"""The fake site's data: plain records, mutated only by the handlers and seed helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class User:
    id: int
    username: str
    firstname: str
    lastname: str
    email: str
    auth: str = "manual"
    idnumber: str = ""
    lang: str = "en"
    suspended: bool = False
    city: str = ""
    country: str = ""
    timezone: str = "99"
    department: str = ""
    institution: str = ""
    password: str = ""
    customfields: dict[str, str] = field(default_factory=dict)
    preferences: dict[str, str] = field(default_factory=dict)
    #: last access to the site (Unix time; 0 never)
    lastaccess: int = 0

    @property
    def fullname(self) -> str:
        return f"{self.firstname} {self.lastname}"


@dataclass
class Course:
    id: int
    shortname: str
    fullname: str
    categoryid: int = 1
    idnumber: str = ""
    summary: str = ""
    format: str = "topics"
    visible: int = 1
    startdate: int = 0
    enddate: int = 0
    enablecompletion: bool = True
    manual_enrol: bool = True
    #: cmids whose completion makes the course complete; ``None``: no criteria set
    criteria: list[int] | None = None


@dataclass
class Module:
    id: int
    course: int
    modname: str
    instance: int
    name: str
    section: int = 1
    #: 0 none, 1 manual, 2 automatic
    tracking: int = 2


@dataclass
class Sco:
    id: int
    scorm: int
    identifier: str
    title: str
    launch: str = ""
    scormtype: str = "sco"
    organization: str = ""
    parent: str = "/"


@dataclass
class Scorm:
    id: int
    cmid: int
    course: int
    name: str
    version: str = "SCORM_1.2"
    sha1hash: str = ""
    revision: int = 1
    packagesize: int = 0
    reference: str = "package.zip"
    scoes: list[Sco] = field(default_factory=list)


@dataclass
class Enrolment:
    roleids: set[int]
    timestart: int = 0
    timeend: int = 0
    status: int = 0
    #: last access to the course (``lastcourseaccess``; 0 never)
    lastaccess: int = 0


class EnrolmentTable(dict[tuple[int, int], Enrolment]):
    """Enrolments by ``(courseid, userid)``, indexed both ways as they change.

    Moodle answers "who is in this course" and "which courses is this user in" from indexed
    tables; scanning every enrolment for each of those made the fake, not the client, the slow
    part of a 10,000-user sync. Every way of changing a dict keeps the two indexes in step, so
    handlers, seed helpers and tests go on using it as a plain dict.
    """

    def __init__(self, items: Any = (), /) -> None:
        super().__init__()
        self._users: dict[int, set[int]] = {}
        self._courses: dict[int, set[int]] = {}
        self.update(items)

    def __copy__(self) -> EnrolmentTable:
        return EnrolmentTable(self)

    def users_in(self, courseid: int) -> set[int]:
        """Ids of the users enrolled in a course (do not mutate)."""
        return self._users.get(courseid, set())

    def courses_of(self, userid: int) -> set[int]:
        """Ids of the courses a user is enrolled in (do not mutate)."""
        return self._courses.get(userid, set())

    def _add(self, key: tuple[int, int]) -> None:
        self._users.setdefault(key[0], set()).add(key[1])
        self._courses.setdefault(key[1], set()).add(key[0])

    def _remove(self, key: tuple[int, int]) -> None:
        self._users.get(key[0], set()).discard(key[1])
        self._courses.get(key[1], set()).discard(key[0])

    def __setitem__(self, key: tuple[int, int], value: Enrolment) -> None:
        super().__setitem__(key, value)
        self._add(key)

    def __delitem__(self, key: tuple[int, int]) -> None:
        super().__delitem__(key)
        self._remove(key)

    def pop(self, key: tuple[int, int], *default: Any) -> Any:
        if key in self:
            self._remove(key)
        return super().pop(key, *default)

    def popitem(self) -> tuple[tuple[int, int], Enrolment]:
        key, value = super().popitem()
        self._remove(key)
        return key, value

    def setdefault(self, key: tuple[int, int], default: Enrolment) -> Enrolment:
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def clear(self) -> None:
        super().clear()
        self._users.clear()
        self._courses.clear()

    def __ior__(self, other: Any) -> EnrolmentTable:  # type: ignore[override,misc]
        self.update(other)
        return self


@dataclass
class Cohort:
    id: int
    name: str
    idnumber: str
    description: str = ""
    descriptionformat: int = 1
    visible: bool = True
    theme: str = ""
    contextid: int = 1
    members: list[int] = field(default_factory=list)


@dataclass
class ActivityCompletion:
    state: int
    timecompleted: int
    overrideby: int | None = None


@dataclass
class SiteState:
    users: dict[int, User] = field(default_factory=dict)
    courses: dict[int, Course] = field(default_factory=dict)
    modules: dict[int, Module] = field(default_factory=dict)
    scorms: dict[int, Scorm] = field(default_factory=dict)
    cohorts: dict[int, Cohort] = field(default_factory=dict)
    enrolments: EnrolmentTable = field(default_factory=EnrolmentTable)
    completions: dict[tuple[int, int], ActivityCompletion] = field(default_factory=dict)
    #: (scoid, userid, attempt) -> element -> value
    tracks: dict[tuple[int, int, int], dict[str, str]] = field(default_factory=dict)
    #: (cmid, userid) -> raw grade
    grades: dict[tuple[int, int], float] = field(default_factory=dict)
    #: draft itemid -> list of file records
    drafts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    #: pluginfile path (after /pluginfile.php) -> bytes
    files: dict[str, bytes] = field(default_factory=dict)
    next_ids: dict[str, int] = field(default_factory=dict)

    def next_id(self, kind: str, floor: int = 1) -> int:
        value = max(self.next_ids.get(kind, floor), floor)
        self.next_ids[kind] = value + 1
        return value
