"""A plain (non-editable) install must carry the templates and player assets."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "lms_bridge", "scorm_templates")


def test_wheel_contains_templates_and_player(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, src / name, ignore=ignore)
        else:
            shutil.copyfile(source, src / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-q", "-w", str(tmp_path / "dist")],
        check=True, cwd=tmp_path, capture_output=True,
    )
    [wheel] = (tmp_path / "dist").glob("lms_bridge-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    templates = [p for p in (src / "scorm_templates").rglob("*") if p.is_file()]
    expected = {f"lms_bridge/scorm_templates/{p.relative_to(src / 'scorm_templates').as_posix()}"
                for p in templates}
    assert {"lms_bridge/scorm_templates/sco.html.j2",
            "lms_bridge/scorm_templates/imsmanifest_scorm12.xml.j2",
            "lms_bridge/scorm_templates/imsmanifest_scorm2004.xml.j2",
            "lms_bridge/scorm_templates/player/player.js"} <= expected
    assert expected - names == set()
    modules = {p.relative_to(src).as_posix() for p in (src / "lms_bridge").rglob("*.py")}
    assert modules - names == set()
    assert "lms_bridge/py.typed" in names
    assert not [n for n in names if n.startswith(("tests/", "scorm_templates/"))]
