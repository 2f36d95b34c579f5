"""``lms-bridge preview``: try a course or a package in an emulated LMS in the browser."""

from __future__ import annotations

import contextlib
import signal
import threading
import webbrowser
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import click

from lms_bridge.cli import fmt


@click.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--standard", type=click.Choice(["scorm12", "scorm2004"]), default=None,
              help="Standard to build a course folder for (default scorm12; a .zip keeps its own).")
@click.option("--no-browser", is_flag=True, help="Print the address instead of opening a browser.")
def preview(source: Path, port: int, standard: str | None, no_browser: bool) -> None:
    """Preview SOURCE (a course folder, built first, or a package .zip) in an emulated LMS,
    with the live SCORM data beside the course. Stop with Ctrl+C."""
    from lms_bridge.preview import PreviewServer, open_package

    package = open_package(source, standard)
    if standard and source.suffix.lower() == ".zip" and standard != package.standard:
        fmt.warning(f"{source.name} is a {package.standard} package; --standard ignored")
    try:
        server = PreviewServer(package, port).start()
    except BaseException:
        package.close()
        raise
    try:
        # Handlers go in before the address is printed: whoever reads it may stop us at once.
        with _stop_on_termination():
            fmt.success(f"Previewing {package.title} ({package.standard}, "
                        f"{len(package.scos)} SCO(s))")
            fmt.info(f"Open {server.url}  (Ctrl+C to stop)")
            if not no_browser:
                webbrowser.open(server.url)
            server.wait()
    except KeyboardInterrupt:
        fmt.info("Stopped.")
    finally:
        server.close()


@contextlib.contextmanager
def _stop_on_termination() -> Iterator[None]:
    """Treat ``kill`` (SIGTERM) and a closed terminal (SIGHUP) like Ctrl+C, so the server stops
    and the unpacked package is removed from the temporary folder either way."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                number = getattr(signal, name)
                previous[number] = signal.signal(number, interrupt)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
