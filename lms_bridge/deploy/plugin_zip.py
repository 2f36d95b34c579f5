"""The companion Moodle plugin as an installable zip.

Moodle's "Install plugins" page wants a zip whose only top-level folder is the plugin's folder
name (``lmsbridge`` for ``local_lmsbridge``). The zip is written with the project's deterministic
writer, so the same plugin sources always give the same bytes and a checksum can be published.
"""

from __future__ import annotations

from pathlib import Path

from lms_bridge.resources import package_data_dir
from lms_bridge.scorm.package import write_zip

PLUGIN_FOLDER = "lmsbridge"

_SKIPPED_PARTS = frozenset({"__pycache__", ".DS_Store"})


def plugin_source_dir() -> Path:
    """The plugin's folder inside the installed Python package."""
    return package_data_dir("moodle_plugin") / PLUGIN_FOLDER


def plugin_files(source: Path | None = None) -> dict[str, Path]:
    """Zip path -> file, every path under ``lmsbridge/``; hidden files and caches left out."""
    root = source or plugin_source_dir()
    if not (root / "version.php").is_file():
        raise FileNotFoundError(f"the Moodle plugin sources are missing: {root / 'version.php'}")
    files: dict[str, Path] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or any(p.startswith(".") or p in _SKIPPED_PARTS
                                     for p in relative.parts):
            continue
        files[f"{PLUGIN_FOLDER}/{relative.as_posix()}"] = path
    return files


def write_plugin_zip(output: Path, source: Path | None = None) -> list[str]:
    """Write the installable zip to ``output``; returns the zip's entry names."""
    files = plugin_files(source)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_zip(output, files)
    return sorted(files)
