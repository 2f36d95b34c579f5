"""Write the hostile zips of the validator corpus (run this file with python to refresh them).

These cases need raw zip tricks that a folder cannot hold (entry names with '..', symlink modes,
lying size fields, encryption flags), so they are generated from ``valid-scorm12/`` by this script
and committed. Each stays a few kilobytes on disk, the bombs included.
"""

from __future__ import annotations

import struct
import warnings
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = HERE / "valid-scorm12"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def _valid_entries() -> list[tuple[str, bytes]]:
    return [(p.relative_to(BASE).as_posix(), p.read_bytes())
            for p in sorted(BASE.rglob("*")) if p.is_file()]


def _write(name: str, extra: list[tuple[zipfile.ZipInfo | str, bytes]],
           base: bool = True) -> Path:
    target = HERE / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        entries: list[tuple[zipfile.ZipInfo | str, bytes]] = []
        if base:
            entries.extend(_valid_entries())
        entries.extend(extra)
        for entry, data in entries:
            info = entry if isinstance(entry, zipfile.ZipInfo) else zipfile.ZipInfo(entry,
                                                                                   FIXED_TIME)
            if info.compress_type == zipfile.ZIP_STORED and not isinstance(entry,
                                                                          zipfile.ZipInfo):
                info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return target


def _patch_central(path: Path, entry: str, *, size: int | None = None,
                   flag_bits: int | None = None, crc: int | None = None) -> None:
    """Rewrite fields of one entry in both its local header and its central directory record."""
    data = bytearray(path.read_bytes())
    raw = entry.encode()
    for signature, flags_at, crc_at, size_at, name_len_at, name_at in (
        (b"PK\x03\x04", 6, 14, 22, 26, 30),
        (b"PK\x01\x02", 8, 16, 24, 28, 46),
    ):
        start = 0
        while (pos := data.find(signature, start)) != -1:
            start = pos + 4
            (name_len,) = struct.unpack_from("<H", data, pos + name_len_at)
            if bytes(data[pos + name_at:pos + name_at + name_len]) != raw:
                continue
            if size is not None:
                struct.pack_into("<I", data, pos + size_at, size)
            if flag_bits is not None:
                struct.pack_into("<H", data, pos + flags_at, flag_bits)
            if crc is not None:
                struct.pack_into("<I", data, pos + crc_at, crc)
    path.write_bytes(bytes(data))


def main() -> None:
    _write("zip-slip.zip", [("../../evil-slip.txt", b"escaped\n")])
    _write("absolute-path.zip", [("/tmp/evil-absolute.txt", b"escaped\n")])
    _write("backslash-path.zip", [("..\\evil-backslash.txt", b"escaped\n")])

    link = zipfile.ZipInfo("player/passwd", FIXED_TIME)
    link.create_system = 3
    link.external_attr = (0o120777 << 16)
    _write("symlink-entry.zip", [(link, b"/etc/passwd")])

    _write("zip-bomb-ratio.zip", [("media/zeros.bin", bytes(20 * 1024**2))])

    _write("zip-bomb-declared-size.zip", [("media/huge.bin", b"\0" * 1024)])
    _patch_central(HERE / "zip-bomb-declared-size.zip", "media/huge.bin", size=3_500_000_000)

    _write("encrypted-entry.zip", [("secret/answers.txt", b"the answers\n")])
    _patch_central(HERE / "encrypted-entry.zip", "secret/answers.txt", flag_bits=0x1)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the duplicate is the point
        _write("duplicate-entry.zip", [("index.html", b"<!doctype html><title>Other</title>\n")])

    _write("corrupt-entry.zip", [])
    manifest = (BASE / "imsmanifest.xml").read_bytes()
    _patch_central(HERE / "corrupt-entry.zip", "imsmanifest.xml",
                   crc=zlib.crc32(manifest) ^ 0xFFFF)

    _write("empty.zip", [], base=False)
    (HERE / "not-a-zip.zip").write_bytes(b"This is a Word document renamed to .zip\n")


if __name__ == "__main__":
    main()
