"""XLIFF 1.2 for CAT tools (OmegaT, memoQ, Trados).

One ``<file>`` per course file group (``course.yaml``, then one per module), with the course
id as ``product-name``. Module texts are Markdown (``datatype="x-markdown"``) in which the parts
a translator must not change — inline code, HTML tags, the ``[``/``](url)`` around link texts,
``{#id}`` anchors and ``{name}``/``%s`` placeholders — are ``<ph>`` elements holding the
original characters, so a CAT tool shows them as protected tags; the import puts the characters
back and checks the markup anyway. The source fingerprint travels in a
``<context-group>`` (``context-type="x-fingerprint"``; no ``name``, which XLIFF 1.2 requires to be
unique within a ``<file>``), which CAT tools keep.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from lms_bridge import __version__
from lms_bridge.exceptions import InputError, Problem
from lms_bridge.translate.units import Row, TranslationFile, Unit

NS = "urn:oasis:names:tc:xliff:document:1.2"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_Q = f"{{{NS}}}"
_UNTOUCHED = {"new", "needs-translation"}
_DONE = {"translated", "final", "signed-off"}
_TEXT_ONLY = {"mrk", "ph", "bpt", "ept", "it"}
"""Inline elements whose text is kept: segment marks some CAT tools add, and native code
(``<ph>`` and friends hold the original characters); any other inline element (``<x/>``,
``<g>``…) cannot be turned back into Markdown and is refused."""
_PROTECTED = re.compile(
    r"(`+)(?:(?!\1).)+?\1(?!`)"  # inline code
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"  # HTML tag
    r"|\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)"  # ](url "title")
    r"|!?\[(?=[^\]]*\]\()"  # [ or ![ that a ](url) closes
    r"|\{#[^}]*\}|\{[A-Za-z0-9_]+\}|%[sd]")  # anchors, placeholders
_STRUCTURE = {"xliff", "file", "header", "body", "trans-unit", "context-group"}


def _group(unit_id: str) -> str:
    head = unit_id.split(".", 1)[0]
    return "course.yaml" if head == "course" else f"modules/{head}"


def write_xliff(units: Iterable[Unit], course_id: str, source_lang: str,
                target_lang: str) -> bytes:
    root = etree.Element(f"{_Q}xliff", nsmap={None: NS}, version="1.2")
    files: dict[str, etree._Element] = {}
    for unit in units:
        group = _group(unit.id)
        body = files.get(group)
        if body is None:
            file = etree.SubElement(root, f"{_Q}file", {
                "original": group, "source-language": source_lang,
                "target-language": target_lang,
                "datatype": "plaintext" if group == "course.yaml" else "x-markdown",
                "product-name": course_id, "tool-id": "lms-bridge"})
            header = etree.SubElement(file, f"{_Q}header")
            etree.SubElement(header, f"{_Q}tool", {"tool-id": "lms-bridge",
                                                   "tool-name": "lms-bridge",
                                                   "tool-version": __version__})
            body = files[group] = etree.SubElement(file, f"{_Q}body")
        tu = etree.SubElement(body, f"{_Q}trans-unit", {"id": unit.id, "resname": unit.id,
                                                        f"{{{_XML_NS}}}space": "preserve"})
        markdown = group != "course.yaml"
        codes = _fill(etree.SubElement(tu, f"{_Q}source"), unit.source, markdown, {})
        _fill(etree.SubElement(tu, f"{_Q}target", state=unit.state), unit.target, markdown,
              codes)
        context = etree.SubElement(tu, f"{_Q}context-group", purpose="information")
        etree.SubElement(context, f"{_Q}context", {"context-type": "x-fingerprint"}).text = (
            unit.fingerprint)
        etree.SubElement(tu, f"{_Q}note", {"from": "lms-bridge"}).text = unit.note
    _indent(root, 0)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _fill(element: etree._Element, text: str, markdown: bool,
          codes: dict[str, list[str]]) -> dict[str, list[str]]:
    """Put ``text`` into ``element``, protected parts as ``<ph>``. ``codes`` gives the ids of
    the source's protected strings (in order), so a target's tags pair with the source's; the
    ids used here are returned."""
    used: dict[str, list[str]] = {}
    if not markdown:
        element.text = text
        return used
    taken = sum(len(v) for v in codes.values())
    position = 0
    last: etree._Element | None = None
    for match in _PROTECTED.finditer(text):
        _append(element, last, text[position:match.start()])
        code = match.group(0)
        seen = used.setdefault(code, [])
        known = codes.get(code, [])
        if len(seen) < len(known):
            ph_id = known[len(seen)]
        else:
            taken += 1
            ph_id = str(taken)
        seen.append(ph_id)
        last = etree.SubElement(element, f"{_Q}ph", id=ph_id)
        last.text = code
        position = match.end()
    _append(element, last, text[position:])
    return used


def _append(element: etree._Element, last: etree._Element | None, text: str) -> None:
    if last is None:
        element.text = text
    else:
        last.tail = text


def _indent(element: etree._Element, level: int) -> None:
    """Line breaks between structural elements only: texts (mixed content) stay untouched."""
    children = list(element)
    if etree.QName(element).localname not in _STRUCTURE or not children:
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level


def read_xliff(data: bytes, name: str) -> TranslationFile:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name} is not XML", [Problem(name, str(exc), exc.lineno)]) from exc
    if root.getroottree().docinfo.doctype:
        raise InputError(f"{name} declares a DTD", [Problem(
            name, "XLIFF files must not have a <!DOCTYPE …> (entities are not read)", 1)])
    if root.tag != f"{_Q}xliff" or root.get("version") != "1.2":
        raise InputError(f"{name} is not an XLIFF 1.2 file", [Problem(
            name, f"the root element must be <xliff version=\"1.2\" xmlns=\"{NS}\">", 1)])
    problems: list[Problem] = []
    pairs = {(f.get("source-language"), f.get("target-language"))
             for f in root.iter(f"{_Q}file")}
    courses = {f.get("product-name") for f in root.iter(f"{_Q}file")}
    if len(pairs) != 1:
        raise InputError(f"{name} has no single language pair", [Problem(
            name, "every <file> must have the same source-language and target-language "
            f"(found {sorted(map(str, pairs))})")])
    source_lang, target_lang = next(iter(pairs))
    if not source_lang or not target_lang:
        raise InputError(f"{name} has no language pair", [Problem(
            name, "<file> needs source-language and target-language")])
    result = TranslationFile(source_lang, target_lang,
                             course_id=next(iter(courses)) if len(courses) == 1 else None)
    for tu in root.iter(f"{_Q}trans-unit"):
        unit_id = tu.get("id") or ""
        where = f"line {tu.sourceline}, unit {unit_id or '(no id)'}"
        source = _text(tu.find(f"{_Q}source"), name, where, problems)
        target_element = tu.find(f"{_Q}target")
        target = _text(target_element, name, where, problems)
        if (target_element is not None and target.strip() == source.strip()
                and target_element.get("state") in _UNTOUCHED):
            target = ""  # a CAT tool's copy of the source, not a translation
        fp = ""
        for context in tu.iter(f"{_Q}context"):
            if context.get("context-type") == "x-fingerprint":
                fp = (context.text or "").strip()
        confirmed = target_element is not None and target_element.get("state") in _DONE
        result.rows.append(Row(unit_id, source, target, fp, where, confirmed))
    if problems:
        raise InputError(f"{name} cannot be imported", problems)
    return result


def _text(element: etree._Element | None, name: str, where: str,
          problems: list[Problem]) -> str:
    if element is None:
        return ""
    outer = etree.QName(element).localname
    for inner in element.iterdescendants():
        local = etree.QName(inner).localname if isinstance(inner.tag, str) else ""
        if local not in _TEXT_ONLY:
            problems.append(Problem(name, f"{where}: <{local}> inside <{outer}> is not "
                                    "supported: keep Markdown and HTML as plain text",
                                    inner.sourceline))
    return "".join(element.itertext())
