"""lms-bridge: SCORM packages from plain-file courses, and a Moodle site kept in step."""

from __future__ import annotations

__version__ = "0.1.0"
