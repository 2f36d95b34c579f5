"""The package to deploy: a zip the user gives (validated here) or one built from a course folder
(validated by the build)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lms_bridge.deploy.errors import DeployError
from lms_bridge.exceptions import InputError, Problem

if TYPE_CHECKING:
    from lms_bridge.scorm.layout import Standard
    from lms_bridge.scorm.validate.manifest_rules import Manifest


@dataclass(frozen=True)
class PackageInfo:
    path: Path
    sha1: str
    size: int
    identifier: str
    title: str


def build_course(course_dir: Path, workdir: Path, *, standard: str = "scorm12",
                 lang: str | None = None) -> PackageInfo:
    """Build the course folder into ``workdir`` with the project's builder.

    The builder has validated the package (it writes none with errors) and hashed it, so the
    result is used as it is: no second validation, no second read for the SHA-1.
    """
    from lms_bridge.scorm.build import build_package, default_output_name, load

    loaded = load(course_dir)
    std: Standard = "scorm2004" if standard == "scorm2004" else "scorm12"
    target = workdir / default_output_name(loaded, std, lang)
    result = build_package(loaded, output=target, standard=std, languages=lang)
    return _info(result.path, result.sha1, result.size)


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
    return _info(path, hashlib.sha1(data).hexdigest(), len(data))


def _info(path: Path, sha1: str, size: int) -> PackageInfo:
    manifest = _manifest(path)
    title = ""
    for organizations in manifest.children(manifest.root, "organizations")[:1]:
        for organization in manifest.children(organizations, "organization")[:1]:
            titles = manifest.children(organization, "title")
            title = (titles[0].text or "").strip() if titles else ""
    return PackageInfo(path=path, sha1=sha1, size=size,
                       identifier=manifest.root.get("identifier") or path.stem,
                       title=title or path.stem)


def _manifest(path: Path) -> Manifest:
    """The package's manifest, read and parsed the way the validator does, so a hostile one is
    refused here as ``lms-bridge validate`` refuses it."""
    from lms_bridge.scorm.validate import PackageUnreadableError
    from lms_bridge.scorm.validate.archive import MANIFEST, open_package
    from lms_bridge.scorm.validate.manifest_rules import load_manifest
    from lms_bridge.scorm.validate.xml_safety import parse_untrusted

    try:
        with open_package(path) as package:
            data = package.read(MANIFEST) if MANIFEST in package.files else None
    except PackageUnreadableError as exc:
        raise DeployError(f"{path}: not a zip with {MANIFEST} at its root") from exc
    if data is None:
        raise DeployError(f"{path}: not a zip with {MANIFEST} at its root")
    if not isinstance(data, bytes):
        raise DeployError(f"{path}: {data}")
    parsed = parse_untrusted(data, MANIFEST)
    if parsed.root is None:
        raise DeployError(f"{path}: {parsed.refused}")
    return load_manifest(parsed.root)
