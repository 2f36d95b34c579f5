"""A deterministic zip writer: the same files always give the same bytes.

Entries are sorted, every timestamp is the same (1980-01-01, or ``SOURCE_DATE_EPOCH`` as
reproducible-builds.org defines it), permissions are fixed and no extra fields are written, so a
rebuild of unchanged sources is byte-identical and a package's checksum means something.
Already-compressed media are stored, not deflated again: it costs time and saves nothing.
"""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644
"""Regular file, rw-r--r--."""

STORED_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".zip", ".gz", ".7z", ".mp3",
    ".mp4", ".m4a", ".m4v", ".webm", ".ogg", ".ogv", ".woff", ".woff2", ".docx", ".xlsx",
    ".pptx", ".odt", ".ods", ".odp", ".epub",
})

Source = bytes | Path
"""An entry's content: bytes produced by the build, or a file copied byte for byte."""


def zip_timestamp() -> tuple[int, int, int, int, int, int]:
    """1980-01-01, or ``SOURCE_DATE_EPOCH`` (UTC) when set, clamped to what zip can store."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return ZIP_EPOCH
    stamp = time.gmtime(int(epoch))
    if stamp.tm_year < 1980:
        return ZIP_EPOCH
    if stamp.tm_year > 2107:
        return (2107, 12, 31, 23, 59, 58)
    return (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min,
            stamp.tm_sec - stamp.tm_sec % 2)


def write_zip(dest: Path, entries: Mapping[str, Source]) -> None:
    """Write ``entries`` (package path -> content) to ``dest`` in sorted order."""
    date_time = zip_timestamp()
    with zipfile.ZipFile(dest, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3
            info.external_attr = FILE_MODE << 16
            stored = os.path.splitext(name)[1].lower() in STORED_SUFFIXES
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            source = entries[name]
            data = source if isinstance(source, bytes) else source.read_bytes()
            archive.writestr(info, data, compresslevel=None if stored else 6)
