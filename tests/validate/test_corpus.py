"""Every broken or hostile package in the corpus yields its rule id, without crashing or writing
outside the test's temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lms_bridge.scorm.validate import RULES, validate_package
from tests.validate.conftest import PACKAGES, Case, case_input, corpus

CASES = corpus()
ESCAPE_TARGETS = ("evil-slip.txt", "evil-absolute.txt", "evil-backslash.txt")


def _tree(root: Path) -> dict[str, float]:
    return {str(p.relative_to(root)): p.stat().st_mtime for p in root.rglob("*")
            if not p.is_symlink()}


def test_corpus_is_big_and_varied() -> None:
    assert len(CASES) >= 25
    assert len({c.rule_id for c in CASES}) >= 25
    assert all(c.rule_id in RULES for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_produces_its_rule(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                ) -> None:
    package = case_input(case.name, tmp_path)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    around = tmp_path.parent
    before = (_tree(tmp_path), sorted(os.listdir(around)), _tree(PACKAGES))

    report = validate_package(package, max_size=case.max_size, strict=True)

    assert case.rule_id in report.rule_ids(), [str(f) for f in report.findings]
    assert not report.ok
    assert {f.severity for f in report.findings if f.rule_id == case.rule_id} == {
        RULES[case.rule_id].severity}
    after = (_tree(tmp_path), sorted(os.listdir(around)), _tree(PACKAGES))
    assert after == before
    for name in ESCAPE_TARGETS:
        assert not (around / name).exists()
        assert not (Path("/tmp") / name).exists()


def test_xxe_does_not_read_the_file(tmp_path: Path) -> None:
    report = validate_package(case_input("xxe-external-entity", tmp_path))
    assert "root:" not in str(report.to_json())
