from __future__ import annotations

from collections.abc import Iterator

import pytest

from lms_bridge.reports import CompletionReport, collect_completions
from lms_bridge.testing import FakeMoodle
from tests.reports.site import Site, seed

COURSES = ["ADM-101", "BG-201"]


@pytest.fixture(scope="module", params=[False, True], ids=["core", "plugin"])
def seeded(request: pytest.FixtureRequest) -> Iterator[tuple[FakeMoodle, Site]]:
    """The realistic site, without and with the companion plugin (read-only for tests)."""
    with FakeMoodle() as fake:
        yield fake, seed(fake, plugin=request.param)


@pytest.fixture(scope="module")
def report(seeded: tuple[FakeMoodle, Site]) -> CompletionReport:
    fake, _site = seeded
    fake.reset_calls()
    return collect_completions(fake.client(), COURSES)


@pytest.fixture
def fresh() -> Iterator[tuple[FakeMoodle, Site]]:
    """A site of its own, for tests that break things."""
    with FakeMoodle() as fake:
        yield fake, seed(fake)
