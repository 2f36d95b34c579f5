"""The library API of the sync: plan a roster against a site, or plan and apply it.

Apply always re-plans from the site's real state first, so re-running after a crash, a network
fault or a partial run converges instead of repeating work, and running the same roster twice makes
no writes the second time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel

from lms_bridge.exceptions import InputError
from lms_bridge.moodle.config import MoodleConfig
from lms_bridge.moodle.encoding import DEFAULT_FIELD_BUDGET
from lms_bridge.sync.apply import Applier, ApplyResult, Progress
from lms_bridge.sync.journal import Journal
from lms_bridge.sync.plan import Memory, PlanOptions, build_plan
from lms_bridge.sync.plan_model import SyncPlan
from lms_bridge.sync.roster import Roster, local_timezone
from lms_bridge.sync.sender import BACKOFF, MAX_RETRY_AFTER, WRITE_ATTEMPTS, RetryingCaller
from lms_bridge.sync.site import PAGE_SIZE, Caller, SiteReader


@dataclass(frozen=True)
class SyncSettings:
    suspend_missing: bool = False
    unenrol: bool = False
    skip_invalid: bool = False
    field_budget: int = DEFAULT_FIELD_BUDGET
    page_size: int = PAGE_SIZE
    write_attempts: int = WRITE_ATTEMPTS
    """See :data:`lms_bridge.sync.sender.WRITE_ATTEMPTS`; reads are retried by the transport."""
    backoff: float = BACKOFF
    """Seconds before the first resend of a write, doubled for each further one, with jitter
    (``lms_bridge.moodle.transport.backoff_delay``); :meth:`for_moodle` takes the Moodle
    client's, so both layers wait alike."""
    max_retry_after: float = MAX_RETRY_AFTER
    """Longest ``Retry-After`` honoured before a resend; a longer one stops the run."""
    role_ids: Mapping[str, int] = field(default_factory=dict)
    timezone: dt.tzinfo | None = None

    def for_moodle(self, config: MoodleConfig) -> SyncSettings:
        """These settings sized and paced for the client that will carry the calls: batches
        within 80% of its ``max_input_vars`` (as :data:`DEFAULT_FIELD_BUDGET` is of Moodle's
        minimum), resends waiting by its ``backoff`` and ``max_retry_after``."""
        return dataclasses.replace(self, field_budget=config.max_input_vars * 4 // 5,
                                   backoff=config.backoff,
                                   max_retry_after=config.max_retry_after)


class SyncReport(BaseModel):
    plan: SyncPlan
    result: ApplyResult | None = None
    applied: bool = False
    resumed_interrupted_run: bool = False

    @property
    def exit_code(self) -> int:
        """0 all done, 1 errors (nothing sent), 3 applied with row failures or skipped rows."""
        if not self.applied:
            return 1 if self.plan.problems else 0
        if (self.result and self.result.failures) or self.plan.problems:
            return 3
        return 0

    def summary(self) -> dict[str, object]:
        data: dict[str, object] = {
            "site": self.plan.site, "roster": self.plan.roster, "applied": self.applied,
            "planned": self.plan.counts(), "problems": len(self.plan.problems),
            "read_calls": self.plan.read_calls, "exit_code": self.exit_code,
        }
        if self.result is not None:
            data.update(done=self.result.done, failures=len(self.result.failures),
                        calls=self.result.calls, writes=self.result.writes)
        if self.resumed_interrupted_run:
            data["resumed_interrupted_run"] = True
        return data


def _caller(call: Caller, settings: SyncSettings, sleep: Callable[[float], None]
            ) -> RetryingCaller:
    return RetryingCaller(call, write_attempts=settings.write_attempts, backoff=settings.backoff,
                          max_retry_after=settings.max_retry_after, sleep=sleep)


def plan_sync(call: Caller, roster: Roster, journal: Journal,
              settings: SyncSettings = SyncSettings(), *, now: int | None = None) -> SyncPlan:
    """Read the site and diff it against the roster; makes no writes."""
    return _plan(_caller(call, settings, time.sleep), roster, journal, settings, now)


def _plan(caller: RetryingCaller, roster: Roster, journal: Journal, settings: SyncSettings,
          now: int | None) -> SyncPlan:
    calls_before = caller.calls
    reader = SiteReader(caller, field_budget=settings.field_budget, page_size=settings.page_size,
                        role_ids=settings.role_ids)
    state = reader.read((u.username for u in roster.users), roster.cohorts, roster.courses,
                        full_outsiders=settings.suspend_missing)
    memory = Memory(journal.enrolments(state.site), journal.suspended_by_sync(state.site))
    plan = build_plan(roster, state, memory,
                      PlanOptions(settings.suspend_missing, settings.unenrol),
                      now=int(time.time()) if now is None else now,
                      tz=settings.timezone or local_timezone())
    plan.read_calls = caller.calls - calls_before
    return plan


def apply_sync(call: Caller, roster: Roster, journal: Journal,
               settings: SyncSettings = SyncSettings(), *, progress: Progress | None = None,
               confirm: Callable[[SyncPlan], bool] | None = None,
               now: int | None = None,
               sleep: Callable[[float], None] = time.sleep) -> SyncReport:
    """Plan, refuse if the roster has errors (unless ``skip_invalid``), confirm, then apply.

    ``sleep`` makes the waits before resending a write (tests pass a recorder)."""
    caller = _caller(call, settings, sleep)
    plan = _plan(caller, roster, journal, settings, now)
    if plan.problems and not settings.skip_invalid:
        raise InputError(f"The roster {roster.file} has errors; nothing was sent to Moodle "
                         "(fix them, or use --skip-invalid to apply the valid rows only)",
                         list(plan.problems))
    report = SyncReport(plan=plan)
    report.resumed_interrupted_run = journal.interrupted_run(plan.site, roster.file)
    if plan.is_empty or (confirm is not None and not confirm(plan)):
        report.result = ApplyResult(calls=caller.calls, writes=caller.writes)
        report.applied = plan.is_empty
        if plan.is_empty:
            journal.finish_run(journal.start_run(plan.site, roster.file), "done", report.summary())
        return report
    run_id = journal.start_run(plan.site, roster.file)
    report.result = Applier(plan, caller, journal, field_budget=settings.field_budget,
                            progress=progress).run()
    report.applied = True
    journal.finish_run(run_id, "done" if report.result.ok else "failures", report.summary())
    return report
