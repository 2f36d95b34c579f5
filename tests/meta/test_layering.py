"""Imports flow one way: cli -> features -> (course, moodle) -> exceptions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "lms_bridge"

FORBIDDEN: dict[str, set[str]] = {
    "course": {"lms_bridge.scorm", "lms_bridge.moodle", "lms_bridge.cli", "jinja2", "requests",
               "click", "lms_bridge.sync", "lms_bridge.reports", "lms_bridge.certificates",
               "lms_bridge.deploy", "lms_bridge.translate"},
    "moodle": {"lms_bridge.course", "lms_bridge.scorm", "lms_bridge.cli", "click",
               "lms_bridge.sync", "lms_bridge.reports", "lms_bridge.certificates",
               "lms_bridge.deploy", "lms_bridge.translate"},
    "scorm": {"lms_bridge.moodle", "lms_bridge.cli", "click", "requests"},
    "sync": {"lms_bridge.cli", "click"},
    "reports": {"lms_bridge.cli", "click"},
    "certificates": {"lms_bridge.cli", "click"},
    "deploy": {"lms_bridge.cli", "click"},
    "translate": {"lms_bridge.cli", "click", "lms_bridge.moodle"},
    "tabular": {"lms_bridge.cli", "click", "lms_bridge.course", "lms_bridge.moodle",
                "lms_bridge.scorm", "lms_bridge.sync", "lms_bridge.reports",
                "lms_bridge.certificates", "lms_bridge.deploy", "lms_bridge.translate",
                "requests"},
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("subpackage", sorted(FORBIDDEN))
def test_subpackage_imports_flow_one_way(subpackage: str) -> None:
    offenders = []
    for path in sorted((PACKAGE / subpackage).rglob("*.py")):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[subpackage]):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_only_cli_imports_click() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if "cli" not in path.relative_to(PACKAGE).parts[:1] and "click" in _imports(path)
    ]
    assert offenders == []


def test_root_modules_import_no_subpackage() -> None:
    """exceptions, files and resources sit below every subpackage, which all may use them."""
    offenders = [f"{path.name} imports {name}" for path in sorted(PACKAGE.glob("*.py"))
                 for name in _imports(path)
                 if name.startswith("lms_bridge.")
                 and (PACKAGE / name.split(".")[1]).is_dir()]
    assert offenders == []
