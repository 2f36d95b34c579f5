"""Plain-text views of a plan and a run, for people (the CLI adds colour, nothing else)."""

from __future__ import annotations

import datetime as dt

from lms_bridge.sync.plan_model import SyncPlan
from lms_bridge.sync.run import SyncReport

_LABELS = {
    "users_create": "accounts to create", "users_update": "accounts to update",
    "users_suspend": "accounts to suspend", "users_unsuspend": "accounts to re-activate",
    "cohorts_create": "cohorts to create (named in the roster, missing on the site)",
    "members_add": "cohort members to add", "members_remove": "cohort members to remove",
    "enrolments_enrol": "enrolments to add", "enrolments_update": "enrolments to update",
    "enrolments_suspend": "enrolments to suspend (no longer listed)",
    "enrolments_unenrol": "enrolments to remove (no longer listed, --unenrol)",
}


_DONE = {
    "users_create": "accounts created", "users_update": "accounts updated",
    "users_suspend": "accounts suspended", "users_unsuspend": "accounts re-activated",
    "cohorts_create": "cohorts created", "members_add": "cohort members added",
    "members_remove": "cohort members removed", "enrolments_enrol": "enrolments added",
    "enrolments_update": "enrolments updated", "enrolments_suspend": "enrolments suspended",
    "enrolments_unenrol": "enrolments removed", "roles_unassign": "old roles removed",
}
_ORDER = list(_LABELS)


def _ordered(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: _ORDER.index(kv[0]) if kv[0] in _ORDER else 99)


def _date(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "-"


def _dates(start: int, end: int) -> str:
    if not start and not end:
        return "no dates"
    return f"{_date(start)} to {_date(end) if end else 'open end'}"


def plan_table(plan: SyncPlan, *, limit: int = 50) -> str:
    """Counts first, then up to ``limit`` lines per kind of change."""
    lines = [f"Roster {plan.roster} ({plan.roster_rows} rows) against {plan.site}", ""]
    counts = plan.counts()
    if not counts and plan.problems:
        lines.append("Nothing to change for the rows without problems.")
    elif not counts:
        lines.append("Nothing to change: the site already matches the roster.")
    for key, count in _ordered(counts):
        lines.append(f"  {count:>6}  {_LABELS.get(key, key)}")
    rows: list[tuple[str, str, str, str]] = []
    for user in plan.users:
        detail = ", ".join(f"{k}: {old or '∅'} → {new}" for k, (old, new) in user.changes.items())
        if user.action == "create":
            detail = " ".join(filter(None, [user.fields.get("firstname"),
                                            user.fields.get("lastname"),
                                            f"<{user.fields.get('email', '')}>"]))
            if user.suspend_after_create:
                detail += " (created suspended)"
        rows.append((_row(user.row), f"{user.action} account", user.username, detail))
    for cohort in plan.cohorts:
        rows.append((_row(cohort.rows[0]), "create cohort", cohort.idnumber,
                     f"used on {len(cohort.rows)} row(s)"))
    for member in plan.members:
        rows.append((_row(member.row), f"{member.action} member", member.username, member.cohort))
    for change in plan.enrolments:
        detail = change.course
        if change.action in {"enrol", "update"}:
            detail += (f" as {change.role}, {_dates(change.timestart, change.timeend)}"
                       f"{', suspended' if change.suspended else ''}")
        if change.reasons and change.action != "enrol":
            detail += f" ({'; '.join(change.reasons)})"
        rows.append((_row(change.row), change.action, change.username, detail))
    if rows:
        lines.append("")
        shown: dict[str, int] = {}
        for row, action, who, detail in rows:
            shown[action] = shown.get(action, 0) + 1
            if shown[action] == limit + 1:
                lines.append(f"  ... more '{action}' lines (use --json for all)")
            if shown[action] <= limit:
                lines.append(f"  {row:>6}  {action:<17} {who:<30} {detail}")
    return "\n".join(lines)


def _row(row: int | None) -> str:
    return f"row {row}" if row else ""


def summary_text(report: SyncReport) -> str:
    if report.result is None or not report.applied:
        return "Nothing was applied."
    result = report.result
    parts = [f"{n} {_DONE.get(k, k)}" for k, n in _ordered(result.done)]
    lines = ["Done: " + (", ".join(parts) if parts else "no changes were needed") + "."]
    lines.append(f"{result.calls} web-service calls ({result.writes} writes).")
    if result.failures:
        lines.append(f"{len(result.failures)} row(s) failed:")
        lines.extend(f"  {_row(f.row) or '-':>8}  {f.username}: {f.step}: {f.message}"
                     for f in result.failures)
    if report.plan.problems:
        lines.append(f"{len(report.plan.problems)} problem(s) in the roster; those rows were "
                     "skipped (--skip-invalid):")
        lines.extend(f"  {p}" for p in report.plan.problems)
    return "\n".join(lines)
