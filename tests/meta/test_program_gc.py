"""As a program, lms-bridge collects cycles less often; as a library call, it changes nothing."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from lms_bridge.cli.main import PROGRAM_GC_THRESHOLDS, main


@pytest.fixture
def restored_gc() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)
    gc.unfreeze()


def test_the_program_raises_the_collector_thresholds(restored_gc: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["lms-bridge", "--version"])
    main()
    assert gc.get_threshold() == PROGRAM_GC_THRESHOLDS
    assert gc.get_freeze_count() > 0


def test_a_call_with_arguments_keeps_pythons_settings(restored_gc: None) -> None:
    before = gc.get_threshold()
    main(["--version"])
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_program_still_collects_cycles() -> None:
    code = (
        "import gc, sys\n"
        "from lms_bridge.cli.main import main\n"
        "sys.argv = ['lms-bridge', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "gc.unfreeze()\n"
        "class Node: pass\n"
        "for _ in range(300_000):\n    a = Node(); a.me = a\n"
        "print(gc.get_count()[0] < 300_000, len(gc.get_objects()) < 1_000_000)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split()[-2:] == ["True", "True"]
