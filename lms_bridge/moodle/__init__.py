"""Moodle REST web-service client: one transport, one module per resource.

Imports nothing of ``course`` or ``scorm``; see ``docs/moodle-client.md``.
"""

from __future__ import annotations

from lms_bridge.moodle.client import MoodleClient
from lms_bridge.moodle.config import MoodleConfig, resolve_config
from lms_bridge.moodle.errors import MoodleError
from lms_bridge.moodle.site import SiteInfo

__all__ = ["MoodleClient", "MoodleConfig", "MoodleError", "SiteInfo", "resolve_config"]
