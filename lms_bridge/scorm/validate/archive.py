"""Read a package (zip or folder) without trusting it.

Nothing is extracted: the zip's central directory gives names and sizes, and the few members the
validator needs (the manifest, schema files) are read into memory with a size cap. Every entry
that could escape an extraction folder, expand without bound or hide behind a link is reported and
left out of :attr:`Package.files`, so no later check ever touches it.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.scorm.validate.findings import Finding, finding

MANIFEST = "imsmanifest.xml"


class PackageUnreadableError(LmsBridgeError):
    """The input is not a package at all: missing, not a zip, not a folder, unreadable."""


@dataclass(frozen=True)
class Limits:
    """Ceilings that keep hostile packages from exhausting memory, disk or time."""

    max_total_uncompressed: int = 2 * 1024**3
    max_entries: int = 20_000
    max_ratio: float = 200.0
    ratio_min_size: int = 1024**2
    max_member_read: int = 16 * 1024**2


DEFAULT_LIMITS = Limits()
_DRIVE = re.compile(r"^[A-Za-z]:")
# What zipfile and its decompressors raise on damaged data (lzma's error is an Exception subclass
# imported lazily by zipfile, so it is matched by name below).
_MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError,
                  EOFError, ValueError, struct.error)
_ARCHIVE_ERRORS = (zipfile.BadZipFile, OSError, ValueError, struct.error, NotImplementedError,
                   EOFError, OverflowError, KeyError, UnicodeDecodeError)


@dataclass
class Package:
    """The safe view of a package: regular files by their path inside it."""

    source: Path
    kind: str
    size_on_disk: int
    files: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    limits: Limits = DEFAULT_LIMITS
    _zip: zipfile.ZipFile | None = None
    _lower: dict[str, list[str]] | None = None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def by_lower_name(self, name: str) -> list[str]:
        """Files whose path matches ``name`` ignoring case (for case-mismatch findings)."""
        if self._lower is None:
            self._lower = {}
            for path in self.files:
                self._lower.setdefault(path.lower(), []).append(path)
        return self._lower.get(name.lower(), [])

    def read(self, name: str, limit: int | None = None) -> bytes | Finding:
        """The bytes of one safe member, or a finding when it cannot be read within ``limit``."""
        cap = self.limits.max_member_read if limit is None else limit
        if self.files[name] > cap:
            return finding("SEC-XML-TOO-LARGE", f"{name} is {self.files[name]:,} bytes; the "
                           f"limit is {cap:,}.", file=name)
        try:
            if self._zip is not None:
                with self._zip.open(name) as handle:
                    data = handle.read(cap + 1)
            else:
                data = _read_regular(self.source / name, cap + 1)
        except Exception as exc:
            if not isinstance(exc, _MEMBER_ERRORS) and type(exc).__name__ != "LZMAError":
                raise
            return finding("SEC-ZIP-CORRUPT", f"{name} cannot be read: {exc}", file=name)
        if len(data) > cap:
            return finding("SEC-XML-TOO-LARGE", f"{name} is larger than {cap:,} bytes.",
                           file=name)
        return data


def _read_regular(path: Path, size: int) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(size)
    finally:
        os.close(fd)


def path_problem(name: str) -> Finding | None:
    """The security finding for an unsafe member path, or None when the path is safe."""
    if "\\" in name:
        return finding("SEC-BACKSLASH-PATH", f"Entry '{name}' uses '\\' in its path.",
                       file=name)
    if name.startswith("/") or _DRIVE.match(name):
        return finding("SEC-ABSOLUTE-PATH", f"Entry '{name}' has an absolute path.", file=name)
    if ".." in PurePosixPath(name).parts:
        return finding("SEC-ZIP-SLIP", f"Entry '{name}' climbs out of the package with '..'.",
                       file=name)
    return None


def open_package(path: Path, limits: Limits = DEFAULT_LIMITS) -> Package:
    """Open ``path`` as a zip or a folder; raise :class:`PackageUnreadableError` if neither."""
    if not path.exists() and not path.is_symlink():
        raise PackageUnreadableError(f"{path}: no such file or folder")
    if path.is_dir():
        return _open_dir(path, limits)
    if not path.is_file():
        raise PackageUnreadableError(f"{path}: not a regular file or folder")
    if path.name.lower() == MANIFEST:
        raise PackageUnreadableError(f"{path}: give the package (its .zip or the folder that "
                                     f"holds {MANIFEST}), not the manifest itself")
    try:
        archive = zipfile.ZipFile(path)
    except _ARCHIVE_ERRORS as exc:
        raise PackageUnreadableError(f"{path}: not a zip file ({exc})") from exc
    try:
        return _scan_zip(path, archive, limits)
    except Exception:
        archive.close()
        raise


def _scan_zip(path: Path, archive: zipfile.ZipFile, limits: Limits) -> Package:
    package = Package(source=path, kind="zip", size_on_disk=path.stat().st_size, limits=limits,
                      _zip=archive)
    infos = archive.infolist()
    problems = package.findings
    if len(infos) > limits.max_entries:
        problems.append(finding("SEC-ZIP-ENTRY-COUNT", f"The zip has {len(infos):,} entries; "
                                f"the limit is {limits.max_entries:,}."))
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_uncompressed:
        problems.append(finding("SEC-ZIP-TOTAL-SIZE", f"The entries declare {total:,} bytes "
                                f"uncompressed; the limit is "
                                f"{limits.max_total_uncompressed:,}."))
    for info in infos:
        name = info.filename
        bad = path_problem(name)
        if bad is not None:
            problems.append(bad)
            continue
        if _is_symlink(info):
            problems.append(finding("SEC-SYMLINK", f"Entry '{name}' is a symbolic link.",
                                    file=name))
            continue
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            problems.append(finding("SEC-ZIP-ENCRYPTED", f"Entry '{name}' is encrypted.",
                                    file=name))
            continue
        if _ratio_too_high(info, limits):
            ratio = info.file_size / max(info.compress_size, 1)
            problems.append(finding("SEC-ZIP-RATIO", f"Entry '{name}' expands {ratio:,.0f}× "
                                    f"({info.compress_size:,} → {info.file_size:,} bytes).",
                                    file=name))
            continue
        if name in package.files:
            problems.append(finding("SEC-ZIP-DUPLICATE-ENTRY", f"Entry '{name}' appears more "
                                    "than once.", file=name))
            continue
        package.files[name] = info.file_size
    if not infos:
        problems.append(finding("PKG-EMPTY", "The zip file has no entries."))
    return package


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _ratio_too_high(info: zipfile.ZipInfo, limits: Limits) -> bool:
    if info.file_size < limits.ratio_min_size:
        return False
    return info.file_size > limits.max_ratio * max(info.compress_size, 1)


def _open_dir(root: Path, limits: Limits) -> Package:
    package = Package(source=root, kind="dir", size_on_disk=0, limits=limits)
    problems = package.findings
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        for name in sorted(dirnames):
            if (base / name).is_symlink():
                rel = (base / name).relative_to(root).as_posix()
                problems.append(finding("SEC-SYMLINK", f"Folder '{rel}' is a symbolic link; "
                                        "it was not followed.", file=rel))
                dirnames.remove(name)
        for name in filenames:
            full = base / name
            rel = full.relative_to(root).as_posix()
            mode = full.lstat()
            if stat.S_ISLNK(mode.st_mode):
                problems.append(finding("SEC-SYMLINK", f"'{rel}' is a symbolic link; it was not "
                                        "followed.", file=rel))
                continue
            if not stat.S_ISREG(mode.st_mode):
                problems.append(finding("SEC-SPECIAL-FILE", f"'{rel}' is not a regular file.",
                                        file=rel))
                continue
            bad = path_problem(rel)
            if bad is not None:
                problems.append(bad)
                continue
            package.files[rel] = mode.st_size
            package.size_on_disk += mode.st_size
    if len(package.files) > limits.max_entries:
        problems.append(finding("SEC-ZIP-ENTRY-COUNT", f"The folder has {len(package.files):,} "
                                f"files; the limit is {limits.max_entries:,}."))
    if not package.files and not problems:
        problems.append(finding("PKG-EMPTY", "The folder has no files."))
    return package
