"""``lms-bridge translate export|import|status``: translators work in CAT tools or spreadsheets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import click

from lms_bridge.cli import fmt


@click.group()
def translate() -> None:
    """Export a course's texts for translation, import translations, show what is missing."""


@translate.command("export")
@click.argument("course", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--to", "target", required=True, metavar="LANG",
              help="Target language (one of the course's, or a new one such as bg).")
@click.option("--from", "source", metavar="LANG",
              help="Source language (default: the course's first language).")
@click.option("--format", "file_format", type=click.Choice(["xliff", "xlsx", "csv"]),
              help="File format (default: from the -o extension: .xlf/.xliff, .xlsx, .csv).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write.")
def export(course: Path, target: str, source: str | None, file_format: str | None,
           output: Path) -> None:
    """Write every translatable text of COURSE, with the current translation, to a file."""
    from lms_bridge.translate.api import Format, export_file, format_for

    chosen = cast(Format, file_format) if file_format else format_for(output)
    if chosen is None:
        raise click.UsageError("give --format xliff|xlsx|csv, or an -o file ending in .xlf, "
                               ".xliff, .xlsx or .csv")
    data, units = export_file(course, target, chosen, source)
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise click.FileError(str(output), exc.strerror or str(exc)) from exc
    todo = sum(1 for u in units if u.state != "translated")
    fmt.success(f"Wrote {output}: {len(units)} units, {todo} to translate or review.")


@translate.command("import")
@click.argument("course", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and show what would change; write nothing.")
def import_(course: Path, file: Path, dry_run: bool) -> None:
    """Write the translations of FILE (XLIFF, XLSX or CSV) into COURSE.

    Everything is checked first; on any problem nothing is written and every problem is listed.
    """
    from lms_bridge.translate.api import import_file

    plan = import_file(course, file, dry_run=dry_run)
    for change in plan.changes:
        old = "(new)" if change.old is None else _short(change.old)
        fmt.info(f"  {change.unit_id}: {old} → {_short(change.new)}")
    verb = "Would write" if dry_run else "Wrote"
    files = ", ".join(sorted(plan.files)) or "no file (nothing changed)"
    if plan.new_language:
        fmt.info(f"New language '{plan.target_lang}' (added to course.yaml's languages).")
    if plan.untranslated:
        fmt.warning(f"{len(plan.untranslated)} unit(s) have no translation yet: they keep the "
                    f"'{plan.source_lang}' text and count as missing in 'translate status'.")
    fmt.success(f"{verb} {files}: {len(plan.changes)} text(s) changed.")


@translate.command("status")
@click.argument("course", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.option("--list", "show_units", is_flag=True, help="Also list the missing and stale units.")
def status(course: Path, as_json: bool, show_units: bool) -> None:
    """Per language: how many texts are translated, missing or stale."""
    from lms_bridge.translate.api import course_status

    languages = course_status(course)
    if as_json:
        click.echo(json.dumps([s.to_json() for s in languages], indent=2, ensure_ascii=False))
        return
    if not languages:
        fmt.info("The course has only one language.")
        return
    fmt.heading(f"{'language':<10}{'total':>7}{'translated':>12}{'missing':>9}{'stale':>7}"
                f"{'untracked':>11}")
    for item in languages:
        fmt.info(f"{item.lang + ' ← ' + item.source_lang:<10}{item.total:>7}"
                 f"{item.translated:>12}{item.missing:>9}{item.stale:>7}{item.untracked:>11}")
        if show_units:
            for unit in item.missing_units:
                fmt.info(f"    missing  {unit}")
            for unit in item.stale_units:
                fmt.info(f"    stale    {unit}")
    if any(s.untracked for s in languages):
        fmt.info("untracked: translated outside 'translate import', so staleness is unknown; "
                 "an export and import records them.")


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
