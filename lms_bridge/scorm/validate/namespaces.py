"""XML namespaces of SCORM manifests, and the prefixes Moodle expects for them."""

from __future__ import annotations

from typing import Any, Literal

CP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
CP2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
ADLCP2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"

CP_STANDARD: dict[str, Literal["scorm12", "scorm2004"]] = {CP12: "scorm12", CP2004: "scorm2004"}
ADLCP = {ADLCP12, ADLCP2004}

# Moodle's scormlib.php upper-cases names and compares them with these literal prefixes.
MOODLE_PREFIXES: dict[str, str | None] = {
    CP12: None, CP2004: None, ADLCP12: "adlcp", ADLCP2004: "adlcp", ADLSEQ: "adlseq",
    ADLNAV: "adlnav", IMSSS: "imsss",
}


def local(tag: Any) -> str:
    """The local part of an lxml tag (``{ns}name`` → ``name``); '' for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(tag: Any) -> str | None:
    if not isinstance(tag, str) or not tag.startswith("{"):
        return None
    return tag[1:].partition("}")[0]
