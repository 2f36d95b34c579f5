"""HTML: one self-contained page a coordinator can e-mail or print.

Everything is inline (CSS, SVG charts): no script, no font, image or stylesheet from a CDN, so
the page looks the same offline, in a mail client and on paper. Templates are looked up in a
user folder first (``template_dir``), then in ``lms_bridge/reports/templates``, so an institute
can restyle the page without forking. The page is in the coordinator's language (``lang``:
sq, en or bg): the template gets ``t`` (a :class:`~.language.Labels`: ``t("title")``,
``t.date(...)``, ``t.number(...)``) and ``lang`` for ``<html lang>``.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from lms_bridge.reports import charts
from lms_bridge.reports.aggregate import summarise
from lms_bridge.reports.language import labels_for
from lms_bridge.reports.records import CompletionReport

TEMPLATE = "completions.html.j2"


def _environment(template_dir: Path | None) -> Environment:
    loaders: list[FileSystemLoader | PackageLoader] = []
    if template_dir is not None:
        loaders.append(FileSystemLoader(str(template_dir)))
    loaders.append(PackageLoader("lms_bridge.reports", "templates"))
    return Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render_html(report: CompletionReport, *, title: str | None = None,
                template_dir: Path | None = None, lang: str = "en") -> str:
    """The page; ``title`` defaults to "Completion report" in ``lang``."""
    t = labels_for(lang)
    summary = summarise(report)
    institutions = [(t.group(g.label), g.completion_rate, g.learners)
                    for g in summary.by_institution]
    funnel = [(t.funnel_stage(stage), count) for stage, count in summary.funnel]
    return _environment(template_dir).get_template(TEMPLATE).render(
        title=title or t("title"), lang=t.lang, t=t, report=report, summary=summary,
        multiple_courses=len(report.courses) > 1,
        chart_institutions=charts.rate_bars(t("chart_institutions"), institutions, t),
        chart_funnel=charts.funnel(t("chart_funnel"), funnel, t),
        chart_months=charts.month_columns(t("completions_per_month"),
                                          summary.completions_by_month, t))
