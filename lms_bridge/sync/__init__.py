"""Roster sync: users, cohorts and course enrolments from a spreadsheet, planned then applied.

``load_roster`` reads and validates a CSV/XLSX roster; ``plan_sync`` diffs it against a Moodle
site without writing; ``apply_sync`` re-plans and applies, journalled so a re-run converges.
See ``docs/sync.md``.
"""

from __future__ import annotations

from lms_bridge.sync.apply import ApplyResult, RowFailure
from lms_bridge.sync.journal import Journal
from lms_bridge.sync.plan_model import SyncPlan
from lms_bridge.sync.roster import Roster, RosterEnrolment, RosterUser, load_roster
from lms_bridge.sync.run import SyncReport, SyncSettings, apply_sync, plan_sync
from lms_bridge.sync.sender import SyncAborted

__all__ = [
    "ApplyResult", "Journal", "Roster", "RosterEnrolment", "RosterUser", "RowFailure",
    "SyncAborted", "SyncPlan", "SyncReport", "SyncSettings", "apply_sync", "load_roster",
    "plan_sync",
]
