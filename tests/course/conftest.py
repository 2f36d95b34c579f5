from __future__ import annotations

import shutil
from pathlib import Path

import pytest

COURSES = Path(__file__).resolve().parents[1] / "data" / "courses"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the valid trilingual mini course (sq, en, bg)."""
    return Path(shutil.copytree(COURSES / "mini", tmp_path / "mini"))
