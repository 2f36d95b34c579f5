"""Parse XML from an untrusted package so that it can neither exhaust memory nor read files.

libxml2 (through lxml) expands internal entities inside attribute values even with
``resolve_entities=False``, so any document with a DOCTYPE is first screened with defusedxml,
which refuses entity declarations before anything is expanded. lxml then parses with network
access, DTD loading and entity substitution off; its line numbers locate later findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lms_bridge.scorm.validate.findings import Finding, finding

MAX_XML_BYTES = 16 * 1024**2
MAX_DEPTH = 64
_DOCTYPE_MARKERS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"),
                    "<!DOCTYPE".encode("utf-16-be"))


@dataclass
class ParsedXml:
    """A parsed document, or the finding that explains why it was refused."""

    root: Any | None
    refused: Finding | None


def _screen_dtd(data: bytes, name: str) -> Finding | None:
    from defusedxml import DefusedXmlException, EntitiesForbidden
    from defusedxml.ElementTree import ParseError
    from defusedxml.ElementTree import fromstring as defused_fromstring

    try:
        defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            return finding("SEC-XML-EXTERNAL-ENTITY", f"{name} declares the external entity "
                           f"'{exc.name}'; it was not read.", file=name)
        return finding("SEC-XML-ENTITY", f"{name} declares the entity '{exc.name}'; entities "
                       "are refused, not expanded.", file=name)
    except DefusedXmlException as exc:
        return finding("SEC-XML-EXTERNAL-ENTITY", f"{name} refers to external content "
                       f"({type(exc).__name__}); it was not read.", file=name)
    except (ParseError, ValueError):
        return None  # lxml reports the syntax error with its line
    return None


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_blank_text=False)


def _too_deep(root: Any) -> int | None:
    """The line of the first element nested deeper than MAX_DEPTH, if any."""
    from lxml import etree

    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > MAX_DEPTH:
                line: int | None = element.sourceline
                return line or 0
        else:
            depth -= 1
    return None


def parse_untrusted(data: bytes, name: str, max_bytes: int = MAX_XML_BYTES) -> ParsedXml:
    """Parse ``data``; a hostile or broken document yields a finding, never an exception."""
    from lxml import etree

    if len(data) > max_bytes:
        return ParsedXml(None, finding("SEC-XML-TOO-LARGE", f"{name} is {len(data):,} bytes; "
                                       f"the limit is {max_bytes:,}.", file=name))
    if any(marker in data for marker in _DOCTYPE_MARKERS):
        refused = _screen_dtd(data, name)
        if refused is not None:
            return ParsedXml(None, refused)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        message = str(exc.msg or exc)
        if "depth" in message.lower():
            return ParsedXml(None, finding("SEC-XML-TOO-DEEP", f"{name} is nested too deeply: "
                                           f"{message}", file=name, line=exc.lineno))
        if "entity" in message.lower() and "amplification" in message.lower():
            return ParsedXml(None, finding("SEC-XML-ENTITY", f"{name}: {message}", file=name,
                                           line=exc.lineno))
        return ParsedXml(None, finding("CP-XML-WELL-FORMED", f"{name} is not well-formed XML: "
                                       f"{message}", file=name, line=exc.lineno))
    except ValueError as exc:
        return ParsedXml(None, finding("CP-XML-WELL-FORMED", f"{name} cannot be parsed: {exc}",
                                       file=name))
    deep_line = _too_deep(root)
    if deep_line is not None:
        return ParsedXml(None, finding("SEC-XML-TOO-DEEP", f"{name} nests elements more than "
                                       f"{MAX_DEPTH} levels deep.", file=name,
                                       line=deep_line or None))
    return ParsedXml(root, None)
