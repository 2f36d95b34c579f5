"""The ADL content-package checks (the CTS 'ApplicationProfileChecker' and friends), re-implemented.

XSD validation cannot catch these: the SCORM schemas accept unknown extension elements, dangling
``identifierref`` values, missing titles and the wrong ``scormtype`` spelling. Each check is a
small function over a :class:`Manifest` that returns findings with the element's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lms_bridge.scorm.validate import namespaces as ns
from lms_bridge.scorm.validate.archive import MANIFEST
from lms_bridge.scorm.validate.findings import Finding, Standard, finding

_ADLCP_FOR = {"scorm12": ns.ADLCP12, "scorm2004": ns.ADLCP2004}
SCHEMAVERSIONS_2004 = {"2004 4th Edition": True, "2004 3rd Edition": False, "CAM 1.3": False}


@dataclass
class Manifest:
    """A parsed manifest and what the checks need to know about it."""

    root: Any
    cp: str
    standard: Standard | None

    def q(self, name: str) -> str:
        return f"{{{self.cp}}}{name}"

    def children(self, element: Any, name: str) -> list[Any]:
        tag = self.q(name)
        return [child for child in element if child.tag == tag]

    def elements(self, *names: str) -> Iterator[Any]:
        return iter(self.root.iter(*(self.q(n) for n in names)))

    def metadata_children(self) -> list[Any]:
        metadata = self.children(self.root, "metadata")
        if not metadata:
            return []
        return [c for c in metadata[0] if isinstance(c.tag, str)]

    def schemaversion(self) -> Any | None:
        for child in self.metadata_children():
            if child.tag == self.q("schemaversion"):
                return child
        return None

    def resource_ids(self) -> dict[str, Any]:
        return {r.get("identifier"): r for r in self.elements("resource")
                if r.get("identifier")}


def _at(rule_id: str, message: str, element: Any) -> Finding:
    return finding(rule_id, message, file=MANIFEST, line=element.sourceline)


def load_manifest(root: Any) -> Manifest:
    """Work out the CP namespace and standard, even for a manifest in the wrong namespace."""
    cp = ns.namespace(root.tag) or ""
    manifest = Manifest(root=root, cp=cp, standard=ns.CP_STANDARD.get(cp))
    if manifest.standard is None:
        version = manifest.schemaversion()
        text = (version.text or "").strip().lower() if version is not None else ""
        if text == "1.2":
            manifest.standard = "scorm12"
        elif "2004" in text or "1.3" in text:
            manifest.standard = "scorm2004"
    return manifest


def check_root(m: Manifest) -> list[Finding]:
    out: list[Finding] = []
    root = m.root
    if ns.local(root.tag) != "manifest" or m.cp not in ns.CP_STANDARD:
        out.append(_at("CP-ROOT-ELEMENT", f"The root element is {root.tag!s}; expected "
                       "<manifest> in the IMS CP namespace.", root))
    if not root.get("identifier"):
        out.append(_at("CP-MANIFEST-IDENTIFIER", "<manifest> has no identifier attribute.", root))
    version = root.get("version") or ""
    if len(version) > 20:
        out.append(_at("CP-VERSION-LENGTH", f"manifest@version '{version}' has {len(version)} "
                       "characters.", root))
    for sub in m.children(root, "manifest"):
        out.append(_at("CP-SUBMANIFEST", "A (sub)manifest is nested in the manifest.", sub))
    for name in ("metadata", "organizations", "resources"):
        count = len(m.children(root, name))
        if count != 1:
            what = "is missing" if count == 0 else f"appears {count} times"
            out.append(_at("CP-REQUIRED-ELEMENT", f"<{name}> {what} in <manifest>.", root))
    return out


def check_metadata(m: Manifest) -> list[Finding]:
    metadata = m.children(m.root, "metadata")
    if not metadata:
        return []
    kids = m.metadata_children()
    out: list[Finding] = []
    first = kids[0] if kids else None
    if first is None or first.tag != m.q("schema"):
        out.append(_at("CP-METADATA-SCHEMA", "<metadata> does not start with <schema>.",
                       first if first is not None else metadata[0]))
    elif (first.text or "").strip() != "ADL SCORM":
        out.append(_at("CP-METADATA-SCHEMA", f"<schema> is '{(first.text or '').strip()}', "
                       "not 'ADL SCORM'.", first))
    version = m.schemaversion()
    if version is None:
        out.append(_at("CP-SCHEMAVERSION", "<metadata> has no <schemaversion>.", metadata[0]))
        return out
    if len(kids) < 2 or kids[1] is not version:
        out.append(_at("CP-SCHEMAVERSION", "<schemaversion> must come right after <schema>.",
                       version))
    out.extend(_schemaversion_value(m, version))
    return out


def _schemaversion_value(m: Manifest, version: Any) -> list[Finding]:
    text = (version.text or "").strip()
    lowered_2004 = {v.lower() for v in SCHEMAVERSIONS_2004}
    if m.standard == "scorm12" and text != "1.2":
        return [_at("CP-SCHEMAVERSION", f"schemaversion '{text}' does not match the SCORM 1.2 "
                    "namespace of <manifest>; it must be '1.2'.", version)]
    if m.standard == "scorm2004":
        if text == "1.2":
            return [_at("CP-SCHEMAVERSION", "schemaversion '1.2' does not match the SCORM 2004 "
                        "namespace of <manifest>.", version)]
        if text in SCHEMAVERSIONS_2004:
            if not SCHEMAVERSIONS_2004[text]:
                return [_at("CP-SCHEMAVERSION-EDITION", f"schemaversion '{text}' is an older "
                            "edition of SCORM 2004.", version)]
            return []
        if text.lower() not in lowered_2004:  # case-only variants: MOODLE-SCHEMAVERSION says it
            return [_at("CP-SCHEMAVERSION", f"schemaversion '{text}' is not a SCORM 2004 "
                        "version.", version)]
    return []


def check_identifiers(m: Manifest) -> list[Finding]:
    out: list[Finding] = []
    seen: dict[str, Any] = {}
    for element in m.elements("manifest", "organization", "item", "resource"):
        identifier = element.get("identifier")
        kind = ns.local(element.tag)
        if not identifier:
            if kind != "manifest":
                out.append(_at("CP-IDENTIFIER-MISSING", f"<{kind}> has no identifier.", element))
            continue
        if identifier in seen:
            out.append(_at("CP-IDENTIFIER-DUPLICATE", f"Identifier '{identifier}' of <{kind}> is "
                           f"already used on line {seen[identifier].sourceline}.", element))
        else:
            seen[identifier] = element
    return out


def _title_problem(m: Manifest, element: Any) -> Finding | None:
    titles = m.children(element, "title")
    kind = ns.local(element.tag)
    ident = element.get("identifier") or "?"
    if len(titles) != 1:
        return _at("CP-TITLE", f"<{kind}> '{ident}' has {len(titles)} <title> elements.", element)
    if not (titles[0].text or "").strip():
        return _at("CP-TITLE", f"<{kind}> '{ident}' has an empty <title>.", titles[0])
    return None


def check_organizations(m: Manifest) -> list[Finding]:
    out: list[Finding] = []
    resources = m.resource_ids()
    for organizations in m.children(m.root, "organizations"):
        orgs = m.children(organizations, "organization")
        default = organizations.get("default")
        org_ids = {o.get("identifier") for o in orgs}
        if default is None and orgs:
            out.append(_at("CP-ORG-DEFAULT-MISSING", "<organizations> has no default.",
                           organizations))
        elif default is not None and default not in org_ids:
            out.append(_at("CP-ORG-DEFAULT", f"default='{default}' names no <organization>.",
                           organizations))
        for org in orgs:
            out.extend(_check_organization(m, org, resources))
    return out


def _check_organization(m: Manifest, org: Any, resources: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    problem = _title_problem(m, org)
    if problem:
        out.append(problem)
    if not m.children(org, "item"):
        out.append(_at("CP-ORG-EMPTY", f"Organization '{org.get('identifier')}' has no <item>.",
                       org))
    for item in org.iter(m.q("item")):
        problem = _title_problem(m, item)
        if problem:
            out.append(problem)
        ident = item.get("identifier") or "?"
        idref = item.get("identifierref")
        has_children = bool(m.children(item, "item"))
        if idref is not None and has_children:
            out.append(_at("CP-IDREF-NONLEAF", f"Item '{ident}' has child items and also "
                           f"identifierref='{idref}'.", item))
        if idref is not None and idref not in resources:
            out.append(_at("CP-IDREF-DANGLING", f"Item '{ident}' refers to resource '{idref}', "
                           "which does not exist.", item))
        if idref is None and not has_children:
            out.append(_at("CP-LEAF-NO-RESOURCE", f"Leaf item '{ident}' has no identifierref.",
                           item))
    return out


def scormtype_attribute(resource: Any) -> tuple[str, str, str | None] | None:
    """(attribute name as lxml keys it, local name, namespace) of the scormtype attribute."""
    for key in resource.attrib:
        name = ns.local(key)
        if name.lower() == "scormtype":
            return key, name, ns.namespace(key)
    return None


def is_sco(resource: Any) -> bool:
    """Whether the resource is a SCO: its scormtype attribute says exactly 'sco'."""
    found = scormtype_attribute(resource)
    return found is not None and resource.get(found[0]) == "sco"


def check_resources(m: Manifest) -> list[Finding]:
    out: list[Finding] = []
    resources = m.resource_ids()
    expected = {"scorm12": "scormtype", "scorm2004": "scormType"}.get(m.standard or "")
    for resource in m.elements("resource"):
        ident = resource.get("identifier") or "?"
        if not resource.get("type"):
            out.append(_at("CP-RESOURCE-TYPE", f"Resource '{ident}' has no type.", resource))
        found = scormtype_attribute(resource)
        if found is None or found[2] not in ns.ADLCP:
            hint = " (it has one without the adlcp: prefix)" if found else ""
            out.append(_at("CP-SCORMTYPE-MISSING", f"Resource '{ident}' has no "
                           f"adlcp:scormtype{hint}.", resource))
        else:
            key, name, space = found
            if expected and name != expected:
                out.append(_at("CP-SCORMTYPE-CASE", f"Resource '{ident}' uses adlcp:{name}; "
                               f"this SCORM version spells it adlcp:{expected}.", resource))
            elif space != _ADLCP_FOR.get(m.standard or "", space):
                out.append(_at("CP-SCORMTYPE-CASE", f"Resource '{ident}': adlcp is bound to "
                               f"{space}, the namespace of the other SCORM version.", resource))
            value = resource.get(key)
            if value not in ("sco", "asset"):
                out.append(_at("CP-SCORMTYPE-VALUE", f"Resource '{ident}' has scormtype "
                               f"'{value}'.", resource))
            elif value == "sco" and not resource.get("href"):
                out.append(_at("CP-SCO-HREF", f"SCO resource '{ident}' has no href.", resource))
        for dependency in m.children(resource, "dependency"):
            ref = dependency.get("identifierref")
            if ref not in resources:
                out.append(_at("CP-IDREF-DANGLING", f"A dependency of resource '{ident}' refers "
                               f"to '{ref}', which does not exist.", dependency))
    return out


# adlcp elements that only make sense on an item launching a SCO (CTS Schematron).
_SCO_ONLY = {"masteryscore", "maxtimeallowed", "timelimitaction", "datafromlms",
             "completionthreshold"}
_MASTERY = re.compile(r"^\s*(\d{1,3}(\.\d*)?|\.\d+)\s*$")


def check_sco_items(m: Manifest) -> list[Finding]:
    out: list[Finding] = []
    resources = m.resource_ids()
    for item in m.elements("item"):
        ident = item.get("identifier") or "?"
        idref = item.get("identifierref")
        resource = resources.get(idref or "")
        if idref is not None and resource is None:
            continue  # CP-IDREF-DANGLING says it
        launches_sco = resource is not None and is_sco(resource)
        for child in item:
            name = ns.local(child.tag)
            if ns.namespace(child.tag) not in ns.ADLCP or name.lower() not in _SCO_ONLY:
                continue
            if not launches_sco:
                out.append(_at("CP-SCO-ONLY-ELEMENT", f"adlcp:{name} on item '{ident}', which "
                               "does not launch a SCO.", child))
            if name.lower() == "masteryscore":
                text = child.text or ""
                match = _MASTERY.match(text)
                if not match or float(match.group(1)) > 100:
                    out.append(_at("CP-MASTERYSCORE", f"adlcp:masteryscore '{text.strip()}' on "
                                   f"item '{ident}' is not a number from 0 to 100.", child))
    return out


CHECKS = (check_root, check_metadata, check_identifiers, check_organizations, check_resources,
          check_sco_items)


def check_manifest(m: Manifest) -> list[Finding]:
    """Every structural check; file references are checked separately (they need the files)."""
    out: list[Finding] = []
    for check in CHECKS:
        out.extend(check(m))
    return out
