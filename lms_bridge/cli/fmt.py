"""Terminal output: colour lives here and nowhere else."""

from __future__ import annotations

import sys
from typing import Any

import click


def error(message: str) -> None:
    click.secho(f"Error: {message}", fg="red", err=True)


def warning(message: str) -> None:
    click.secho(f"Warning: {message}", fg="yellow", err=True)


def success(message: str) -> None:
    click.secho(message, fg="green")


def info(message: str) -> None:
    click.echo(message)


SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def heading(text: str, severity: str | None = None) -> None:
    """A bold section heading, coloured by severity when it has one."""
    click.secho(text, fg=SEVERITY_COLOURS.get(severity or ""), bold=True)


def progress_bar(length: int, label: str) -> Any:
    """A progress bar on stderr, so stdout stays clean for ``--json`` and piped reports."""
    return click.progressbar(length=length, label=label, file=sys.stderr)
