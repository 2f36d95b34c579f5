"""Checks that tie the manifest to the package's files (CTS ResourceHref, RequiredFiles and
ExcessBaggage checkers): every href resolves exactly, schema files sit at the root, and every
file is accounted for.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from lms_bridge.scorm.validate import namespaces as ns
from lms_bridge.scorm.validate.archive import MANIFEST, Package
from lms_bridge.scorm.validate.findings import Finding, finding
from lms_bridge.scorm.validate.manifest_rules import Manifest

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
MAX_UNREFERENCED_LISTED = 50
CONTROL_SUFFIXES = (".xsd", ".dtd")


def is_external(href: str) -> bool:
    if re.match(r"^[A-Za-z]:[\\/]", href):  # a Windows drive, not a URL scheme
        return False
    return bool(_SCHEME.match(href)) or href.startswith("//")


@dataclass
class _Resolver:
    package: Package
    findings: list[Finding] = field(default_factory=list)
    referenced: set[str] = field(default_factory=set)

    def add(self, rule_id: str, message: str, element: Any) -> None:
        self.findings.append(finding(rule_id, message, file=MANIFEST, line=element.sourceline))

    def resolve(self, href: str, base: str, element: Any, what: str) -> None:
        if is_external(href) or is_external(base):
            self.add("CP-HREF-EXTERNAL", f"{what} points to the external URL '{base}{href}'.",
                     element)
            return
        decoded = unquote(base + href)
        if "\\" in decoded:
            self.add("CP-HREF-BACKSLASH", f"{what} '{base}{href}' contains '\\'.", element)
            return
        if decoded.startswith("/") or re.match(r"^[A-Za-z]:/", decoded):
            self.add("CP-HREF-ABSOLUTE", f"{what} '{base}{href}' is absolute.", element)
            return
        path = posixpath.normpath(decoded)
        if path == ".." or path.startswith("../"):
            self.add("CP-HREF-PARENT", f"{what} '{base}{href}' points above the package root.",
                     element)
            return
        if path in self.package.files:
            self.referenced.add(path)
            return
        near = self.package.by_lower_name(path)
        if near:
            self.referenced.update(near)
            self.add("CP-FILE-CASE", f"{what} '{base}{href}' does not exist; the package has "
                     f"'{near[0]}'.", element)
            return
        self.add("CP-FILE-MISSING", f"{what} '{base}{href}' is not in the package.", element)


def _base(element: Any) -> str:
    return element.get(f"{{{ns.XML}}}base") or ""


def check_files(m: Manifest, package: Package) -> list[Finding]:
    """Resolve every href; then warn about the files nothing references."""
    resolver = _Resolver(package)
    for element in m.root.iter():
        value = _base(element)
        if value and not value.endswith("/"):
            resolver.add("CP-XML-BASE", f"xml:base '{value}' does not end with '/'.", element)
    root_base = _base(m.root)
    for resources in m.children(m.root, "resources"):
        resources_base = root_base + _base(resources)
        for resource in m.children(resources, "resource"):
            base = resources_base + _base(resource)
            ident = resource.get("identifier") or "?"
            href = resource.get("href")
            if href:
                launch = re.split(r"[?#]", href, maxsplit=1)[0]
                resolver.resolve(launch, base, resource, f"Resource '{ident}' href")
            for file_el in m.children(resource, "file"):
                if file_el.get("href"):
                    resolver.resolve(file_el.get("href"), base, file_el,
                                     f"File of resource '{ident}'")
    for location in m.root.iter(f"{{{ns.ADLCP12}}}location", f"{{{ns.ADLCP2004}}}location"):
        if (location.text or "").strip():
            resolver.resolve(location.text.strip(), "", location, "Metadata location")
    out = resolver.findings
    out.extend(check_schema_locations(m, package, resolver.referenced))
    out.extend(_unreferenced(package, resolver.referenced))
    return out


def check_schema_locations(m: Manifest, package: Package, referenced: set[str]) -> list[Finding]:
    """CTS RequiredFilesChecker: every XSD named in xsi:schemaLocation is at the package root."""
    value = m.root.get(f"{{{ns.XSI}}}schemaLocation")
    if not value:
        return []
    out: list[Finding] = []
    parts = value.split()
    out.extend(_unmapped_namespaces(m, set(parts[0::2])))
    for location in parts[1::2]:
        if is_external(location):
            continue
        if "/" in location or "\\" in location:
            out.append(finding("CP-SCHEMA-FILE-MISSING", f"Schema '{location}' must sit at the "
                               "package root, not in a folder.", file=MANIFEST,
                               line=m.root.sourceline))
        elif location not in package.files:
            out.append(finding("CP-SCHEMA-FILE-MISSING", f"Schema '{location}' named in "
                               "xsi:schemaLocation is not in the package.", file=MANIFEST,
                               line=m.root.sourceline))
        else:
            referenced.add(location)
    return out


def _unmapped_namespaces(m: Manifest, mapped: set[str]) -> list[Finding]:
    """CTS SchemaHandler: with xsi:schemaLocation present, each namespace used needs an entry."""
    first: dict[str, Any] = {}
    for element in m.root.iter():
        names = [element.tag, *element.attrib] if isinstance(element.tag, str) else []
        for name in names:
            space = ns.namespace(name)
            if space and space not in (ns.XML, ns.XSI) and space not in mapped:
                first.setdefault(space, element)
    return [finding("CP-SCHEMA-NAMESPACE-UNMAPPED", f"Namespace {space} is used but "
                    "xsi:schemaLocation names no schema for it.", file=MANIFEST,
                    line=element.sourceline) for space, element in first.items()]


_JUNK = {".ds_store": "macOS", "thumbs.db": "Windows", "desktop.ini": "Windows"}


def _junk_hint(name: str) -> str:
    """Say so when an unreferenced file is operating-system litter a zip tool picked up."""
    if name.startswith("__MACOSX/"):
        return " (macOS zip metadata: re-create the zip without it)"
    system = _JUNK.get(name.rsplit("/", 1)[-1].lower())
    return f" ({system} folder metadata: delete it before zipping)" if system else ""


def _unreferenced(package: Package, referenced: set[str]) -> list[Finding]:
    names = sorted(
        name for name in package.files
        if name != MANIFEST and name not in referenced
        and not name.lower().endswith(CONTROL_SUFFIXES)
    )
    out = [finding("CP-UNREFERENCED-FILE", f"'{name}' is not referenced by the manifest"
                   f"{_junk_hint(name)}.", file=name) for name in names[:MAX_UNREFERENCED_LISTED]]
    if len(names) > MAX_UNREFERENCED_LISTED:
        rest = len(names) - MAX_UNREFERENCED_LISTED
        out.append(finding("CP-UNREFERENCED-FILE", f"… and {rest} more unreferenced files."))
    return out
