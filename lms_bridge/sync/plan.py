"""Diffing a roster against the site: the pure heart of the sync.

Rules (see docs/sync.md): a roster owns only the cohorts and courses it names; listed people get
accounts, memberships and enrolments exactly as written; people no longer listed leave those
cohorts and have those enrolments suspended (removed with ``unenrol``); accounts are suspended only
with ``suspend_missing``; nothing is ever deleted. Empty cells leave the site's value alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lms_bridge.exceptions import Problem
from lms_bridge.sync.journal import EnrolmentRecord
from lms_bridge.sync.plan_model import (
    CohortCreate,
    EnrolmentChange,
    MemberChange,
    SyncPlan,
    UserChange,
)
from lms_bridge.sync.roster import Roster, RosterEnrolment, RosterUser
from lms_bridge.sync.site import SiteState

DAY = 86400
UNASSIGN = "core_role_unassign_roles"


@dataclass(frozen=True)
class PlanOptions:
    suspend_missing: bool = False
    unenrol: bool = False


@dataclass(frozen=True)
class Memory:
    """What the journal knows: last enrolment state sent, accounts the sync suspended."""

    enrolments: dict[tuple[int, int], EnrolmentRecord]
    suspended_by_sync: set[int]


def site_problems(roster: Roster, state: SiteState) -> list[Problem]:
    """Unknown courses, roles and numeric cohort ids, located at the roster cell that names them."""
    found: list[Problem] = []
    for user in roster.users:
        for index, value in enumerate(user.cohorts, start=1):
            if value.isdigit() and value not in state.cohorts:
                found.append(Problem(roster.file, f"no cohort with the id {value} on the site "
                                     "(a number is read as a cohort id, as Moodle's upload tool "
                                     "does)", user.row, f"cohort{index}"))
        for enrolment in user.enrolments:
            number = enrolment.column.removeprefix("course")
            if enrolment.course not in state.courses:
                found.append(Problem(roster.file, f"no course with the shortname "
                                     f"'{enrolment.course}' on the site", user.row,
                                     enrolment.column))
            if enrolment.role not in state.roles:
                found.append(Problem(roster.file, f"no role with the shortname '{enrolment.role}' "
                                     f"(known: {', '.join(sorted(state.roles))})", user.row,
                                     f"role{number}"))
    return found


def build_plan(roster: Roster, state: SiteState, memory: Memory, options: PlanOptions,
               *, now: int, tz: dt.tzinfo) -> SyncPlan:
    problems = site_problems(roster, state)
    bad_rows = {p.line for p in problems}
    users = [u for u in roster.users if u.row not in bad_rows]
    protected = set(roster.skipped_usernames) | {u.username for u in roster.users
                                                  if u.row in bad_rows}
    plan = SyncPlan(site=state.site, roster=roster.file, options={
        "suspend_missing": options.suspend_missing, "unenrol": options.unenrol},
        problems=sorted([*roster.problems, *problems], key=lambda p: p.line or 0),
        warnings=list(roster.warnings),
        roster_rows=len(roster.users) + len(roster.invalid_rows))
    listed = {u.username for u in users} | protected
    for user in users:
        change = _user_change(user, state, memory)
        if change is not None:
            plan.users.append(change)
    plan.cohorts = _cohorts_to_create(users, state)
    plan.members = _member_changes(users, state, listed)
    plan.enrolments, stale = _enrolment_changes(users, state, memory, listed, options, now=now,
                                                tz=tz)
    if stale:
        plan.warnings.append(Problem(roster.file, f"{len(stale)} enrolment(s) keep a role the "
                                     f"roster no longer gives ({', '.join(stale[:3])}"
                                     f"{', ...' if len(stale) > 3 else ''}); add {UNASSIGN} to "
                                     "the token's service to have it removed"))
    if options.suspend_missing:
        plan.users.extend(_suspensions(state, listed, users))
    return plan


def _user_change(user: RosterUser, state: SiteState, memory: Memory) -> UserChange | None:
    site = state.users.get(user.username)
    if site is None:
        return UserChange(action="create", username=user.username, row=user.row,
                          fields=dict(user.fields), profile=dict(user.profile),
                          password=user.password, suspend_after_create=bool(user.suspended))
    changes = {k: (site.fields.get(k, ""), v) for k, v in user.fields.items()
               if site.fields.get(k, "") != v}
    changes.update({f"profile_field_{k}": (site.profile.get(k, ""), v)
                    for k, v in user.profile.items() if site.profile.get(k, "") != v})
    wanted = user.suspended
    if wanted is None and site.suspended and site.id in memory.suspended_by_sync:
        wanted = False
    if wanted is not None and wanted != site.suspended:
        changes["suspended"] = (str(int(site.suspended)), str(int(wanted)))
    if not changes:
        return None
    action = "update"
    if set(changes) == {"suspended"}:
        action = "suspend" if wanted else "unsuspend"
    return UserChange(action=action, username=user.username, userid=site.id, row=user.row,
                      changes=changes)


def _cohorts_to_create(users: list[RosterUser], state: SiteState) -> list[CohortCreate]:
    """As Moodle's upload tool does: an unknown non-numeric cohort value becomes a new cohort."""
    rows: dict[str, list[int]] = {}
    for user in users:
        for value in user.cohorts:
            if value not in state.cohorts and not value.isdigit():
                rows.setdefault(value, []).append(user.row)
    return [CohortCreate(idnumber=v, name=v, rows=r) for v, r in sorted(rows.items())]


def _member_changes(users: list[RosterUser], state: SiteState,
                    listed: set[str]) -> list[MemberChange]:
    changes: list[MemberChange] = []
    wanted: dict[str, set[str]] = {}
    protected = listed - {u.username for u in users}
    for user in users:
        site = state.users.get(user.username)
        for value in user.cohorts:
            wanted.setdefault(value, set()).add(user.username)
            cohort = state.cohorts.get(value)
            if cohort is None or site is None or site.id not in state.members[cohort.id]:
                changes.append(MemberChange(action="add", cohort=value, username=user.username,
                                            cohortid=cohort.id if cohort else None,
                                            userid=site.id if site else None, row=user.row))
    for value, cohort in sorted(state.cohorts.items()):
        for uid in sorted(state.members.get(cohort.id, set())):
            person = state.users_by_id.get(uid)
            username = person.username if person else f"#{uid}"
            if uid == state.token_userid or username in wanted.get(value, set()) \
                    or username in protected:
                continue
            changes.append(MemberChange(action="remove", cohort=value, cohortid=cohort.id,
                                        username=username, userid=uid))
    return changes


def desired_dates(enrolment: RosterEnrolment, known: EnrolmentRecord | None, *, now: int,
                  tz: dt.tzinfo) -> tuple[int, int]:
    """Start and end to send. An empty start keeps the one sent before; a period with no start
    counts from the first sync's day (pinned in the journal, so re-runs do not drift)."""
    timestart = enrolment.timestart
    if timestart is None:
        timestart = known.timestart if known else 0
        if not timestart and enrolment.period_days:
            day = dt.datetime.fromtimestamp(now, tz).replace(hour=0, minute=0, second=0,
                                                               microsecond=0)
            timestart = int(day.timestamp())
    if enrolment.period_days:
        return timestart, timestart + enrolment.period_days * DAY
    if enrolment.timestart is None and known is not None:
        return timestart, known.timeend
    return timestart, 0


def _status_checkable(timestart: int, timeend: int, now: int, account_suspended: bool) -> bool:
    """Whether the site's active/suspended answer can confirm the status we want.

    Moodle lists an enrolment outside its dates (and, on some versions, any enrolment of a
    suspended account) as "suspended", whatever its status; only inside the window of an active
    account does the answer say something about the status itself. Otherwise the journal decides.
    """
    return not account_suspended and timestart <= now and (timeend == 0 or timeend > now)


def _enrolment_changes(users: list[RosterUser], state: SiteState, memory: Memory,
                       listed: set[str], options: PlanOptions, *, now: int,
                       tz: dt.tzinfo) -> tuple[list[EnrolmentChange], list[str]]:
    changes: list[EnrolmentChange] = []
    wanted: dict[int, set[str]] = {}
    owned_roles: dict[int, set[int]] = {}
    protected = listed - {u.username for u in users}
    for user in users:
        for enrolment in user.enrolments:
            owned_roles.setdefault(state.courses[enrolment.course], set()).add(
                state.roles[enrolment.role])
    can_unassign = UNASSIGN in state.functions
    stale: list[str] = []
    for user in users:
        site = state.users.get(user.username)
        for enrolment in user.enrolments:
            courseid = state.courses[enrolment.course]
            roleid = state.roles[enrolment.role]
            wanted.setdefault(courseid, set()).add(user.username)
            current = state.enrolments[courseid].get(site.id) if site else None
            extra = sorted((current.roleids & owned_roles[courseid]) - {roleid}) \
                if current else []
            if extra and not can_unassign:
                stale.append(f"{user.username} in {enrolment.course}")
                extra = []
            known = memory.enrolments.get((courseid, site.id)) if site else None
            start, end = desired_dates(enrolment, known, now=now, tz=tz)
            checkable = _status_checkable(start, end, now, bool(site and site.suspended))
            reasons = _enrolment_reasons(current is not None, roleid, start, end,
                                         enrolment.suspended, known, checkable=checkable,
                                         site_roles=current.roleids if current else set(),
                                         site_active=current.active if current else False)
            if extra:
                reasons.append("other role(s) from the roster to remove")
            if reasons:
                changes.append(EnrolmentChange(
                    action="update" if current else "enrol", course=enrolment.course,
                    courseid=courseid, username=user.username, userid=site.id if site else None,
                    row=user.row, role=enrolment.role, roleid=roleid, timestart=start,
                    timeend=end, suspended=enrolment.suspended, remove_roleids=extra,
                    reasons=reasons))
    for shortname, courseid in sorted(state.courses.items()):
        for uid, current in sorted(state.enrolments[courseid].items()):
            person = state.users_by_id.get(uid)
            username = person.username if person else f"#{uid}"
            mine = current.roleids & owned_roles.get(courseid, set())
            if uid == state.token_userid or username in wanted.get(courseid, set()) \
                    or username in protected or not mine:
                continue
            if options.unenrol:
                changes.append(EnrolmentChange(action="unenrol", course=shortname,
                                               courseid=courseid, username=username, userid=uid,
                                               reasons=["no longer listed"]))
            elif current.active:
                known = memory.enrolments.get((courseid, uid))
                changes.append(EnrolmentChange(
                    action="suspend", course=shortname, courseid=courseid, username=username,
                    userid=uid, roleid=min(mine), timestart=known.timestart if known else 0,
                    timeend=known.timeend if known else 0, suspended=True,
                    reasons=["no longer listed"]))
    return changes, stale


def _enrolment_reasons(enrolled: bool, roleid: int, start: int, end: int, suspended: bool,
                       known: EnrolmentRecord | None, *, checkable: bool, site_roles: set[int],
                       site_active: bool) -> list[str]:
    if not enrolled:
        return ["not enrolled"]
    reasons: list[str] = []
    if roleid not in site_roles:
        reasons.append("role not assigned")
    if checkable and site_active == suspended:
        reasons.append("status differs")
    if known is None:
        if start or end or (suspended and not checkable):
            reasons.append("dates or status not confirmed by an earlier sync")
    elif not known.done:
        reasons.append("an earlier sync was interrupted while sending it")
    elif (known.timestart, known.timeend, known.suspended) != (start, end, suspended):
        reasons.append("dates or status changed in the roster")
    return reasons


def _suspensions(state: SiteState, listed: set[str],
                 users: list[RosterUser]) -> list[UserChange]:
    """Accounts seen in the roster's cohorts and courses but no longer listed."""
    seen = {uid for members in state.members.values() for uid in members}
    seen |= {uid for people in state.enrolments.values() for uid in people}
    changes = []
    for uid in sorted(seen):
        person = state.users_by_id.get(uid)
        if person is None or uid == state.token_userid or person.username in listed \
                or person.suspended or not person.fields:
            continue
        changes.append(UserChange(action="suspend", username=person.username, userid=uid,
                                  changes={"suspended": ("0", "1")}))
    return changes
