"""Pick a renderer by format name and write the result without leaving half a file behind.

``lang`` (sq, en or bg) is the language of what people read: HTML and XLSX. CSV and JSON are
read by scripts and are the same bytes whatever the language, so a coordinator's choice cannot
break an import; an unknown language is refused for every format all the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.files import write_atomic
from lms_bridge.reports.language import labels_for
from lms_bridge.reports.records import CompletionReport

ReportFormat = Literal["csv", "xlsx", "html", "json"]
FORMATS: tuple[str, ...] = get_args(ReportFormat)


class ReportWriteError(LmsBridgeError):
    """The report could not be written (disk full, folder missing, no permission)."""


def render(report: CompletionReport, fmt: ReportFormat, *, lang: str = "en") -> bytes:
    labels_for(lang)
    if fmt == "csv":
        from lms_bridge.reports.render_csv import render_csv

        return render_csv(report).encode("utf-8-sig")
    if fmt == "xlsx":
        from lms_bridge.reports.render_xlsx import render_xlsx

        return render_xlsx(report, lang=lang)
    if fmt == "html":
        from lms_bridge.reports.render_html import render_html

        return render_html(report, lang=lang).encode("utf-8")
    from lms_bridge.reports.render_json import render_json

    return render_json(report).encode("utf-8")


def format_for(path: Path | None, default: ReportFormat = "csv") -> ReportFormat:
    """The format named by a file's extension (``.htm`` counts as html)."""
    suffix = path.suffix.lower().lstrip(".") if path else ""
    suffix = "html" if suffix == "htm" else suffix
    for fmt in get_args(ReportFormat):
        if fmt == suffix:
            return fmt
    return default


def write_report(report: CompletionReport, path: Path, fmt: ReportFormat, *,
                 lang: str = "en") -> None:
    """Render, then replace ``path`` in one step (a temporary file in the same folder).

    The file gets the permissions a new file would get (the umask decides): a report lists
    learners' names and emails, and an admin with ``umask 077`` expects it private.
    """
    content = render(report, fmt, lang=lang)
    try:
        write_atomic(path, content)
    except OSError as exc:
        raise ReportWriteError(f"cannot write {path}: {exc.strerror or exc}") from None
