"""moodle_version() agrees with PHP's own XML parser, which Moodle uses to read manifests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from lms_bridge.scorm.validate.moodle_rules import moodle_version
from lms_bridge.scorm.validate.xml_safety import parse_untrusted

HARNESS = Path(__file__).with_name("moodle_reading.php")
VARIANTS = ["1.2", "CAM 1.3", "2004 4th Edition", "2004 3rd Edition", "2004 4th edition",
            " 2004 4th Edition", "2004 4th Edition ", "\n  2004 4th Edition\n",
            "2004 4th Edition\n", "\r\n2004 4th Edition", "2004 5th Edition"]

pytestmark = pytest.mark.php


@pytest.fixture(autouse=True)
def _php() -> None:
    if shutil.which("php") is None:
        pytest.fail("php is missing: run `bash .ci/run` once (it installs php-cli)")


@pytest.mark.parametrize("text", VARIANTS)
def test_same_version_as_php(text: str, tmp_path: Path) -> None:
    document = f"<manifest><metadata><schema>ADL SCORM</schema><schemaversion>{text}" \
               "</schemaversion></metadata></manifest>"
    path = tmp_path / "imsmanifest.xml"
    path.write_bytes(document.encode())
    php = subprocess.run(["php", str(HARNESS), str(path)], capture_output=True, text=True,
                         check=True, timeout=30).stdout.strip()
    parsed = parse_untrusted(path.read_bytes(), "imsmanifest.xml")
    assert parsed.root is not None
    ours = moodle_version(parsed.root.find("metadata/schemaversion").text)
    assert ours == php
