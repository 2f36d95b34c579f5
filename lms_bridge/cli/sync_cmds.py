"""``lms-bridge sync plan|apply ROSTER``: keep Moodle's users, cohorts and enrolments in step."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click

from lms_bridge.cli import fmt
from lms_bridge.cli.moodle_options import moodle_options
from lms_bridge.cli.params import TimeZone
from lms_bridge.files import user_dir
from lms_bridge.moodle import MoodleClient, MoodleConfig
from lms_bridge.sync import Journal, SyncPlan, SyncSettings, apply_sync, load_roster, plan_sync
from lms_bridge.sync.render import plan_table, summary_text

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_JOURNAL = user_dir("state") / "sync-journal.sqlite"


def _roster_options(func: F) -> F:
    for option in reversed([
        click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
        click.option("--encoding", help="Encoding of a CSV roster (utf-8, cp1250, cp1251); "
                     "detected when not given."),
        click.option("--timezone", "tz", type=TimeZone(), metavar="ZONE",
                     help="Time zone of the roster's dates, e.g. Europe/Tirane (default: this "
                     "computer's)."),
        click.option("--suspend-missing", is_flag=True,
                     help="Suspend accounts found in the roster's cohorts and courses that the "
                     "roster no longer lists."),
        click.option("--unenrol", is_flag=True,
                     help="Remove (instead of suspend) enrolments of people no longer listed."),
        click.option("--journal", "journal_path", type=click.Path(dir_okay=False, path_type=Path),
                     default=DEFAULT_JOURNAL, show_default=True,
                     help="SQLite journal that makes re-runs converge."),
        click.option("--role-id", "role_ids", multiple=True, metavar="SHORTNAME=ID",
                     help="Id of a role on this site (no core web service lists roles; the "
                     "standard ids and those seen in the courses are known). Repeatable."),
        click.option("--json", "as_json", is_flag=True, help="Print JSON for automation."),
    ]):
        func = option(func)
    return func


@click.group()
def sync() -> None:
    """Sync users, cohorts and course enrolments from a roster (CSV or XLSX)."""


def _settings(tz: ZoneInfo | None, role_ids: tuple[str, ...], *, suspend_missing: bool,
              unenrol: bool, config: MoodleConfig, skip_invalid: bool = False) -> SyncSettings:
    roles: dict[str, int] = {}
    for pair in role_ids:
        name, _, number = pair.partition("=")
        if not name or not number.isdigit():
            raise click.BadParameter(f"'{pair}' is not SHORTNAME=ID", param_hint="--role-id")
        roles[name.strip()] = int(number)
    return SyncSettings(timezone=tz, suspend_missing=suspend_missing, unenrol=unenrol,
                        skip_invalid=skip_invalid, role_ids=roles).for_moodle(config)


@sync.command("plan")
@_roster_options
@moodle_options
def plan_cmd(roster: Path, encoding: str | None, tz: ZoneInfo | None,
             suspend_missing: bool, unenrol: bool, journal_path: Path,
             role_ids: tuple[str, ...], as_json: bool, moodle: MoodleClient) -> None:
    """Show what `sync apply` would change; writes nothing."""
    settings = _settings(tz, role_ids, suspend_missing=suspend_missing,
                         unenrol=unenrol, config=moodle.config)
    loaded = load_roster(roster, encoding=encoding, timezone=settings.timezone)
    with Journal(journal_path) as journal:
        plan = plan_sync(moodle.call_params, loaded, journal, settings)
    _show_plan(plan, as_json)
    if plan.problems:
        click.get_current_context().exit(1)


@sync.command("apply")
@_roster_options
@click.option("--yes", "-y", is_flag=True, help="Apply without asking (for scripts).")
@click.option("--skip-invalid", is_flag=True,
              help="Apply the valid rows and report the invalid ones (default: apply nothing "
              "while any row has an error).")
@moodle_options
def apply_cmd(roster: Path, encoding: str | None, tz: ZoneInfo | None,
              suspend_missing: bool, unenrol: bool, journal_path: Path,
              role_ids: tuple[str, ...], as_json: bool, yes: bool, skip_invalid: bool,
              moodle: MoodleClient) -> None:
    """Show the plan, ask, then apply it; re-running converges after any failure."""
    if not yes and (as_json or not sys.stdin.isatty()):
        raise click.UsageError("nothing to confirm on (no terminal, or --json): pass --yes to "
                               "apply without asking")
    settings = _settings(tz, role_ids, suspend_missing=suspend_missing,
                         unenrol=unenrol, skip_invalid=skip_invalid,
                         config=moodle.config)
    loaded = load_roster(roster, encoding=encoding, timezone=settings.timezone)

    def confirm(plan: SyncPlan) -> bool:
        _show_plan(plan, as_json=False)
        return yes or click.confirm("Apply these changes?", default=False, err=True)

    with (Journal(journal_path) as journal,
          fmt.Progress("Applying", min_total=50, tty_only=True) as progress):
        report = apply_sync(moodle.call_params, loaded, journal, settings,
                            progress=None if as_json else progress,
                            confirm=None if as_json else confirm)
    if as_json:
        click.echo(json.dumps({"summary": report.summary(), "plan": report.plan.to_jsonable(),
                               "failures": [f.model_dump() for f in (report.result.failures
                                                                     if report.result else [])]},
                              indent=2, ensure_ascii=False))
    elif report.applied:
        if report.resumed_interrupted_run:
            fmt.info("An earlier run of this roster was interrupted; this run completed it.")
        fmt.info(summary_text(report))
        if report.exit_code == 0:
            fmt.success("The site matches the roster.")
        else:
            fmt.warning("Some rows were not applied (listed above); fix them and run again.")
    else:
        fmt.info("Nothing was changed.")
    if report.exit_code:
        click.get_current_context().exit(report.exit_code)


def _show_plan(plan: SyncPlan, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(plan.to_jsonable(), indent=2, ensure_ascii=False))
        return
    fmt.info(plan_table(plan))
    for warning in plan.warnings:
        fmt.warning(str(warning))
    if plan.problems:
        fmt.error(f"{len(plan.problems)} problem(s) in the roster; these rows are left out:")
        for problem in plan.problems:
            fmt.error(f"  {problem}")
