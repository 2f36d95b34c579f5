"""HTML: one self-contained page a coordinator can e-mail or print.

Everything is inline (CSS, SVG charts): no script, no font, image or stylesheet from a CDN, so
the page looks the same offline, in a mail client and on paper. Templates are looked up in a
user folder first (``template_dir``), then in ``lms_bridge/reports/templates``, so an institute
can restyle the page without forking.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from lms_bridge.reports import charts
from lms_bridge.reports.aggregate import summarise
from lms_bridge.reports.records import PROGRESS_LABELS, SCORM_LABELS, CompletionReport

TEMPLATE = "completions.html.j2"


def _environment(template_dir: Path | None) -> Environment:
    loaders: list[FileSystemLoader | PackageLoader] = []
    if template_dir is not None:
        loaders.append(FileSystemLoader(str(template_dir)))
    loaders.append(PackageLoader("lms_bridge.reports", "templates"))
    return Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render_html(report: CompletionReport, *, title: str = "Completion report",
                template_dir: Path | None = None) -> str:
    summary = summarise(report)
    institutions = [(g.label, g.completion_rate, g.learners) for g in summary.by_institution]
    return _environment(template_dir).get_template(TEMPLATE).render(
        title=title, report=report, summary=summary, progress_labels=PROGRESS_LABELS,
        scorm_labels=SCORM_LABELS, multiple_courses=len(report.courses) > 1,
        chart_institutions=charts.rate_bars("Completion rate by institution", institutions),
        chart_funnel=charts.funnel("Progress funnel", summary.funnel),
        chart_months=charts.month_columns("Completions per month",
                                          summary.completions_by_month))
