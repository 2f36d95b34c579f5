"""Completion reports for coordinators: who finished what, by cohort and institution.

``collect_completions(client, courses=[...])`` returns a :class:`CompletionReport` of typed
:class:`CompletionRecord` rows; :mod:`.aggregate` summarises them and the ``render_*`` modules
write CSV, XLSX, HTML or JSON. See ``docs/reports.md``.
"""

from __future__ import annotations

from lms_bridge.reports.collect import collect_completions
from lms_bridge.reports.records import (
    CompletionRecord,
    CompletionReport,
    CourseInfo,
    ScormResult,
)

__all__ = ["CompletionRecord", "CompletionReport", "CourseInfo", "ScormResult",
           "collect_completions"]
