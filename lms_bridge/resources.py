"""Where the data files that ship with the package live.

The templates sit in the repository's top-level ``scorm_templates/`` and are installed as
``lms_bridge/scorm_templates``; a source checkout (editable install, tests) finds them beside
the package instead.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def scorm_templates_dir() -> Path:
    installed = _PACKAGE_DIR / "scorm_templates"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "scorm_templates"


def package_data_dir(name: str) -> Path:
    """A data folder kept inside the package itself (e.g. ``moodle_plugin``)."""
    return _PACKAGE_DIR / name
