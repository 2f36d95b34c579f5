"""Writable copies of the example courses, and helpers to edit exported translation files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "course_packages"
LAW = "law-on-local-self-government"  # sq, en
EU = "eu-funds-project-design"  # bg, en
CITIZENS = "communicating-with-citizens"  # sq, en


def copy_course(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLES / name, tmp_path / name))


@pytest.fixture
def law(tmp_path: Path) -> Path:
    return copy_course(LAW, tmp_path)


@pytest.fixture
def eu(tmp_path: Path) -> Path:
    return copy_course(EU, tmp_path)
