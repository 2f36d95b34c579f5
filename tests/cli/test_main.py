"""The program's exit status is the command's, however lms-bridge is started."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lms_bridge.cli.main import main


@pytest.mark.parametrize("program", [["lms-bridge"], [sys.executable, "-m", "lms_bridge.cli.main"]])
def test_a_commands_exit_code_reaches_the_shell(program: list[str], tmp_path: Path) -> None:
    key = tmp_path / "key"
    main(["certificates", "init-key", str(key)])
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run([*program, "certificates", "verify", "LB-BAD", "--key-file", str(key)],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 2, done.stderr  # 'not a code' (ctx.exit(2) in the command)
    assert "is not a certificate code" in done.stderr


def test_called_with_arguments_the_code_is_returned(tmp_path: Path) -> None:
    key = tmp_path / "key"
    main(["certificates", "init-key", str(key)])
    assert main(["certificates", "verify", "LB-BAD", "--key-file", str(key)]) == 2
