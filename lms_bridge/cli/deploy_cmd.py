"""``lms-bridge deploy PACKAGE.zip|COURSE_DIR --course SHORTNAME``: into a Moodle course."""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict
from pathlib import Path

import click

from lms_bridge.cli import fmt
from lms_bridge.cli.moodle_options import moodle_options
from lms_bridge.deploy.options import (
    ATTEMPT_GRADING,
    GRADE_METHODS,
    Completion,
    DeployOptions,
    parse_completion,
)
from lms_bridge.moodle import MoodleClient


def _completion(ctx: click.Context, param: click.Parameter, value: str) -> Completion:
    try:
        return parse_completion(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.argument("package", type=click.Path(exists=True, path_type=Path))
@click.option("--course", required=True, metavar="SHORTNAME", help="Moodle course short name.")
@click.option("--section", type=int, default=0, show_default=True,
              help="Course section of a new activity (an existing one stays where it is).")
@click.option("--name", help="Activity name (default: the package's title).")
@click.option("--idnumber", help="Course-module ID number that identifies the activity "
              "(default: lms-bridge:course-<course id>, stable across builds).")
@click.option("--completion", "completion", default="completed", show_default=True,
              callback=_completion, metavar="RULES",
              help="passed, completed (completed or passed), score:N, none; comma-joined.")
@click.option("--grade-method", type=click.Choice(list(GRADE_METHODS)), default="highest",
              show_default=True, help="How one attempt is graded.")
@click.option("--attempt-grading", type=click.Choice(list(ATTEMPT_GRADING)), default="highest",
              show_default=True, help="Which attempt counts when several are allowed.")
@click.option("--max-grade", type=float, default=100.0, show_default=True)
@click.option("--max-attempts", type=int, default=0, show_default=True, help="0 = unlimited.")
@click.option("--standard", type=click.Choice(["scorm12", "scorm2004"]), default="scorm12",
              show_default=True, help="Standard to build a course folder in.")
@click.option("--lang", metavar="XX", help="Language to build a course folder in.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@moodle_options
def deploy(moodle: MoodleClient, package: Path, course: str, section: int, name: str | None,
           idnumber: str | None, completion: Completion, grade_method: str, attempt_grading: str,
           max_grade: float, max_attempts: int, standard: str, lang: str | None,
           as_json: bool) -> None:
    """Put a SCORM package (or a course folder, built first) into a Moodle course.

    Needs the companion plugin local_lmsbridge on the site (lms-bridge moodle plugin-zip).
    Re-deploying an unchanged package changes nothing; a changed one replaces the package of
    the same activity, keeping learners' attempts.
    """
    from lms_bridge.deploy import deploy_package
    from lms_bridge.deploy.package_info import PackageInfo, build_course

    options = DeployOptions(course=course, section=section, name=name, idnumber=idnumber,
                            completion=completion, grade_method=grade_method,
                            attempt_grading=attempt_grading, max_grade=max_grade,
                            max_attempts=max_attempts)
    options.check()
    with tempfile.TemporaryDirectory(prefix="lms-bridge-deploy-") as workdir:
        source: PackageInfo | Path = package  # a zip: deploy_package validates it
        if package.is_dir():  # validated by the build, not again
            source = build_course(package, Path(workdir), standard=standard, lang=lang)
        report = deploy_package(moodle, source, options)
    if as_json:
        click.echo(json.dumps(asdict(report), indent=2))
        return
    verb = {"created": "Created", "updated": "Updated", "unchanged": "Unchanged:"}[report.action]
    fmt.success(f"{verb} {report.name!r} in {report.course} (activity {report.cmid}, "
                f"revision {report.revision}).")
    click.echo(f"  ID number {report.idnumber}, package SHA-1 {report.sha1} "
               f"({'uploaded' if report.uploaded else 'no upload needed'}), "
               f"completion: {completion.describe()}")
    click.echo(f"  {report.url}")
