"""What every browser test needs: Debian's Chromium, its flags here, and the npm helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NPM = REPO / ".cache" / "npm" / "node_modules"
AXE = NPM / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require(*paths: Path) -> None:
    """Fail (never skip) when .ci/run's installs are missing: a skipped browser test hides work."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        pytest.fail("browser test helpers missing (run `bash .ci/run` once): " + ", ".join(missing))
