"""A coordinator's monthly report: last month's completions of given courses, as HTML + XLSX.

    LMS_BRIDGE_MOODLE_URL=https://moodle.example.org \\
    LMS_BRIDGE_MOODLE_TOKEN=... \\
    python examples/monthly_report.py ADM-101 BG-201 [--cohort KS-2026] [--out reports/] \\
        [--lang sq|en|bg]

The connection comes from the environment or the config file (``~/.config/lms-bridge/
moodle.toml``), as for the ``lms-bridge`` commands. It writes ``completions-YYYY-MM.html`` and
``.xlsx``, prints a summary per course and institution, and exits 1 when some learners could
not be loaded (the files are still written and marked as partial).

Without a Moodle site, ``python examples/monthly_report.py --demo [--out DIR]`` reports on an
in-memory demo site (``lms_bridge.testing.demo``: the three example courses, about forty
learners from Albanian, Kosovar and Bulgarian municipalities) through the same code; course
arguments are optional there and default to all three courses.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.moodle import MoodleClient, resolve_config
from lms_bridge.moodle.config import ENV_CONFIG, ENV_TOKEN, ENV_URL, default_config_paths
from lms_bridge.reports import collect_completions
from lms_bridge.reports.aggregate import summarise
from lms_bridge.reports.output import write_report

NO_SITE = (f"Error: no Moodle site configured: set {ENV_URL} and {ENV_TOKEN} (or put the site "
           "in ~/.config/lms-bridge/moodle.toml, see docs/moodle-client.md), "
           "or run with --demo to try it on an in-memory demo site")


def last_month(today: date) -> tuple[date, date]:
    first_this = today.replace(day=1)
    first_last = (first_this.replace(year=first_this.year - 1, month=12)
                  if first_this.month == 1 else first_this.replace(month=first_this.month - 1))
    return first_last, first_this


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Last month's completions as HTML and XLSX.")
    parser.add_argument("courses", nargs="*", help="course ids or short names")
    parser.add_argument("--cohort", action="append", default=[], help="only this cohort")
    parser.add_argument("--out", type=Path, default=Path("."), help="output folder")
    parser.add_argument("--lang", choices=("sq", "en", "bg"), default="en",
                        help="language of the HTML and XLSX files")
    parser.add_argument("--demo", action="store_true",
                        help="use an in-memory demo site instead of a real one")
    args = parser.parse_args(argv)
    if not args.demo and not site_configured():
        print(NO_SITE, file=sys.stderr)
        return 1
    if not args.courses and not args.demo:
        parser.error("name at least one course (id or short name)")
    today = date.today()
    since, until = last_month(today)
    try:
        with connect(args.demo, today) as (moodle, demo_courses):
            report = collect_completions(moodle, args.courses or demo_courses,
                                         cohorts=args.cohort, since=since, until=until)
        args.out.mkdir(parents=True, exist_ok=True)
        stem = args.out / f"completions-{since:%Y-%m}"
        write_report(report, stem.with_suffix(".html"), "html", lang=args.lang)
        write_report(report, stem.with_suffix(".xlsx"), "xlsx", lang=args.lang)
    except LmsBridgeError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    summary = summarise(report)
    print(f"{report.site_name}: {since:%B %Y} ({since} to {until}, exclusive)")
    for group in summary.by_course + summary.by_institution:
        rate = "n/a" if group.completion_rate is None else f"{group.completion_rate:.0%}"
        print(f"  {group.label:<40} {group.completed:>4} completed of {group.learners:<4} {rate}")
    print(f"Wrote {stem}.html and {stem}.xlsx")
    if report.partial:
        print(f"PARTIAL: {len(report.failed)} learner(s) could not be loaded", file=sys.stderr)
        return 1
    return 0


def site_configured() -> bool:
    """Whether any Moodle setting is given (``resolve_config`` then names what is missing)."""
    return (any(os.environ.get(name) for name in (ENV_URL, ENV_TOKEN, ENV_CONFIG))
            or any(path.is_file() for path in default_config_paths(os.environ)))


@contextmanager
def connect(demo: bool, today: date) -> Iterator[tuple[MoodleClient, list[str]]]:
    """The configured site, or the in-memory demo site and its course short names."""
    if not demo:
        with MoodleClient(resolve_config()) as moodle:
            yield moodle, []
        return
    from lms_bridge.testing.demo import DEMO_COURSES, demo_site

    with demo_site(today=today) as site, site.client() as moodle:
        yield moodle, list(DEMO_COURSES)


if __name__ == "__main__":
    sys.exit(main())
