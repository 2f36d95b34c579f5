"""Findings, the rule catalogue and the report a validation run returns.

Rule ids are a public contract: scripts match on them, ``docs/validate.md`` documents each, and a
test checks that the documentation and this catalogue agree. Never rename an id; add a new one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
Standard = Literal["scorm12", "scorm2004"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
JSON_FORMAT = 1


@dataclass(frozen=True)
class Rule:
    """What a rule checks, how bad a breach is by default, and how a designer fixes it."""

    severity: Severity
    title: str
    fix: str


def _r(severity: Severity, title: str, fix: str) -> Rule:
    return Rule(severity, title, fix)


RULES: dict[str, Rule] = {
    # --- reading the package safely -----------------------------------------------------------
    "PKG-EMPTY": _r("error", "The package holds no files.",
                    "Zip the course folder's contents, not an empty folder."),
    "SEC-ZIP-SLIP": _r("error", "An entry path climbs out of the package with '..'.",
                       "Re-create the zip from the course folder; never accept this package "
                       "from its source, it tries to write outside the extraction folder."),
    "SEC-ABSOLUTE-PATH": _r("error", "An entry path is absolute (starts with '/' or a drive).",
                            "Re-create the zip with paths relative to the package root."),
    "SEC-BACKSLASH-PATH": _r("error", "An entry path uses '\\' as a separator.",
                             "Re-create the zip with a tool that writes '/' separators "
                             "(Windows' built-in zip of old versions writes '\\')."),
    "SEC-SYMLINK": _r("error", "The package contains a symbolic link.",
                      "Replace the link with the file it points to before zipping."),
    "SEC-SPECIAL-FILE": _r("error", "The folder contains a device, socket or pipe.",
                           "Remove it; a package holds only regular files."),
    "SEC-ZIP-DUPLICATE-ENTRY": _r("error", "Two zip entries have the same path.",
                                  "Re-create the zip; which copy an LMS unpacks is undefined."),
    "SEC-ZIP-ENCRYPTED": _r("error", "A zip entry is encrypted.",
                            "Re-create the zip without a password; LMSs cannot unpack it."),
    "SEC-ZIP-CORRUPT": _r("error", "A zip entry cannot be decompressed (bad data, checksum or "
                          "compression method).",
                          "Re-create the zip with standard deflate compression."),
    "SEC-ZIP-TOTAL-SIZE": _r("error", "The files declare more uncompressed data than the limit "
                             "(a zip bomb or an unreasonably large package).",
                             "Do not unpack this package; if it is genuine, split it or "
                             "host large media outside the package."),
    "SEC-ZIP-RATIO": _r("error", "An entry compresses far better than real content does "
                        "(a zip bomb).",
                        "Do not unpack this package; ask its source for a clean build."),
    "SEC-ZIP-ENTRY-COUNT": _r("error", "The package has more entries than the limit.",
                              "Remove stray files; a course rarely needs more than a few "
                              "thousand."),
    "SEC-XML-ENTITY": _r("error", "An XML file declares entities (the 'billion laughs' attack "
                         "expands them until memory runs out).",
                         "Remove the <!DOCTYPE …> block; a manifest needs no entities."),
    "SEC-XML-EXTERNAL-ENTITY": _r("error", "An XML file declares an external entity (XXE: it "
                                  "would make the LMS read local files or URLs).",
                                  "Remove the <!DOCTYPE …> block; never upload this package "
                                  "as is."),
    "SEC-XML-TOO-DEEP": _r("error", "An XML file is nested deeper than the limit.",
                           "Flatten the structure; real manifests nest a few dozen levels "
                           "at most."),
    "SEC-XML-TOO-LARGE": _r("error", "An XML file is larger than the limit.",
                            "Split the course into several packages."),
    # --- ADL content-package checks ---------------------------------------------------------
    "CP-MANIFEST-AT-ROOT": _r("error", "imsmanifest.xml is not at the root of the package.",
                              "Zip the contents of the course folder so that imsmanifest.xml "
                              "is at the top of the zip, not inside a folder."),
    "CP-XML-WELL-FORMED": _r("error", "The manifest is not well-formed XML.",
                             "Fix the XML syntax at the given line."),
    "CP-ROOT-ELEMENT": _r("error", "The root element is not <manifest> in the IMS content "
                          "packaging namespace.",
                          "Use xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\" "
                          "(SCORM 1.2) or xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" "
                          "(SCORM 2004) on <manifest>."),
    "CP-SUBMANIFEST": _r("warning", "The manifest contains (sub)manifests.",
                         "ADL recommends one flat manifest; move the nested content into it."),
    "CP-MANIFEST-IDENTIFIER": _r("error", "<manifest> has no identifier.",
                                 "Add identifier=\"…\" to <manifest>."),
    "CP-REQUIRED-ELEMENT": _r("error", "<manifest> must hold exactly one <metadata>, "
                              "<organizations> and <resources>.",
                              "Add the missing element or remove the duplicate."),
    "CP-METADATA-SCHEMA": _r("error", "<metadata> must start with <schema>ADL SCORM</schema>.",
                             "Put <schema>ADL SCORM</schema> first in the manifest's "
                             "<metadata>."),
    "CP-SCHEMAVERSION": _r("error", "<schemaversion> is missing, misplaced or not a SCORM "
                           "version.",
                           "Put <schemaversion>1.2</schemaversion> (SCORM 1.2) or "
                           "<schemaversion>2004 4th Edition</schemaversion> right after "
                           "<schema>."),
    "CP-SCHEMAVERSION-EDITION": _r("warning", "The package declares an older SCORM 2004 "
                                   "edition.",
                                   "ADL recommends 2004 4th Edition; rebuild the package for "
                                   "it if you can."),
    "CP-SCHEMA-FILE-MISSING": _r("error", "A schema file named in xsi:schemaLocation is not at "
                                 "the package root.",
                                 "Put the XSD next to imsmanifest.xml, or drop its entry from "
                                 "xsi:schemaLocation."),
    "CP-SCHEMA-NAMESPACE-UNMAPPED": _r("warning", "A namespace used in the manifest has no "
                                       "entry in xsi:schemaLocation.",
                                       "Add 'NAMESPACE FILE.xsd' for it to xsi:schemaLocation "
                                       "and ship the XSD, or remove xsi:schemaLocation."),
    "CP-XSD-INVALID": _r("error", "The manifest breaks the SCORM XML schemas.",
                         "Fix the element or attribute at the given line."),
    "CP-XSD-UNAVAILABLE": _r("warning", "XSD validation could not run with the schema files "
                             "available.",
                             "Pass --schemas with a folder holding the complete SCORM schema "
                             "set."),
    "CP-IDENTIFIER-MISSING": _r("error", "An organization, item or resource has no "
                                "identifier.",
                                "Give it an identifier=\"…\" unique in the manifest."),
    "CP-IDENTIFIER-DUPLICATE": _r("error", "Two elements share an identifier.",
                                  "Make every identifier in the manifest unique."),
    "CP-ORG-DEFAULT": _r("error", "<organizations default=…> does not name an organization.",
                         "Set default to the identifier of one of the <organization> "
                         "elements."),
    "CP-ORG-DEFAULT-MISSING": _r("warning", "<organizations> has no default attribute.",
                                 "Add default=\"…\" naming the organization learners see."),
    "CP-ORG-EMPTY": _r("error", "An organization has no items.",
                       "Add at least one <item> to the organization."),
    "CP-TITLE": _r("error", "An organization or item does not have exactly one <title>.",
                   "Give it exactly one non-empty <title> as its first child."),
    "CP-IDREF-NONLEAF": _r("error", "An item with child items has an identifierref.",
                           "Move identifierref to a leaf item; only leaves launch content."),
    "CP-IDREF-DANGLING": _r("error", "An identifierref names no resource.",
                            "Point identifierref at the identifier of a <resource>."),
    "CP-LEAF-NO-RESOURCE": _r("warning", "A leaf item launches nothing (no identifierref).",
                              "Add identifierref=\"…\" naming the resource the item launches."),
    "CP-RESOURCE-TYPE": _r("error", "A resource has no type attribute.",
                           "Add type=\"webcontent\" to the resource."),
    "CP-SCORMTYPE-MISSING": _r("error", "A resource has no adlcp:scormtype / adlcp:scormType.",
                               "Add adlcp:scormtype=\"sco\" (1.2) or adlcp:scormType=\"sco\" "
                               "(2004), or \"asset\" for files that do not talk to the LMS."),
    "CP-SCORMTYPE-CASE": _r("error", "The scormtype attribute is spelled for the other SCORM "
                            "version.",
                            "Write adlcp:scormtype in SCORM 1.2 and adlcp:scormType in SCORM "
                            "2004."),
    "CP-SCORMTYPE-VALUE": _r("error", "scormtype is neither 'sco' nor 'asset'.",
                             "Use \"sco\" or \"asset\", in lower case."),
    "CP-SCO-ONLY-ELEMENT": _r("error", "An element that only applies to SCOs sits on an item "
                              "that does not launch a SCO.",
                              "Move it to an item whose resource has scormtype 'sco', or "
                              "remove it."),
    "CP-MASTERYSCORE": _r("error", "adlcp:masteryscore is not a number from 0 to 100.",
                          "Write the pass mark as a plain number, e.g. "
                          "<adlcp:masteryscore>80</adlcp:masteryscore>."),
    "CP-SCO-HREF": _r("error", "A SCO resource has no href to launch.",
                      "Add href=\"…\" with the SCO's launch page."),
    "CP-FILE-MISSING": _r("error", "A file the manifest references is not in the package.",
                          "Add the file or correct the href."),
    "CP-FILE-CASE": _r("error", "A referenced file exists only with different letter case.",
                       "Make the href match the file name exactly; Moodle's servers treat "
                       "'Index.html' and 'index.html' as different files."),
    "CP-HREF-PARENT": _r("error", "An href climbs above the package root with '../'.",
                         "Keep every file inside the package and use paths relative to its "
                         "root."),
    "CP-HREF-ABSOLUTE": _r("error", "An href starts with '/' or '\\'.",
                           "Use a path relative to the package root."),
    "CP-HREF-BACKSLASH": _r("error", "An href contains '\\'.",
                            "Use '/' as the path separator."),
    "CP-HREF-EXTERNAL": _r("warning", "A resource points to an external URL.",
                           "Put the content in the package; external content loses tracking "
                           "and breaks offline and on other domains."),
    "CP-XML-BASE": _r("error", "An xml:base value does not end with '/'.",
                      "End xml:base with '/' (or remove it)."),
    "CP-UNREFERENCED-FILE": _r("warning", "A file in the package is not listed in the "
                               "manifest.",
                               "Add a <file href=\"…\"/> for it to the resource that uses it, "
                               "or delete it."),
    "CP-VERSION-LENGTH": _r("warning", "manifest@version is longer than 20 characters.",
                            "Shorten the version; LMSs need only keep 20 characters."),
    # --- Moodle mod_scorm ---------------------------------------------------------------------
    "MOODLE-SCHEMAVERSION": _r("error", "Moodle will not recognise this schemaversion as SCORM "
                               "2004 and will run the package as SCORM 1.2.",
                               "Write exactly '2004 4th Edition' (capital E, no spaces "
                               "around it)."),
    "MOODLE-PREFIX": _r("error", "Moodle matches prefixed names literally; an unexpected "
                        "prefix hides elements from it.",
                        "Use the default namespace for IMS CP elements and the prefixes "
                        "adlcp, imsss, adlseq and adlnav."),
    "MOODLE-SEQUENCING-IGNORED": _r("warning", "Moodle does not implement this SCORM 2004 "
                                    "sequencing element.",
                                    "Do not rely on it: Moodle ignores sequencing and "
                                    "navigation rules. Use one SCO per package."),
    "MOODLE-NO-SCO": _r("warning", "No resource is a SCO, so Moodle tracks nothing.",
                        "Mark the launch resource adlcp:scormtype=\"sco\" (1.2) or "
                        "adlcp:scormType=\"sco\" (2004)."),
    "MOODLE-UPLOAD-SIZE": _r("error", "The package is larger than the upload limit.",
                             "Compress media, move long videos out of the package, or ask "
                             "the Moodle admin to raise the limit."),
    "MOODLE-APP-SCORM2004": _r("info", "The Moodle mobile app plays SCORM 1.2 packages only.",
                               "Build for SCORM 1.2 if learners use the Moodle app."),
}


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem found in a package, located as precisely as the package allows."""

    rule_id: str
    severity: Severity
    file: str | None = None
    line: int | None = None
    message: str
    fix: str

    def sort_key(self) -> tuple[int, str, int, str, str]:
        return (SEVERITY_ORDER[self.severity], self.file or "", self.line or 0, self.rule_id,
                self.message)

    def to_json(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "severity": self.severity, "file": self.file,
                "line": self.line, "message": self.message, "fix": self.fix}

    @property
    def where(self) -> str:
        """``file:line``, ``file``, or ``(package)`` for the package as a whole."""
        where = self.file or "(package)"
        return where if self.line is None else f"{where}:{self.line}"

    def __str__(self) -> str:
        return f"{self.where}: {self.rule_id}: {self.message}"


def finding(rule_id: str, message: str, *, file: str | None = None, line: int | None = None,
            severity: Severity | None = None, fix: str | None = None) -> Finding:
    """Build a finding from the catalogue, so severity and fix stay consistent everywhere."""
    rule = RULES[rule_id]
    return Finding(rule_id=rule_id, severity=severity or rule.severity,
                   message=printable(message), fix=fix or rule.fix,
                   file=None if file is None else printable(file), line=line)


def printable(text: str) -> str:
    """Escape control characters: names from a hostile zip must not drive the user's terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@dataclass
class ValidationReport:
    """Everything a validation run found; ``ok`` decides the CLI's exit code."""

    package: str
    standard: Standard | None = None
    strict: bool = False
    findings: list[Finding] = field(default_factory=list)

    def add(self, items: Iterable[Finding]) -> None:
        self.findings.extend(items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "info"]

    @property
    def ok(self) -> bool:
        if self.errors:
            return False
        return not (self.strict and self.warnings)

    def rule_ids(self) -> set[str]:
        return {f.rule_id for f in self.findings}

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def to_json(self) -> dict[str, Any]:
        """The stable, documented JSON form (see docs/validate.md)."""
        return {
            "format": JSON_FORMAT,
            "package": self.package,
            "standard": self.standard,
            "strict": self.strict,
            "ok": self.ok,
            "summary": {"errors": len(self.errors), "warnings": len(self.warnings),
                        "info": len(self.infos)},
            "findings": [f.to_json() for f in self.sorted_findings()],
        }
