"""A fake Moodle with the two courses the sync tests' rosters name, and roster helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lms_bridge.moodle import MoodleClient
from lms_bridge.sync import Journal
from lms_bridge.testing import FakeMoodle

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def fake() -> Iterator[FakeMoodle]:
    with FakeMoodle() as site:
        site.add_course("LVV", "Ligji për vetëqeverisjen vendore")
        site.add_course("KOM", "Komunikimi me qytetarët")
        yield site


@pytest.fixture
def client(fake: FakeMoodle) -> MoodleClient:
    return fake.client()


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal(tmp_path / "journal.sqlite") as j:
        yield j


@pytest.fixture
def base_roster() -> Path:
    return DATA / "sync" / "base.csv"


@pytest.fixture
def waits() -> list[float]:
    """Records the sync's waits before resending a write (``apply_sync(..., sleep=waits.append)``)
    so no test sleeps."""
    return []
