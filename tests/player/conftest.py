"""Browser test fixtures: one HTTP server, one Chromium and one build per course and standard,
all shared by the whole session to keep the suite fast."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import CHROMIUM, NPM, require, serve
from tests.player import packages

SCREENSHOTS = packages.REPO / "test-output" / "screenshots"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The served folder: the test LMS page, scorm-again, axe-core and the built packages."""
    require(NPM / "scorm-again" / "dist" / "scorm-again.min.js", NPM / "axe-core" / "axe.min.js",
            CHROMIUM)
    root = tmp_path_factory.mktemp("site")
    (root / "scorm-again").symlink_to(NPM / "scorm-again" / "dist")
    (root / "axe").symlink_to(NPM / "axe-core")
    harness = Path(__file__).parent / "harness"
    for page in harness.iterdir():
        (root / page.name).symlink_to(page)
    return root


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def built(site: Path) -> Any:
    """``built(course, standard[, sco_mode])`` -> its SCOs, each package built once per session."""
    cache: dict[tuple[str, str, str | None], list[packages.Sco]] = {}

    def get(course: str, standard: str, sco_mode: str | None = None) -> list[packages.Sco]:
        key = (course, standard, sco_mode)
        if key not in cache:
            cache[key] = packages.build(course, standard, site, sco_mode)
        return cache[key]

    return get


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.errors = errors
    yield tab
    context.close()
