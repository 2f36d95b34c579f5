"""The installer zip: one top folder ``lmsbridge/``, the same bytes every time."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from lms_bridge.deploy.plugin_zip import plugin_files, plugin_source_dir, write_plugin_zip


def test_single_top_folder_with_every_plugin_file(tmp_path: Path) -> None:
    names = write_plugin_zip(tmp_path / "local_lmsbridge.zip")
    with zipfile.ZipFile(tmp_path / "local_lmsbridge.zip") as archive:
        assert archive.namelist() == names
        assert {name.split("/", 1)[0] for name in names} == {"lmsbridge"}
        assert "lmsbridge/version.php" in names
        assert "lmsbridge/db/services.php" in names
        source = plugin_source_dir()
        for name in names:
            relative = name.removeprefix("lmsbridge/")
            assert archive.read(name) == (source / relative).read_bytes()
    on_disk = {p for p in plugin_source_dir().rglob("*") if p.is_file()
               and "__pycache__" not in p.parts}
    assert len(names) == len(on_disk)


def test_zip_is_deterministic(tmp_path: Path) -> None:
    write_plugin_zip(tmp_path / "a.zip")
    write_plugin_zip(tmp_path / "b.zip")
    digest = [hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in ("a.zip", "b.zip")]
    assert digest[0] == digest[1]


def test_hidden_files_and_caches_are_left_out(tmp_path: Path) -> None:
    source = tmp_path / "lmsbridge"
    (source / "__pycache__").mkdir(parents=True)
    (source / "version.php").write_text("<?php\n", encoding="utf-8")
    (source / ".hidden").write_text("x", encoding="utf-8")
    (source / "__pycache__" / "x.pyc").write_bytes(b"x")
    assert list(plugin_files(source)) == ["lmsbridge/version.php"]
