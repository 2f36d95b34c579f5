"""A fake Moodle with the companion plugin, a course, and two versions of a package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lms_bridge.deploy import DeployOptions
from lms_bridge.moodle.client import MoodleClient
from lms_bridge.scorm.package import write_zip
from lms_bridge.testing import FakeMoodle
from lms_bridge.testing.plugin_fake import PluginState, install_plugin

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "data" / "packages" / "valid-scorm12"


@pytest.fixture
def fake() -> Iterator[FakeMoodle]:
    with FakeMoodle() as site:
        site.add_course("LAB101", "Local government basics", id=7)
        yield site


@pytest.fixture
def plugin(fake: FakeMoodle) -> PluginState:
    return install_plugin(fake)


@pytest.fixture
def moodle(fake: FakeMoodle) -> Iterator[MoodleClient]:
    with fake.client() as client:
        yield client


def _zip(folder: Path, dest: Path, *, edit: bytes = b"") -> Path:
    entries: dict[str, bytes | Path] = {
        p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}
    if edit:
        entries["index.html"] = (folder / "index.html").read_bytes() + edit
    dest.parent.mkdir(parents=True, exist_ok=True)
    write_zip(dest, entries)
    return dest


@pytest.fixture
def package_v1(tmp_path: Path) -> Path:
    return _zip(PACKAGE_DIR, tmp_path / "v1" / "lab.zip")


@pytest.fixture
def package_v2(tmp_path: Path) -> Path:
    return _zip(PACKAGE_DIR, tmp_path / "v2" / "lab.zip", edit=b"<!-- revised -->\n")


@pytest.fixture
def options() -> DeployOptions:
    return DeployOptions(course="LAB101", section=1)
