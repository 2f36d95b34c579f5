"""Deploy options: completion rules and the all-problems-at-once check."""

from __future__ import annotations

import pytest

from lms_bridge.deploy.options import Completion, DeployOptions, default_idnumber, parse_completion
from lms_bridge.exceptions import InputError


@pytest.mark.parametrize(("text", "expected"), [
    ("passed", Completion(2, 0)),
    ("completed", Completion(6, 0)),
    ("score:80", Completion(0, 80)),
    ("passed, score:70", Completion(2, 70)),
    ("none", Completion(0, 0)),
])
def test_parse_completion(text: str, expected: Completion) -> None:
    assert parse_completion(text) == expected


@pytest.mark.parametrize("text", ["finished", "score:0", "score:101", "score:abc"])
def test_parse_completion_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="use passed, completed, score:N"):
        parse_completion(text)


def test_every_bad_option_is_reported_together() -> None:
    options = DeployOptions(course=" ", section=-1, idnumber="x" * 101, grade_method="best",
                            max_grade=150, max_attempts=-2)
    with pytest.raises(InputError) as caught:
        options.check()
    fields = [p.field for p in caught.value.problems]
    assert fields == ["--course", "--section", "--idnumber", "--grade-method", "--max-grade",
                      "--max-attempts"]


def test_default_idnumber_is_stable_and_fits_moodle() -> None:
    assert default_idnumber("course-local-gov") == "lms-bridge:course-local-gov"
    assert len(default_idnumber("course-" + "x" * 200)) == 100
