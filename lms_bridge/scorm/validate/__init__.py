"""Validate any SCORM 1.2 / 2004 package, ours or a vendor's, before it reaches Moodle.

``validate_package`` reads a zip or a folder without extracting it, refuses hostile content with
findings instead of exceptions, then runs the ADL content-package checks, Moodle's own quirks and
(when schema files are available) XSD validation. Only an input that is not a package at all
raises :class:`PackageUnreadableError`.
"""

from __future__ import annotations

from pathlib import Path

from lms_bridge.scorm.validate.archive import (
    DEFAULT_LIMITS,
    MANIFEST,
    Limits,
    Package,
    PackageUnreadableError,
    open_package,
)
from lms_bridge.scorm.validate.findings import (
    RULES,
    Finding,
    Rule,
    Severity,
    Standard,
    ValidationReport,
    finding,
)

__all__ = [
    "RULES",
    "Finding",
    "Limits",
    "PackageUnreadableError",
    "Rule",
    "Severity",
    "Standard",
    "ValidationReport",
    "validate_package",
]


def validate_package(path: Path, *, schemas_dir: Path | None = None, max_size: int | None = None,
                     strict: bool = False, limits: Limits = DEFAULT_LIMITS) -> ValidationReport:
    """Check the package at ``path`` (a .zip or a folder) and return every finding.

    ``schemas_dir`` holds SCORM XSDs for validation (else the package's own root XSDs are used,
    if it ships them); ``max_size`` is an upload limit in bytes; with ``strict`` warnings also
    make the report not ``ok``.
    """
    path = Path(path)
    report = ValidationReport(package=path.name or path.resolve().name, strict=strict)
    with open_package(path, limits) as package:
        report.add(package.findings)
        if max_size is not None and package.size_on_disk > max_size:
            what = "The package is" if package.kind == "zip" else "The folder's files are"
            note = "" if package.kind == "zip" else " (uncompressed; the zip will be smaller)"
            report.add([finding("MOODLE-UPLOAD-SIZE", f"{what} {package.size_on_disk:,} bytes"
                                f"{note}; the limit is {max_size:,}.")])
        if not any(f.rule_id == "PKG-EMPTY" for f in package.findings):
            _check_contents(package, report, schemas_dir)
    return report


def _check_contents(package: Package, report: ValidationReport, schemas_dir: Path | None) -> None:
    if MANIFEST not in package.files:
        if not any(f.file == MANIFEST for f in package.findings):  # refused, not missing
            report.add([_manifest_location_finding(package)])
        return
    data = package.read(MANIFEST)
    if isinstance(data, Finding):
        report.add([data])
        return

    from lms_bridge.scorm.validate.file_rules import check_files
    from lms_bridge.scorm.validate.manifest_rules import check_manifest, load_manifest
    from lms_bridge.scorm.validate.moodle_rules import check_moodle
    from lms_bridge.scorm.validate.xml_safety import parse_untrusted

    parsed = parse_untrusted(data, MANIFEST, package.limits.max_member_read)
    if parsed.refused is not None:
        report.add([parsed.refused])
        return
    manifest = load_manifest(parsed.root)
    report.standard = manifest.standard
    report.add(check_manifest(manifest))
    report.add(check_files(manifest, package))
    report.add(check_moodle(manifest))
    if manifest.standard is not None and (schemas_dir is not None or _ships_schemas(package)):
        from lms_bridge.scorm.validate.schema import check_schema

        report.add(check_schema(manifest, package, schemas_dir))


def _ships_schemas(package: Package) -> bool:
    return any("/" not in name and name.lower().endswith(".xsd") for name in package.files)


def _manifest_location_finding(package: Package) -> Finding:
    elsewhere = sorted(name for name in package.files
                       if name.rsplit("/", 1)[-1].lower() == MANIFEST)
    at_root = [name for name in elsewhere if "/" not in name]
    if at_root:
        return finding("CP-MANIFEST-AT-ROOT", f"The manifest is named '{at_root[0]}'; Moodle "
                       f"and ADL require exactly '{MANIFEST}'.", file=at_root[0],
                       fix=f"Rename it to {MANIFEST} (all lower case).")
    if elsewhere:
        return finding("CP-MANIFEST-AT-ROOT", f"The manifest is at '{elsewhere[0]}', not at the "
                       "root of the package.", file=elsewhere[0])
    return finding("CP-MANIFEST-AT-ROOT", f"The package has no {MANIFEST}.")
