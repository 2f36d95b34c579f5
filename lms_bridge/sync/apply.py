"""Executing a :class:`SyncPlan` against Moodle: batched, row-isolated, journalled.

Order matters and is fixed: cohorts and accounts first (later steps need their ids), then
account updates, memberships, enrolments, and the removals last, so a run cut short leaves people
with too much access for a moment rather than too little. Every step can be cut off (network,
kill); the next run re-plans from the site's real state and finishes the job.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, Field

from lms_bridge.moodle.encoding import DEFAULT_FIELD_BUDGET
from lms_bridge.sync.journal import Journal
from lms_bridge.sync.plan_model import (
    CohortCreate,
    EnrolmentChange,
    MemberChange,
    SyncPlan,
    UserChange,
)
from lms_bridge.sync.sender import BatchSender, Outcome, RetryingCaller, WriteKind
from lms_bridge.sync.site import SiteReader

INTERNAL_AUTH = {"manual", "email"}
Progress = Callable[[int, int], None]


class RowFailure(BaseModel):
    step: str
    username: str
    row: int | None = None
    message: str


class ApplyResult(BaseModel):
    done: dict[str, int] = Field(default_factory=dict)
    failures: list[RowFailure] = Field(default_factory=list)
    calls: int = 0
    writes: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures


class Applier:
    def __init__(self, plan: SyncPlan, caller: RetryingCaller, journal: Journal, *,
                 field_budget: int = DEFAULT_FIELD_BUDGET,
                 progress: Progress | None = None) -> None:
        self.plan = plan
        self.caller = caller
        self.journal = journal
        self.result = ApplyResult()
        self.total = _size(plan)
        self._done_units = 0
        self._progress = progress
        self.sender = BatchSender(caller, field_budget=field_budget, progress=self._advance)
        self._uncounted = BatchSender(caller, field_budget=field_budget)
        """For follow-up writes of rows already counted in the progress (old roles)."""
        self._reader = SiteReader(caller, field_budget=field_budget)
        self.userids: dict[str, int] = {u.username: u.userid for u in plan.users if u.userid}
        self.userids.update({m.username: m.userid for m in plan.members if m.userid})
        self.userids.update({e.username: e.userid for e in plan.enrolments if e.userid})
        self.cohortids: dict[str, int] = {m.cohort: m.cohortid for m in plan.members
                                          if m.cohortid}
        self.failed_users: set[str] = set()

    def run(self) -> ApplyResult:
        self._create_cohorts()
        self._create_users()
        self._update_users()
        self._members("add")
        self._enrol()
        self._members("remove")
        self._unenrol()
        self.result.calls = self.caller.calls
        self.result.writes = self.caller.writes
        return self.result

    # -- steps -------------------------------------------------------------------------
    def _create_cohorts(self) -> None:
        def recheck(items: list[CohortCreate]) -> list[CohortCreate]:
            self._learn_cohorts()
            return [c for c in items if c.idnumber not in self.cohortids]

        kind: WriteKind[CohortCreate] = WriteKind(
            "core_cohort_create_cohorts", "cohorts", lambda c: {
                "categorytype": {"type": "system", "value": ""}, "name": c.name,
                "idnumber": c.idnumber, "visible": 1}, recheck=recheck)
        outcome = self.sender.send(kind, self.plan.cohorts)
        self.cohortids.update(_created(outcome, "idnumber"))
        if any(c.idnumber not in self.cohortids for c, _ in outcome.succeeded):
            self._learn_cohorts()
        self._count("cohorts_create", len(outcome.succeeded))
        for cohort, message in outcome.failed:
            for row in cohort.rows:
                self._fail("create cohort", f"cohort {cohort.idnumber}", row, message)

    def _create_users(self) -> None:
        creates = [u for u in self.plan.users if u.action == "create"]

        def recheck(items: list[UserChange]) -> list[UserChange]:
            self._learn_users([u.username for u in items])
            return [u for u in items if u.username not in self.userids]

        kind: WriteKind[UserChange] = WriteKind("core_user_create_users", "users", _new_user,
                                                recheck=recheck, explain=self._explain_user)
        outcome = self.sender.send(kind, creates)
        self.userids.update(_created(outcome, "username"))
        unresolved = [u.username for u, _ in outcome.succeeded if u.username not in self.userids]
        if unresolved:
            self._learn_users(unresolved)
        self._count("users_create", len(outcome.succeeded))
        self._report(outcome, "create account", self.failed_users)

    def _update_users(self) -> None:
        updates = [u for u in self.plan.users if u.action != "create"]
        updates += [UserChange(action="suspend", username=u.username, row=u.row,
                               changes={"suspended": ("0", "1")})
                    for u in self.plan.users if u.suspend_after_create
                    and u.username not in self.failed_users]
        for change in updates:
            change.userid = change.userid or self.userids.get(change.username)
        updates = [u for u in updates if u.userid]
        kind: WriteKind[UserChange] = WriteKind("core_user_update_users", "users", _user_update,
                                                warnings_fail=True, explain=self._explain_user)
        outcome = self.sender.send(kind, updates)
        for change, _ in outcome.succeeded:
            self._count(f"users_{change.action}", 1)
            if change.action == "suspend" and change.row is None:
                self.journal.mark_suspended(self.plan.site, [change.userid or 0], suspended=True)
            elif "suspended" in change.changes and change.changes["suspended"][1] == "0":
                self.journal.mark_suspended(self.plan.site, [change.userid or 0], suspended=False)
        self._report(outcome, "update account")

    def _members(self, action: str) -> None:
        items = [m for m in self.plan.members if m.action == action]
        ready = [m for m in items if self._resolve_member(m)]
        if action == "add":
            kind: WriteKind[MemberChange] = WriteKind(
                "core_cohort_add_cohort_members", "members", lambda m: {
                    "cohorttype": {"type": "id", "value": m.cohortid},
                    "usertype": {"type": "id", "value": m.userid}}, warnings_fail=True)
        else:
            kind = WriteKind("core_cohort_delete_cohort_members", "members",
                             lambda m: {"cohortid": m.cohortid, "userid": m.userid})
        outcome = self.sender.send(kind, ready)
        self._count(f"members_{action}", len(outcome.succeeded))
        self._report(outcome, f"{action} cohort member")

    def _enrol(self) -> None:
        items = [e for e in self.plan.enrolments if e.action in {"enrol", "update", "suspend"}]
        ready = [e for e in items if self._resolve_enrolment(e)]
        site = self.plan.site
        kind: WriteKind[EnrolmentChange] = WriteKind(
            "enrol_manual_enrol_users", "enrolments", lambda e: {
                "roleid": e.roleid, "userid": e.userid, "courseid": e.courseid,
                "timestart": e.timestart, "timeend": e.timeend, "suspend": int(e.suspended)})
        self.journal.mark_enrolments(site, map(_record, ready), done=False)
        outcome = self.sender.send(kind, ready)
        self.journal.mark_enrolments(site, (_record(e) for e, _ in outcome.succeeded), done=True)
        for change, _ in outcome.succeeded:
            self._count(f"enrolments_{change.action}", 1)
        self._report(outcome, "enrol")
        self._unassign_old_roles([e for e, _ in outcome.succeeded if e.remove_roleids])

    def _unassign_old_roles(self, changes: list[EnrolmentChange]) -> None:
        """``enrol_manual_enrol_users`` only ever adds a role; a changed role is taken away here."""
        pairs = [(change, roleid) for change in changes for roleid in change.remove_roleids]
        kind: WriteKind[tuple[EnrolmentChange, int]] = WriteKind(
            "core_role_unassign_roles", "unassignments", lambda pair: {
                "roleid": pair[1], "userid": pair[0].userid, "contextlevel": "course",
                "instanceid": pair[0].courseid})
        outcome = self._uncounted.send(kind, pairs)
        self._count("roles_unassign", len(outcome.succeeded))
        for (change, roleid), message in outcome.failed:
            self._fail("remove old role", change.username, change.row,
                       f"role id {roleid} in {change.course}: {message}")

    def _unenrol(self) -> None:
        items = [e for e in self.plan.enrolments if e.action == "unenrol"]
        kind: WriteKind[EnrolmentChange] = WriteKind(
            "enrol_manual_unenrol_users", "enrolments",
            lambda e: {"userid": e.userid, "courseid": e.courseid})
        outcome = self.sender.send(kind, items)
        self.journal.forget_enrolments(self.plan.site,
                                       ((e.courseid, e.userid or 0) for e, _ in outcome.succeeded))
        self._count("enrolments_unenrol", len(outcome.succeeded))
        self._report(outcome, "unenrol")

    # -- helpers -----------------------------------------------------------------------
    def _resolve_member(self, member: MemberChange) -> bool:
        member.userid = member.userid or self.userids.get(member.username)
        member.cohortid = member.cohortid or self.cohortids.get(member.cohort)
        if member.userid and member.cohortid:
            return True
        self._skip("add cohort member", member.username, member.row)
        return False

    def _resolve_enrolment(self, change: EnrolmentChange) -> bool:
        change.userid = change.userid or self.userids.get(change.username)
        if change.userid:
            return True
        self._skip("enrol", change.username, change.row)
        return False

    def _skip(self, step: str, username: str, row: int | None) -> None:
        reason = ("the account could not be created" if username in self.failed_users
                  else "the account or cohort does not exist on the site")
        self._fail(step, username, row, f"skipped: {reason}")
        self._advance(1)

    def _explain_user(self, change: UserChange, reason: str) -> str:
        """Moodle says only "Invalid parameter value detected"; the usual cause is an email that
        another account already uses, which one read can confirm and name."""
        email = change.fields.get("email") or change.changes.get("email", ("", ""))[1]
        if email:
            others = sorted(u.username for u in self._reader.lookup_users("email", [email])
                            if u.username != change.username)
            if others:
                return (f"the email {email} is already used by the account '{others[0]}'; Moodle "
                        "refuses a second account with the same email (unless the site allows "
                        "it: allowaccountssameemail)")
        if change.action == "create":
            return (f"Moodle refused the account ({_first_line(reason)}); check the password "
                    "against the site's password policy and the auth, lang, country and "
                    "profile_field_* values")
        return f"Moodle refused the update ({_first_line(reason)})"

    def _learn_users(self, usernames: list[str]) -> None:
        self.userids.update((u.username, u.id)
                            for u in self._reader.lookup_users("username", usernames))

    def _learn_cohorts(self) -> None:
        for raw in self.caller("core_cohort_get_cohorts", {"cohortids": []}, read_only=True) or []:
            if raw.get("idnumber"):
                self.cohortids.setdefault(str(raw["idnumber"]), int(raw["id"]))

    def _report(self, outcome: Outcome[Any], step: str, into: set[str] | None = None) -> None:
        for item, message in outcome.failed:
            self._fail(step, item.username, item.row, message)
            if into is not None:
                into.add(item.username)

    def _fail(self, step: str, username: str, row: int | None, message: str) -> None:
        self.result.failures.append(RowFailure(step=step, username=username, row=row,
                                               message=message))

    def _count(self, key: str, n: int) -> None:
        if n:
            self.result.done[key] = self.result.done.get(key, 0) + n

    def _advance(self, n: int) -> None:
        self._done_units += n
        if self._progress:
            self._progress(self._done_units, self.total)


def _created(outcome: Outcome[Any], key: str) -> dict[str, int]:
    """``key`` -> id of every record a create call answered with. Each item of a batch is
    paired with the batch's whole answer, so each answer is read once. Items whose create a
    recheck found done have no answer (``None``)."""
    answers = {id(response): response for _item, response in outcome.succeeded}
    return {str(record[key]): int(record["id"])
            for response in answers.values() for record in response or []}


def _first_line(text: str) -> str:
    return text.split(". Moodle gives details")[0].splitlines()[0] if text else "no reason given"


def _size(plan: SyncPlan) -> int:
    extra = sum(1 for u in plan.users if u.suspend_after_create)
    return len(plan.users) + extra + len(plan.cohorts) + len(plan.members) + len(plan.enrolments)


def _record(e: EnrolmentChange) -> tuple[int, int, int, int, int, bool]:
    return (e.courseid, e.userid or 0, e.roleid, e.timestart, e.timeend, e.suspended)


def _new_user(user: UserChange) -> Mapping[str, Any]:
    data: dict[str, Any] = {"username": user.username, **user.fields}
    if user.password:
        data["password"] = user.password
    elif data.get("auth", "manual") in INTERNAL_AUTH:
        data["createpassword"] = 1
    if user.profile:
        data["customfields"] = [{"type": k, "value": v} for k, v in user.profile.items()]
    return data


def _user_update(change: UserChange) -> Mapping[str, Any]:
    data: dict[str, Any] = {"id": change.userid}
    custom = []
    for name, (_old, new) in change.changes.items():
        if name.startswith("profile_field_"):
            custom.append({"type": name.removeprefix("profile_field_"), "value": new})
        elif name == "suspended":
            data["suspended"] = int(new)
        else:
            data[name] = new
    if custom:
        data["customfields"] = custom
    return data
