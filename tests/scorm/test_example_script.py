"""``examples/build_course.py`` works as a user's own script: from any folder, library API only."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "build_course.py"


def test_example_script_builds_both_standards_from_another_folder(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    done = subprocess.run([sys.executable, str(SCRIPT), str(out)], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    built = sorted(p.name for p in out.iterdir())
    assert built == ["law-on-local-self-government-multi-scorm12.zip",
                     "law-on-local-self-government-multi-scorm2004.zip"]
    for name in built:
        with zipfile.ZipFile(out / name) as archive:
            assert "imsmanifest.xml" in archive.namelist()
    assert "click" not in SCRIPT.read_text(encoding="utf-8")
