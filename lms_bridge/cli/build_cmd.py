"""``lms-bridge build``: a course folder in, one SCORM package (or one per language) out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from lms_bridge.cli import fmt

if TYPE_CHECKING:
    from lms_bridge.exceptions import Problem
    from lms_bridge.scorm.layout import Standard


@click.command()
@click.argument("course", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--standard", type=click.Choice(["scorm12", "scorm2004"]), default="scorm12",
              show_default=True, help="SCORM 1.2 (Moodle app too) or SCORM 2004 4th Edition.")
@click.option("--lang", "lang", metavar="XX",
              help="Language of the package (default: the course's first language).")
@click.option("--all-languages", is_flag=True,
              help="One package with every language; the player shows a language picker.")
@click.option("--split-languages", is_flag=True,
              help="One package per language; -o is then a folder (default: current folder).")
@click.option("--single-sco", is_flag=True,
              help="One SCO for the whole course instead of one per module.")
@click.option("--schemas", "schemas_dir",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with the official SCORM XSDs to include in the package.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output zip, or a folder for the default name "
                   "<course-id>-<lang|multi>-<standard>.zip (default: current folder).")
def build(course: Path, standard: str, lang: str | None, all_languages: bool,
          split_languages: bool, single_sco: bool, schemas_dir: Path | None,
          output: Path | None) -> None:
    """Build a SCORM package from the course folder COURSE."""
    if sum([lang is not None, all_languages, split_languages]) > 1:
        raise click.UsageError("use only one of --lang, --all-languages, --split-languages")
    from lms_bridge.scorm.build import (
        build_each_language,
        build_package,
        default_output_name,
        load,
    )

    notes: list[Problem] = []
    loaded = load(course, notes)
    for note in notes:
        fmt.warning(str(note))
    sco_mode = "single" if single_sco else None
    std: Standard = "scorm12" if standard == "scorm12" else "scorm2004"
    if split_languages:
        results = build_each_language(loaded, output_dir=output or Path.cwd(), standard=std,
                                      schemas_dir=schemas_dir, sco_mode=sco_mode)
    else:
        languages = list(loaded.languages) if all_languages else lang
        target = output or Path.cwd()
        if target.is_dir():
            target = target / default_output_name(loaded, std, languages)
        results = [build_package(loaded, output=target, standard=std, languages=languages,
                                 schemas_dir=schemas_dir, sco_mode=sco_mode)]
    for result in results:
        for warning in result.warnings:
            fmt.warning(warning)
        fmt.success(
            f"{_shown(result.path)}  {_size(result.size)}  {result.standard}  "
            f"{'+'.join(result.languages)}  {result.scos} SCO(s), {result.pages} pages, "
            f"{result.questions} questions"
        )


def _shown(path: Path) -> str:
    """The path as the user would type it: relative when it is under the current folder."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
