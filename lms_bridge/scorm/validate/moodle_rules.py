"""What Moodle's mod_scorm does differently from the standard.

Moodle parses manifests with PHP's expat in case-folding mode and compares *prefixed* names
literally (``ADLCP:SCORMTYPE``, ``IMSSS:SEQUENCING``), so other prefixes are invisible to it. It
reads ``schemaversion`` with exact regular expressions and silently falls back to SCORM 1.2; it
implements almost none of SCORM 2004 sequencing. Source: moodle/moodle
``mod/scorm/datamodels/scormlib.php`` (``scorm_get_manifest``) and ``mod/scorm/lib.php``.
"""

from __future__ import annotations

import re
from typing import Any

from lms_bridge.scorm.validate import namespaces as ns
from lms_bridge.scorm.validate.archive import MANIFEST
from lms_bridge.scorm.validate.findings import Finding, finding
from lms_bridge.scorm.validate.manifest_rules import Manifest, is_sco

_MOODLE_13 = re.compile(r"^(1\.2)$|^(CAM )?(1\.3)$")
_MOODLE_2004 = re.compile(r"^2004 (3rd|4th) Edition$")
# The sequencing elements scorm_get_manifest() reads; everything else in imsss/adlseq it drops.
# deliveryControls is dropped too, but Moodle's default (content sets status) is what it asks for.
_SEQUENCING_READ = {
    (ns.IMSSS, name) for name in (
        "sequencing", "controlMode", "objectives", "primaryObjective", "objective",
        "minNormalizedMeasure", "mapInfo", "limitConditions", "rollupRules", "rollupRule",
        "rollupConditions", "rollupCondition", "rollupAction", "sequencingRules",
        "preConditionRule", "postConditionRule", "exitConditionRule", "ruleConditions",
        "ruleCondition", "ruleAction", "deliveryControls")
} | {(ns.ADLSEQ, "constrainedChoiceConsiderations")}


def moodle_version(raw: str | None) -> str:
    """The SCORM version Moodle records for a schemaversion text, as scorm_get_manifest does.

    Moodle matches the element's character data untrimmed, so any space or line break around the
    value (other than one final newline, which PCRE's ``$`` allows, as Python's does) makes it
    fall back to SCORM 1.2. tests/validate/test_moodle_php.py checks this against PHP's parser.
    """
    if raw is None:
        return "SCORM_1.2"
    match = _MOODLE_13.match(raw)
    if match:
        return "SCORM_" + [g for g in match.groups() if g is not None][-1]
    if _MOODLE_2004.match(raw):
        return "SCORM_1.3"
    return "SCORM_1.2"


def check_schemaversion(m: Manifest) -> list[Finding]:
    version = m.schemaversion()
    raw = version.text if version is not None else None
    seen = moodle_version(raw)
    line = version.sourceline if version is not None else m.root.sourceline
    if m.standard == "scorm2004" and seen != "SCORM_1.3":
        shown = repr(raw) if raw is not None else "no schemaversion"
        return [finding("MOODLE-SCHEMAVERSION", f"Moodle reads {shown} as SCORM 1.2, but this is "
                        "a SCORM 2004 package: the SCORM 2004 API will be missing.",
                        file=MANIFEST, line=line)]
    if m.standard == "scorm12" and seen == "SCORM_1.3":
        return [finding("MOODLE-SCHEMAVERSION", f"Moodle reads {raw!r} as SCORM 2004, but this "
                        "is a SCORM 1.2 package.", file=MANIFEST, line=line,
                        fix="Write <schemaversion>1.2</schemaversion>.")]
    return []


def check_prefixes(m: Manifest) -> list[Finding]:
    problems: dict[tuple[str, str | None], Any] = {}
    for element in m.root.iter():
        if not isinstance(element.tag, str):
            continue
        space = ns.namespace(element.tag)
        if space in ns.MOODLE_PREFIXES and element.prefix != ns.MOODLE_PREFIXES[space]:
            problems.setdefault((space, element.prefix), element)
        for key in element.attrib:
            space = ns.namespace(key)
            if space is None or space not in ns.MOODLE_PREFIXES or space in ns.CP_STANDARD:
                continue
            prefixes = [p for p, uri in element.nsmap.items() if uri == space]
            if ns.MOODLE_PREFIXES[space] not in prefixes:
                problems.setdefault((space, prefixes[0] if prefixes else None), element)
    out = []
    for (space, used), element in problems.items():
        expected = ns.MOODLE_PREFIXES[space]
        want = "no prefix (the default namespace)" if expected is None else f"'{expected}:'"
        have = "no prefix" if used is None else f"'{used}:'"
        out.append(finding("MOODLE-PREFIX", f"Names in {space} use {have}; Moodle only "
                           f"recognises {want}.", file=MANIFEST, line=element.sourceline))
    return out


def check_sequencing(m: Manifest) -> list[Finding]:
    if m.standard != "scorm2004":
        return []
    first: dict[str, tuple[Any, int]] = {}
    for element in m.root.iter(f"{{{ns.IMSSS}}}*", f"{{{ns.ADLSEQ}}}*"):
        space = ns.namespace(element.tag) or ""
        name = ns.local(element.tag)
        if name == "sequencing" and element.get("IDRef"):
            name = "sequencing IDRef=…"
        elif (space, name) in _SEQUENCING_READ:
            continue
        label = ("imsss:" if space == ns.IMSSS else "adlseq:") + name
        seen, count = first.get(label, (element, 0))
        first[label] = (seen, count + 1)
    return [finding("MOODLE-SEQUENCING-IGNORED", f"<{label}> ({count}×): Moodle does not "
                    "read this SCORM 2004 sequencing element, so the LMS "
                    "will not apply it.", file=MANIFEST, line=element.sourceline)
            for label, (element, count) in sorted(first.items())]


def check_tracking(m: Manifest) -> list[Finding]:
    out = []
    if not any(is_sco(resource) for resource in m.elements("resource")):
        out.append(finding("MOODLE-NO-SCO", "No resource is marked as a SCO.", file=MANIFEST,
                           line=m.root.sourceline))
    if m.standard == "scorm2004":
        out.append(finding("MOODLE-APP-SCORM2004", "Learners using the Moodle mobile app cannot "
                           "open this SCORM 2004 package.", file=MANIFEST))
    return out


def check_moodle(m: Manifest) -> list[Finding]:
    out: list[Finding] = []
    for check in (check_schemaversion, check_prefixes, check_sequencing, check_tracking):
        out.extend(check(m))
    return out
