"""``.lms-bridge/translations.json``: what each imported translation was translated from.

Staleness needs memory: when a translation is imported, the fingerprint of the source text it
was made from is recorded per language and unit. When the source text later changes, the
fingerprints differ and ``translate status`` and the next export call the unit stale. Units a
new language file got as a copy of the source (no translation yet) are recorded as
``untranslated``, so they count as missing, not as translated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lms_bridge.exceptions import InputError, Problem
from lms_bridge.files import write_atomic

LOCK_PATH = ".lms-bridge/translations.json"
_FORMAT = 1


@dataclass(frozen=True)
class Record:
    source_lang: str
    fingerprint: str
    state: str
    """``translated`` or ``untranslated`` (the source text stands in for it)."""


class Lock:
    def __init__(self, records: dict[str, dict[str, Record]] | None = None) -> None:
        self.records: dict[str, dict[str, Record]] = records or {}

    def get(self, lang: str, unit_id: str) -> Record | None:
        return self.records.get(lang, {}).get(unit_id)

    def set(self, lang: str, unit_id: str, record: Record) -> None:
        self.records.setdefault(lang, {})[unit_id] = record

    def to_json(self) -> str:
        data = {"format": _FORMAT, "languages": {
            lang: {unit: {"from": r.source_lang, "fingerprint": r.fingerprint, "state": r.state}
                   for unit, r in sorted(units.items())}
            for lang, units in sorted(self.records.items())}}
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def read_lock(root: Path) -> Lock:
    path = root / LOCK_PATH
    if not path.is_file():
        return Lock()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        records = {lang: {unit: Record(r["from"], r["fingerprint"], r["state"])
                          for unit, r in units.items()}
                   for lang, units in data["languages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError("Cannot read the translation records", [Problem(
            LOCK_PATH, f"is not a translation record file ({exc}); restore it from version "
            "control, or delete it (every translation then counts as untracked)")]) from exc
    return Lock(records)


def write_lock(root: Path, lock: Lock) -> None:
    path = root / LOCK_PATH
    path.parent.mkdir(exist_ok=True)
    write_atomic(path, lock.to_json().encode("utf-8"))
