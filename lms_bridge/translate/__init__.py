"""Translation workflow: export a course's strings for translators, import them back, status.

Ids are stable (course, module, page, quiz, question and answer ids), every import is checked
in full before anything is written, and unchanged strings stay byte for byte as they were.
See docs/translate.md.
"""

from __future__ import annotations

from lms_bridge.translate.api import (
    LanguageStatus,
    course_status,
    export_file,
    import_file,
    read_translation_file,
)

__all__ = ["LanguageStatus", "course_status", "export_file", "import_file",
           "read_translation_file"]
