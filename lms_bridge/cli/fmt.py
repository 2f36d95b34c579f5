"""Terminal output: colour lives here and nowhere else."""

from __future__ import annotations

import click


def error(message: str) -> None:
    click.secho(f"Error: {message}", fg="red", err=True)


def warning(message: str) -> None:
    click.secho(f"Warning: {message}", fg="yellow", err=True)


def success(message: str) -> None:
    click.secho(message, fg="green")


def info(message: str) -> None:
    click.echo(message)
