"""Terminal output: colour lives here and nowhere else."""

from __future__ import annotations

import sys
import threading
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


class Progress:
    """A ``(done, total)`` progress callback drawn as a click progress bar on stderr, so stdout
    stays clean for ``--json`` and piped reports.

    The bar is made on the first call, when the total is known. Calls may come from several
    threads and out of order, so the highest count wins. ``min_total`` and ``tty_only`` keep
    short or unattended runs quiet. Use it as a context manager so the bar's line is ended.
    """

    def __init__(self, label: str, *, min_total: int = 0, tty_only: bool = False) -> None:
        self._label = label
        self._min_total = min_total
        self._tty_only = tty_only
        self._bar: Any = None
        self._done = 0
        self._lock = threading.Lock()

    def __call__(self, done: int, total: int) -> None:
        with self._lock:
            if self._bar is None:
                if total < self._min_total or (self._tty_only and not sys.stderr.isatty()):
                    return
                self._bar = click.progressbar(length=total, label=self._label, file=sys.stderr)
            if done > self._done:
                self._bar.update(done - self._done)
                self._done = done

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.render_finish()
