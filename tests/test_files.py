"""The user's folders follow XDG; a replaced file is whole, leaves no temporary, obeys the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from lms_bridge.files import UserDir, user_dir, write_atomic


@pytest.mark.parametrize(("kind", "variable", "default"), [
    ("config", "XDG_CONFIG_HOME", ".config"), ("data", "XDG_DATA_HOME", ".local/share"),
    ("cache", "XDG_CACHE_HOME", ".cache"), ("state", "XDG_STATE_HOME", ".local/state")])
def test_user_dir_follows_xdg(kind: UserDir, variable: str, default: str, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_dir(kind, {variable: str(tmp_path / "x")}) == tmp_path / "x" / "lms-bridge"
    for ignored in ("", "relative/dir"):
        assert user_dir(kind, {variable: ignored}) == (
            tmp_path / "home" / default / "lms-bridge")
    monkeypatch.setenv(variable, str(tmp_path / "from-environ"))
    assert user_dir(kind) == tmp_path / "from-environ" / "lms-bridge"


def test_write_atomic_replaces_the_file_and_follows_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_bytes(b"old")
    old = os.umask(0o027)
    try:
        write_atomic(target, b"new")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_a_failed_write_keeps_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "site.css"
    target.write_bytes(b"old")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("lms_bridge.files.os.replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["site.css"]
