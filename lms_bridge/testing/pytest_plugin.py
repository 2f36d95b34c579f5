"""pytest plugin (registered through the ``pytest11`` entry point): the ``fake_moodle`` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lms_bridge.testing.fake import FakeMoodle


@pytest.fixture
def fake_moodle() -> Iterator[FakeMoodle]:
    """A started :class:`FakeMoodle`; ``fake_moodle.client()`` gives a client bound to it."""
    with FakeMoodle() as fake:
        yield fake
