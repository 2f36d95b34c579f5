"""JSON: the records and the aggregates, for scripts and dashboards.

Times are ISO 8601 with the offset of the report's zone (``timezone``); ``partial`` is true
when any learner failed to load (those records carry ``load_error`` and
``progress: "not_loaded"``).
"""

from __future__ import annotations

import json
from typing import Any

from lms_bridge.reports.aggregate import summarise
from lms_bridge.reports.records import CompletionReport


def report_data(report: CompletionReport) -> dict[str, Any]:
    data = report.model_dump(mode="json")
    data["partial"] = report.partial
    data["failed_learners"] = len(report.failed)
    data["summary"] = summarise(report).model_dump(mode="json")
    return data


def render_json(report: CompletionReport) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"
