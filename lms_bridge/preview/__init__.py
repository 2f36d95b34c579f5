"""``lms-bridge preview``: a package, or a course built on the fly, in an emulated LMS on
127.0.0.1 with the live CMI data beside it."""

from __future__ import annotations

from lms_bridge.preview.package import PreviewPackage, open_package
from lms_bridge.preview.server import PreviewServer

__all__ = ["PreviewPackage", "PreviewServer", "open_package"]
