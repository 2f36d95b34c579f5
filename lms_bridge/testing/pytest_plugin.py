"""pytest plugin (registered through the ``pytest11`` entry point): the ``fake_moodle`` fixture.

The fake is imported only when a test asks for the fixture, so every other test run pays
nothing for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle


@pytest.fixture
def fake_moodle() -> Iterator[FakeMoodle]:
    """A started :class:`FakeMoodle`; ``fake_moodle.client()`` gives a client bound to it."""
    from lms_bridge.testing.fake import FakeMoodle

    with FakeMoodle() as fake:
        yield fake
