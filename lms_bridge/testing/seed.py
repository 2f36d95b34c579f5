"""Seed helpers: put the fake site into the state a test needs, without web-service calls."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from lms_bridge.testing.handlers.common import module_contextid
from lms_bridge.testing.state import (
    ActivityCompletion,
    Cohort,
    Course,
    Enrolment,
    Module,
    Sco,
    Scorm,
    SiteState,
    User,
)


def _id(value: Any) -> int:
    return int(value.id) if hasattr(value, "id") else int(value)


class SeedMixin:
    """Mixed into :class:`~lms_bridge.testing.FakeMoodle`; every helper returns the record."""

    state: SiteState
    admin_id: int

    def add_user(self, username: str, *, firstname: str = "Test", lastname: str = "User",
                 email: str | None = None, id: int | None = None, **fields: Any) -> User:
        uid = id if id is not None else self.state.next_id("user", 3)
        user = User(id=uid, username=username, firstname=firstname, lastname=lastname,
                    email=email if email is not None else f"{username}@example.org", **fields)
        self.state.users[uid] = user
        self.state.next_ids["user"] = max(self.state.next_ids.get("user", 3), uid + 1)
        return user

    def add_course(self, shortname: str, fullname: str | None = None, *, id: int | None = None,
                   **fields: Any) -> Course:
        cid = id if id is not None else self.state.next_id("course", 2)
        course = Course(id=cid, shortname=shortname, fullname=fullname or shortname, **fields)
        self.state.courses[cid] = course
        self.state.next_ids["course"] = max(self.state.next_ids.get("course", 2), cid + 1)
        return course

    def add_module(self, course: Any, modname: str, name: str, *, tracking: int = 2,
                   instance: int | None = None, section: int = 1) -> Module:
        cmid = self.state.next_id("cm", 2)
        inst = instance if instance is not None else self.state.next_id(f"inst:{modname}", 1)
        module = Module(id=cmid, course=_id(course), modname=modname, instance=inst, name=name,
                        section=section, tracking=tracking)
        self.state.modules[cmid] = module
        return module

    def add_scorm(self, course: Any, name: str = "SCORM package", *,
                  scoes: Iterable[str] = ("Lesson 1",), version: str = "SCORM_1.2",
                  package: bytes = b"PK\x05\x06" + bytes(18)) -> Scorm:
        module = self.add_module(course, "scorm", name, tracking=2)
        scorm = Scorm(id=module.instance, cmid=module.id, course=_id(course), name=name,
                      version=version, sha1hash=hashlib.sha1(package).hexdigest(),
                      packagesize=len(package))
        org = Sco(id=self.state.next_id("sco", 1), scorm=scorm.id, identifier="org",
                  title=name, scormtype="", organization="", parent="/")
        scorm.scoes.append(org)
        for index, title in enumerate(scoes, start=1):
            scorm.scoes.append(Sco(id=self.state.next_id("sco", 1), scorm=scorm.id,
                                   identifier=f"item_{index}", title=title,
                                   launch=f"sco{index}.html", organization="org",
                                   parent="org"))
        self.state.scorms[scorm.id] = scorm
        area = f"{module_contextid(module.id)}/mod_scorm/package/0/"
        self.state.files[area + scorm.reference] = package
        return scorm

    def add_cohort(self, idnumber: str, name: str | None = None, *,
                   members: Iterable[Any] = (), **fields: Any) -> Cohort:
        cid = self.state.next_id("cohort", 1)
        cohort = Cohort(id=cid, name=name or idnumber, idnumber=idnumber,
                        members=[_id(m) for m in members], **fields)
        self.state.cohorts[cid] = cohort
        return cohort

    def enrol(self, user: Any, course: Any, *, roleid: int = 5, timestart: int = 0,
              timeend: int = 0, suspended: bool = False) -> Enrolment:
        enrolment = Enrolment(roleids={roleid}, timestart=timestart, timeend=timeend,
                              status=1 if suspended else 0)
        self.state.enrolments[(_id(course), _id(user))] = enrolment
        return enrolment

    def set_completion_criteria(self, course: Any, modules: Iterable[Any] | None) -> None:
        """Which activities complete the course; ``None`` means "no criteria set"."""
        self.state.courses[_id(course)].criteria = (
            None if modules is None else [_id(m) for m in modules])

    def set_completion(self, user: Any, module: Any, state: int = 1, *,
                       timecompleted: int = 1_700_000_000,
                       overrideby: int | None = None) -> ActivityCompletion:
        cm = module.cmid if isinstance(module, Scorm) else _id(module)
        record = ActivityCompletion(state=state, timecompleted=timecompleted if state else 0,
                                    overrideby=overrideby)
        self.state.completions[(cm, _id(user))] = record
        return record

    def set_scorm_track(self, user: Any, sco: Any, values: Mapping[str, str], *,
                        attempt: int = 1) -> None:
        key = (_id(sco), _id(user), attempt)
        self.state.tracks.setdefault(key, {}).update({k: str(v) for k, v in values.items()})

    def set_grade(self, user: Any, module: Any, grade: float | None) -> None:
        cm = module.cmid if isinstance(module, Scorm) else _id(module)
        if grade is None:
            self.state.grades.pop((cm, _id(user)), None)
        else:
            self.state.grades[(cm, _id(user))] = grade

    def add_file(self, path: str, content: bytes) -> None:
        """Serve ``content`` at ``webservice/pluginfile.php/<path>``."""
        self.state.files[path.strip("/")] = content
