"""docs/validate.md documents every rule id with its real severity, and nothing else."""

from __future__ import annotations

import re

from lms_bridge.scorm.validate import RULES
from tests.validate.conftest import REPO

ROW = re.compile(r"^\| `([A-Z0-9-]+)` \| (error|warning|info) \|", re.MULTILINE)


def test_every_rule_is_documented_with_its_severity() -> None:
    text = (REPO / "docs" / "validate.md").read_text(encoding="utf-8")
    documented = dict(ROW.findall(text))
    assert documented == {rule_id: rule.severity for rule_id, rule in RULES.items()}


def test_rule_ids_are_stable_shapes() -> None:
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"(PKG|SEC|CP|MOODLE)(-[A-Z0-9]+)+", rule_id)
        assert rule.title.endswith(".") and rule.fix.endswith(".")
