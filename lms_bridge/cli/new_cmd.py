"""``lms-bridge new``: start a course from a small working example."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from lms_bridge.cli import fmt


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--id", "course_id", metavar="ID",
              help="Course id (lower-case ASCII; default: from the folder name).")
@click.option("--title", help="Course title, used in every language until you translate it.")
@click.option("--languages", default="en,sq", show_default=True, metavar="LIST",
              help="Comma-separated languages, the default first (en, sq, bg).")
def new(directory: Path, course_id: str | None, title: str | None, languages: str) -> None:
    """Create a new course in DIRECTORY (which must be missing or empty)."""
    from lms_bridge.course.new_course import create_course

    langs = [lang.strip() for lang in languages.split(",") if lang.strip()]
    create_course(directory, course_id=course_id, title=title, languages=langs)
    fmt.success(f"Created a course in {directory}")
    fmt.info(f"Edit {directory / 'course.yaml'} and the files in {directory / 'modules'}, "
             f"then build it:\n  lms-bridge build {shlex.quote(str(directory))}")
