"""Seeded fuzzing: damaged manifests and damaged zips give findings or PackageUnreadableError,
never another exception. LMS_BRIDGE_FUZZ_ROUNDS raises the count for a longer local run."""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

from lms_bridge.scorm.validate import PackageUnreadableError, validate_package
from tests.validate.conftest import PACKAGES

ROUNDS = int(os.environ.get("LMS_BRIDGE_FUZZ_ROUNDS", "150"))
MANIFESTS = [(PACKAGES / name / "imsmanifest.xml").read_bytes()
             for name in ("valid-scorm12", "valid-scorm2004")]
SNIPPETS = [b"<", b">", b"&", b'"', b"<!DOCTYPE x>", b"\x00", b"\xff\xfe", b"\xc3",
            b'<?xml version="1.0" encoding="bogus"?>', b'xml:base="http://x/"', b'identifier=""',
            b'href=""', b'href="?a"', b"<item/>", b"<resource/>", b"</manifest>", b"&#0;",
            b"<![CDATA[x]]>", b'xmlns:adlcp=""', b'xmlns=""', b'adlcp:scormType="sco"',
            b'<imsss:sequencing IDRef="x"/>', b'xsi:schemaLocation="a"']


def _mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        pos = rng.randrange(len(out))
        roll = rng.random()
        if roll < 0.4:
            out[pos:pos] = rng.choice(SNIPPETS)
        elif roll < 0.7:
            del out[pos:pos + rng.randint(1, 40)]
        else:
            out[pos] = rng.randrange(256)
    return bytes(out)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _package_files(name: str) -> dict[str, bytes]:
    root = PACKAGES / name
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_damaged_manifests_never_crash(tmp_path: Path) -> None:
    """Every file the manifests name is in the zip, so the undamaged package is clean and the
    errors counted come from the damage, not from missing files."""
    rng = random.Random(20261123)
    target = tmp_path / "p.zip"
    packages = [_package_files(name) for name in ("valid-scorm12", "valid-scorm2004")]
    for files in packages:
        target.write_bytes(_zip(files))
        assert validate_package(target).errors == []
    flagged = 0
    for _ in range(ROUNDS):
        files = dict(rng.choice(packages))
        files["imsmanifest.xml"] = _mutate(rng, files["imsmanifest.xml"])
        target.write_bytes(_zip(files))
        flagged += bool(validate_package(target).errors)
    assert flagged > ROUNDS // 2


def test_damaged_zips_never_crash(tmp_path: Path) -> None:
    rng = random.Random(7)
    good = _zip({"imsmanifest.xml": MANIFESTS[0], "index.html": b"<p>x</p>" * 200})
    target = tmp_path / "p.zip"
    unreadable = 0
    for _ in range(ROUNDS):
        data = bytearray(good)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        target.write_bytes(bytes(data))
        try:
            validate_package(target)
        except PackageUnreadableError:
            unreadable += 1
    assert unreadable < ROUNDS
