"""What the preview serves: a SCORM package unpacked into a temporary folder, and its SCOs.

A course folder is built first with the real builder (every language, so the picker shows), so
the preview shows exactly what ``lms-bridge build`` would upload.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lms_bridge.exceptions import InputError, LmsBridgeError, Problem

STANDARDS = ("scorm12", "scorm2004")


class PreviewError(LmsBridgeError):
    """The preview could not start (for example, the port is taken)."""


@dataclass(frozen=True)
class PreviewSco:
    id: str
    title: str
    href: str
    """Launch page, relative to the package root (with its query string, if any)."""
    mastery_score: str | None = None
    completion_threshold: str | None = None
    """SCORM 2004 ``adlcp:completionThreshold`` as Moodle seeds ``cmi.completion_threshold``."""


@dataclass
class PreviewPackage:
    """An unpacked package; :meth:`close` removes the temporary folder."""

    root: Path
    title: str
    standard: str
    scos: list[PreviewSco]
    _temp: Path | None = field(default=None, repr=False)

    def close(self) -> None:
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)
            self._temp = None


def open_package(source: Path, standard: str | None = None) -> PreviewPackage:
    """Unpack ``source`` (a .zip package, or a course folder, built first) into a temp folder."""
    if standard is not None and standard not in STANDARDS:
        raise InputError(f"unknown standard {standard!r} (choose {', '.join(STANDARDS)})")
    if not source.exists():
        raise InputError(f"{source}: no such course folder or package")
    temp = Path(tempfile.mkdtemp(prefix="lms-bridge-preview-"))
    try:
        archive = source
        if source.is_dir():
            archive = _build(source, temp / "package.zip", standard or "scorm12")
        elif source.suffix.lower() != ".zip":
            raise InputError(f"{source}: expected a course folder or a .zip SCORM package")
        root = temp / "package"
        _unzip(archive, root)
        title, found, scos = _read_manifest(root / "imsmanifest.xml", archive)
        return PreviewPackage(root=root, title=title, standard=found, scos=scos, _temp=temp)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _build(course: Path, output: Path, standard: str) -> Path:
    from lms_bridge.scorm.build import build_package, load

    loaded = load(course)
    build_package(loaded, output=output, languages=list(loaded.languages),
                  standard="scorm2004" if standard == "scorm2004" else "scorm12")
    return output


def _unzip(archive: Path, target: Path) -> None:
    """Extract only the entries the validator's archive reader calls safe, and nothing from a
    zip it refuses: a package from elsewhere must neither write outside ``target``, fill the
    disk with a zip bomb, nor stop the preview with a traceback (an encrypted entry)."""
    from lms_bridge.scorm.validate import archive as safe

    try:
        package = safe.open_package(archive, safe.DEFAULT_LIMITS)
    except safe.PackageUnreadableError as exc:
        raise InputError(str(exc)) from None
    with package:
        refused = [f for f in package.findings if f.rule_id.startswith("SEC-")]
        if refused:
            reasons = sorted({_REFUSALS.get(f.rule_id, "an unsafe entry") for f in refused})
            raise InputError(f"{archive}: {'; '.join(reasons)} (run lms-bridge validate)",
                             [Problem(archive.name, f"{f.rule_id}: {f.message}")
                              for f in refused])
        try:
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(target, members=list(package.files))
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise InputError(f"{archive}: a damaged entry cannot be unpacked ({exc})") from None


_TOO_LARGE = "too large to preview"
_REFUSALS = {
    "SEC-ZIP-TOTAL-SIZE": _TOO_LARGE, "SEC-ZIP-ENTRY-COUNT": _TOO_LARGE,
    "SEC-ZIP-RATIO": _TOO_LARGE, "SEC-ZIP-SLIP": "unsafe path in the zip",
    "SEC-ABSOLUTE-PATH": "unsafe path in the zip", "SEC-BACKSLASH-PATH": "unsafe path in the zip",
    "SEC-SYMLINK": "a symbolic link in the zip", "SEC-ZIP-ENCRYPTED": "an encrypted entry",
    "SEC-ZIP-DUPLICATE-ENTRY": "a duplicate entry",
}


def _read_manifest(path: Path, archive: Path) -> tuple[str, str, list[PreviewSco]]:
    """The manifest, parsed and typed by the validator's own readers: a package from elsewhere
    may carry entity bombs, and its standard and SCOs are read the one way ``validate`` reads
    them (a resource whose scormtype is not exactly 'sco' is an asset there and in Moodle)."""
    from lms_bridge.scorm.validate.manifest_rules import is_sco, load_manifest
    from lms_bridge.scorm.validate.xml_safety import parse_untrusted

    if not path.is_file():
        raise InputError(f"{archive}: no imsmanifest.xml at the root of the package")
    parsed = parse_untrusted(path.read_bytes(), path.name)
    tree, refused = parsed.root, parsed.refused
    if tree is None or refused is not None:
        raise InputError("the package's manifest cannot be read",
                         [Problem(f"{archive.name}:{path.name}",
                                  refused.message if refused else "not parsed",
                                  refused.line if refused else None)])
    standard = load_manifest(tree).standard or "scorm12"
    resources = {res.get("identifier"): res.get("href") for res in tree.iter("{*}resource")
                 if is_sco(res) and res.get("href")}
    scos = []
    for item in tree.iter("{*}item"):
        ref = item.get("identifierref")
        if ref not in resources:
            continue
        title = item.findtext("{*}title") or ref
        mastery = item.findtext("{*}masteryscore")
        threshold = item.findtext("{*}completionThreshold")
        href = resources[ref] + (item.get("parameters") or "")
        scos.append(PreviewSco(id=item.get("identifier") or ref, title=title.strip(), href=href,
                               mastery_score=mastery.strip() if mastery else None,
                               completion_threshold=threshold.strip() if threshold else None))
    if not scos:
        raise InputError(f"{archive}: the manifest lists no SCO to launch")
    org_title = tree.xpath("//*[local-name()='organization']/*[local-name()='title']/text()")
    return (org_title[0].strip() if org_title else archive.stem), standard, scos
