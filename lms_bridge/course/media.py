"""Resolve the files a course's Markdown points at, exactly as a zip and a web server will.

A package is a zip served by Moodle from a case-sensitive store, so ``map.png`` does not find
``Map.png`` there even if it does on the designer's Windows or macOS laptop: names are compared
with the real directory listing, not with the file system's lookup. Paths may not leave the
course folder (not with ``..``, not through a symbolic link).
"""

from __future__ import annotations

import difflib
import os
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


class MediaResolver:
    """Checks media references of one course; remembers directory listings and answers between
    calls (a course refers to the same few images from every language)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root = root.resolve()
        self._listings: dict[str, dict[str, bool] | None] = {}
        self._answers: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def check(self, base_dir: str, url: str) -> tuple[str | None, str | None]:
        """``(course-relative path, None)`` for a found file, ``(None, message)`` for a
        problem, ``(None, None)`` for a URL that is not a file of the course."""
        key = (base_dir, url)
        if key not in self._answers:
            self._answers[key] = self._check(base_dir, url)
        return self._answers[key]

    def _check(self, base_dir: str, url: str) -> tuple[str | None, str | None]:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            if parts.scheme.lower() in _SAFE_SCHEMES or url.startswith("//"):
                return None, None
            return None, f"link {url!r}: the '{parts.scheme}:' scheme is not allowed"
        if not parts.path:
            return None, None
        path = unquote(parts.path)
        if "\x00" in path:
            return None, f"{url}: not a valid path"
        if "\\" in path:
            return None, f"{path}: use '/' to separate folders, not '\\'"
        if path.startswith("/"):
            return None, (f"{path}: absolute paths do not work inside a package; write the path "
                          "relative to this file (e.g. ../media/…)")
        target = posixpath.normpath(posixpath.join(base_dir, path))
        if target == ".." or target.startswith("../"):
            return None, f"{path}: points outside the course folder"
        message = self._find(target)
        if message is not None:
            return None, f"{path}: {message}"
        try:
            real = (self.root / target).resolve()
        except (OSError, RuntimeError):
            return None, f"{path}: cannot be resolved (a loop of links?)"
        if not real.is_relative_to(self._real_root):
            return None, f"{path}: points outside the course folder (through a link)"
        return target, None

    def _find(self, target: str) -> str | None:
        folder = ""
        names = target.split("/")
        for depth, name in enumerate(names):
            listing = self._listing(folder)
            if listing is None or name not in listing:
                near = [n for n in (listing or {}) if n.lower() == name.lower()]
                if near:
                    return (f"file not found: there is '{near[0]}' — names are case-sensitive "
                            "on the server")
                close = difflib.get_close_matches(name, list(listing or {}), n=1, cutoff=0.75)
                return "file not found" + (f" (did you mean '{close[0]}'?)" if close else "")
            is_dir = listing[name]
            last = depth == len(names) - 1
            if last and is_dir:
                return "is a folder, not a file"
            if not last and not is_dir:
                return "file not found"
            folder = posixpath.join(folder, name) if folder else name
        return None

    def _listing(self, folder: str) -> dict[str, bool] | None:
        if folder not in self._listings:
            try:
                with os.scandir(self.root / folder) as entries:
                    self._listings[folder] = {e.name: e.is_dir() for e in entries}
            except OSError:
                self._listings[folder] = None
        return self._listings[folder]
