"""The package to deploy: built from a course folder when needed, then read and validated."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from defusedxml import ElementTree

from lms_bridge.deploy.errors import DeployError
from lms_bridge.exceptions import InputError, Problem

if TYPE_CHECKING:
    from lms_bridge.scorm.layout import Standard


@dataclass(frozen=True)
class PackageInfo:
    path: Path
    sha1: str
    size: int
    identifier: str
    title: str


def build_course(course_dir: Path, workdir: Path, *, standard: str = "scorm12",
                 lang: str | None = None) -> Path:
    """Build the course folder into ``workdir`` with the project's builder; returns the zip."""
    from lms_bridge.scorm.build import build_package, default_output_name, load, select_languages

    loaded = load(course_dir)
    std: Standard = "scorm2004" if standard == "scorm2004" else "scorm12"
    languages = select_languages(loaded, lang)
    target = workdir / default_output_name(loaded, std, languages)
    return build_package(loaded, output=target, standard=std, languages=lang).path


def check_package(path: Path) -> None:
    """Refuse a package the validator finds errors in, listing every one."""
    from lms_bridge.scorm.validate import PackageUnreadableError, validate_package

    try:
        report = validate_package(path)
    except PackageUnreadableError as exc:
        raise InputError(f"{path} is not a SCORM package",
                         [Problem(str(path), str(exc))]) from exc
    if not report.ok:
        raise InputError(
            f"{path} has problems Moodle would reject or mis-play; nothing was sent",
            [Problem(f"{path.name}:{f.file}" if f.file else path.name,
                     f"{f.rule_id}: {f.message}", line=f.line) for f in report.errors])


def read_package(path: Path) -> PackageInfo:
    """SHA-1 (what Moodle stores as ``sha1hash``), manifest identifier and title of a zip."""
    data = path.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = archive.read("imsmanifest.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise DeployError(f"{path}: not a zip with imsmanifest.xml at its root") from exc
    root = ElementTree.fromstring(manifest)
    identifier = root.get("identifier") or path.stem
    title = ""
    for element in root.iter():
        if _local(element.tag) == "organization":
            for child in element:
                if _local(child.tag) == "title" and (child.text or "").strip():
                    title = (child.text or "").strip()
                    break
            break
    return PackageInfo(path=path, sha1=hashlib.sha1(data).hexdigest(), size=len(data),
                       identifier=identifier, title=title or path.stem)


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]
