"""``lms-bridge report ...``: completion reports for coordinators."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

import click

from lms_bridge.cli import fmt
from lms_bridge.cli.moodle_options import moodle_options
from lms_bridge.cli.params import TimeZone

if TYPE_CHECKING:
    from lms_bridge.moodle import MoodleClient
    from lms_bridge.reports.language import Labels
    from lms_bridge.reports.output import ReportFormat
    from lms_bridge.reports.records import CompletionReport

#: ``reports.output.FORMATS`` and ``reports.labels.LANGUAGES``, spelt out so ``--help`` does not
#: import the reports (a test keeps them equal)
FORMAT_CHOICES = ("csv", "xlsx", "html", "json")
LANG_CHOICES = ("sq", "en", "bg")


@click.group()
def report() -> None:
    """Reports from Moodle: who completed which course, by cohort and institution."""


@report.command()
@moodle_options
@click.option("--course", "courses", multiple=True, required=True, metavar="ID|SHORTNAME",
              help="Course id or short name (repeatable).")
@click.option("--cohort", "cohorts", multiple=True, metavar="NAME|IDNUMBER",
              help="Only members of this cohort (repeatable: members of any).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Only learners who completed on or after this day, or (not completed) "
                   "last accessed the course since then.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Like --since, before this day (exclusive).")
@click.option("--timezone", "tz", type=TimeZone(), metavar="ZONE",
              help="Time zone of the report's days and times, e.g. Europe/Tirane "
                   "(default: UTC).")
@click.option("--lang", type=click.Choice(LANG_CHOICES, case_sensitive=False), default="en",
              show_default=True,
              help="Language of the HTML and XLSX report and of these messages: sq (Shqip), "
                   "en or bg (Български). CSV and JSON stay English for scripts.")
@click.option("--format", "fmt_name", type=click.Choice(FORMAT_CHOICES),
              help="Output format (default: from the -o extension, else csv).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to FILE (default: standard output; required for xlsx).")
@click.option("--concurrency", type=click.IntRange(1, 32), default=8, show_default=True,
              help="Learners read in parallel (core Moodle needs calls per learner).")
@click.option("--no-plugin", is_flag=True,
              help="Do not use the lms-bridge Moodle plugin's bulk export even if installed.")
def completions(moodle: MoodleClient, courses: tuple[str, ...], cohorts: tuple[str, ...],
                since: datetime | None, until: datetime | None, tz: ZoneInfo | None,
                lang: str, fmt_name: str | None,
                output: Path | None, concurrency: int, no_plugin: bool) -> None:
    """One row per learner and course: completion, activities, SCORM status and score, grade.

    \b
    Exit codes:
      0  the report is complete
      1  error; or the report was written but some learners could not be loaded
         (their rows are marked "Not loaded" and never counted as completed)
    """
    from lms_bridge.reports.collect import collect_completions
    from lms_bridge.reports.language import labels_for
    from lms_bridge.reports.output import format_for, render, write_report

    chosen = cast("ReportFormat", fmt_name) if fmt_name else format_for(output)
    if chosen == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs -o FILE (a spreadsheet is not text).")
    if output is not None and not output.parent.resolve().is_dir():
        raise click.BadParameter(f"folder {output.parent} does not exist", param_hint="-o")
    if since and until and until <= since:
        raise click.BadParameter("--until must be after --since", param_hint="--until")
    t = labels_for(lang)
    with fmt.Progress(t("cli_reading")) as progress:
        result = collect_completions(moodle, list(courses), cohorts=list(cohorts),
                                     since=since.date() if since else None,
                                     until=until.date() if until else None,
                                     concurrency=concurrency, progress=progress,
                                     use_plugin=False if no_plugin else None,
                                     tz=tz or ZoneInfo("UTC"))
    if output is None:
        click.echo(render(result, chosen, lang=t.lang).decode("utf-8-sig"), nl=False)
    else:
        write_report(result, output, chosen, lang=t.lang)
    _summary(result, output, t)


def _summary(result: CompletionReport, output: Path | None, t: Labels) -> None:
    from lms_bridge.reports.aggregate import summarise

    overall = summarise(result).overall
    click.echo(t("cli_written", learners=overall.learners,
                 where=t("cli_where", path=output) if output else "",
                 source=t("cli_source_plugin") if result.used_plugin else "",
                 completed=overall.completed, in_progress=overall.in_progress,
                 not_started=overall.not_started), err=True)
    if result.partial:
        failed = result.failed
        for record in failed[:10]:
            fmt.warning(f"{record.username} ({record.course_shortname}): {record.load_error}")
        if len(failed) > 10:
            fmt.warning(t("and_more", count=len(failed) - 10))
        raise click.ClickException(t("cli_partial", count=len(failed),
                                     status=t.progress("not_loaded")))
