"""Each Moodle function the plugin calls is loaded by a ``require_once`` in the calling file.

Moodle's bootstrap loads only its core libraries; functions of ``course/modlib.php``,
``grade/querylib.php``, ``mod/scorm/locallib.php`` and the like exist only once a file requires
them. Nothing here can run the plugin, so a missing ``require_once`` would first show as a fatal
"Call to undefined function" on the review site. The table names where Moodle 4.1-5.x defines
each function (checked against Moodle's source).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lms_bridge.deploy.plugin_zip import plugin_source_dir

PLUGIN = plugin_source_dir()
EXTERNAL = sorted((PLUGIN / "classes/external").glob("*.php"))

#: function or class -> the file (relative to $CFG->dirroot or $CFG->libdir) defining it
DEFINED_IN = {
    "add_moduleinfo": "$CFG->dirroot . '/course/modlib.php'",
    "update_moduleinfo": "$CFG->dirroot . '/course/modlib.php'",
    "get_moduleinfo_data": "$CFG->dirroot . '/course/modlib.php'",
    "prepare_new_moduleinfo_data": "$CFG->dirroot . '/course/modlib.php'",
    "grade_get_course_grades": "$CFG->dirroot . '/grade/querylib.php'",
    "grade_get_grades": "$CFG->libdir . '/gradelib.php'",
    "grade_verify_idnumber": "$CFG->libdir . '/gradelib.php'",
    "completion_info": "$CFG->libdir . '/completionlib.php'",
    "scorm_validate_package": "$CFG->dirroot . '/mod/scorm/lib.php'",
    "scorm_get_tracks": "$CFG->dirroot . '/mod/scorm/locallib.php'",
    "scorm_get_last_attempt": "$CFG->dirroot . '/mod/scorm/locallib.php'",
    "scorm_has_tracks": "$CFG->dirroot . '/mod/scorm/locallib.php'",
    "scorm_get_attempt_count": "$CFG->dirroot . '/mod/scorm/locallib.php'",
    "scorm_count_launchable": "$CFG->dirroot . '/mod/scorm/locallib.php'",
    "cohort_get_cohort": "$CFG->dirroot . '/cohort/lib.php'",
    "enrol_cohort_sync": "$CFG->dirroot . '/enrol/cohort/locallib.php'",
}


def missing_requires(source: str) -> list[str]:
    """The table's functions ``source`` calls without requiring the file that defines them."""
    required = set(re.findall(r"require_once\((.+?)\);", source))
    return [f"{name} needs require_once({where})" for name, where in DEFINED_IN.items()
            if re.search(rf"(?<![\w>:$]){name}\(|new {name}\(", source)
            and where not in required]


@pytest.mark.parametrize("path", EXTERNAL, ids=lambda p: p.name)
def test_called_functions_are_required(path: Path) -> None:
    assert missing_requires(path.read_text(encoding="utf-8")) == []


def test_a_missing_require_is_reported() -> None:
    source = "require_once($CFG->libdir . '/gradelib.php');\n$g = grade_get_course_grades(1, [2]);"
    assert missing_requires(source) == [
        "grade_get_course_grades needs require_once($CFG->dirroot . '/grade/querylib.php')"]
    assert missing_requires("$x = self::scorm_has_tracks(1, 2);") == []
