"""The typed, serialisable sync plan: what ``apply`` would change, and why.

A plan is data, not code: it is printed as a table for people, as JSON for automation, and
``apply`` executes exactly its items (after re-reading the site, so a stale plan cannot do harm).
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms_bridge.exceptions import Problem


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UserChange(_Item):
    action: Literal["create", "update", "suspend", "unsuspend"]
    username: str
    userid: int | None = None
    row: int | None = None
    changes: dict[str, tuple[str, str]] = Field(default_factory=dict)
    """field -> (site value, new value); passwords are never shown."""
    fields: dict[str, str] = Field(default_factory=dict)
    """For ``create``: every field to send."""
    profile: dict[str, str] = Field(default_factory=dict)
    password: str | None = Field(default=None, exclude=True, repr=False)
    suspend_after_create: bool = False


class CohortCreate(_Item):
    idnumber: str
    name: str
    rows: list[int]


class MemberChange(_Item):
    action: Literal["add", "remove"]
    cohort: str
    cohortid: int | None = None
    username: str
    userid: int | None = None
    row: int | None = None


class EnrolmentChange(_Item):
    action: Literal["enrol", "update", "suspend", "unenrol"]
    course: str
    courseid: int
    username: str
    userid: int | None = None
    row: int | None = None
    role: str | None = None
    roleid: int = 0
    timestart: int = 0
    timeend: int = 0
    suspended: bool = False
    remove_roleids: list[int] = Field(default_factory=list)
    """Roles the roster assigns in this course that this person should no longer have."""
    reasons: list[str] = Field(default_factory=list)


class SyncPlan(_Item):
    site: str
    roster: str
    options: dict[str, bool] = Field(default_factory=dict)
    users: list[UserChange] = Field(default_factory=list)
    cohorts: list[CohortCreate] = Field(default_factory=list)
    members: list[MemberChange] = Field(default_factory=list)
    enrolments: list[EnrolmentChange] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    """Errors found in the roster or against the site; rows with errors are not in the plan."""
    warnings: list[Problem] = Field(default_factory=list)
    roster_rows: int = 0
    read_calls: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.users or self.cohorts or self.members or self.enrolments)

    def counts(self) -> dict[str, int]:
        counted: Counter[str] = Counter()
        counted.update(f"users_{u.action}" for u in self.users)
        counted.update("cohorts_create" for _ in self.cohorts)
        counted.update(f"members_{m.action}" for m in self.members)
        counted.update(f"enrolments_{e.action}" for e in self.enrolments)
        return dict(sorted(counted.items()))

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    def to_jsonable(self) -> dict[str, object]:
        data = self.model_dump(mode="json")
        data["counts"] = self.counts()
        return data
