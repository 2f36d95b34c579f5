"""Every reason to refuse a translation file, found before anything is written.

Rows are matched to the course's source units by id: unknown ids, ids given twice, source
units without a row, stale rows (the source changed since the export), source columns that
were edited, and targets whose markup differs from their source are all reported together,
each with its row (CSV/XLSX) or line and unit (XLIFF).
"""

from __future__ import annotations

from collections.abc import Callable

from lms_bridge.exceptions import Problem
from lms_bridge.translate.markup import markup_problems
from lms_bridge.translate.slots import Slot, fingerprint
from lms_bridge.translate.units import Row


def row_problems(name: str, rows: list[Row], source: dict[str, Slot], current: dict[str, str],
                 local_exists: Callable[[str], bool]) -> list[Problem]:
    """Problems of ``rows``; targets equal to the ``current`` translation are not re-checked
    (an import of an unedited export always succeeds)."""
    unknown = [row.id for row in rows if row.id and row.id not in source]
    if len(unknown) > max(10, len(rows) // 2):
        return [Problem(name, f"{len(unknown)} of {len(rows)} unit ids are not in this course "
                        f"(e.g. {', '.join(unknown[:3])}): is the file for another course?")]
    problems: list[Problem] = []

    def report(row: Row, message: str) -> None:
        problems.append(Problem(name, f"{row.where}: {message}", None, row.id or None))

    seen: dict[str, Row] = {}
    for row in rows:
        if not row.id:
            report(row, "the unit id is empty")
            continue
        if row.id in seen:
            report(row, f"unit '{row.id}' is given twice (also {seen[row.id].where})")
            continue
        seen[row.id] = row
        slot = source.get(row.id)
        if slot is None:
            report(row, f"unknown unit id '{row.id}': it is not in the course's source "
                   "(a renamed or deleted page, question or answer? export again)")
            continue
        now = fingerprint(slot.text)
        if row.fingerprint != now:
            report(row, "stale: the source text changed since this file was exported "
                   f"(fingerprint {row.fingerprint or 'missing'}, now {now}); export again and "
                   "translate the new text")
            continue
        if _normal(row.source) != _normal(slot.text):
            report(row, "the source column differs from the course's text although the "
                   "fingerprint matches: was the file re-encoded or the source edited? "
                   "only the target column may change")
            continue
        target = row.target.strip()
        if target and target != current.get(row.id):
            for message in markup_problems(slot.kind, slot.text, target, local_exists):
                report(row, message)
            garbled = mojibake(row.target)
            if garbled:
                report(row, f"the text looks garbled by a wrong encoding ({garbled!r}…); save "
                       "the file as UTF-8")
    for unit_id in source:
        if unit_id not in seen:
            problems.append(Problem(name, f"unit '{unit_id}' has no row: every unit of the "
                                    "export must come back (leave the target empty to skip it)",
                                    None, unit_id))
    return problems


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def mojibake(text: str) -> str | None:
    """A sample of UTF-8 text that was read as Windows-1252/1251 and saved again, if any."""
    if text.isascii():
        return None
    for codec in ("cp1252", "cp1251", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return text[:30]
    return None
