"""Structural rules of XLIFF 1.2 (OASIS Standard, 1 February 2008), as readable assertions.

``test_xliff_schema.py`` validates against the OASIS strict XSD itself; these checks name the
rule a mistake breaks (element nesting and order, required attributes, enumerated values), so a
failure says what to fix, and they also run on files a CAT tool might send back.
"""

from __future__ import annotations

from lxml import etree

NS = "urn:oasis:names:tc:xliff:document:1.2"
Q = f"{{{NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STATES = {"new", "needs-translation", "needs-adaptation", "needs-l10n",
          "needs-review-translation", "needs-review-adaptation", "needs-review-l10n",
          "signed-off", "final", "translated"}
DATATYPES = {"asp", "c", "cdf", "cfm", "cpp", "csharp", "cstring", "csv", "database",
             "documentfooter", "documentheader", "filedialog", "form", "html", "htmlbody", "ini",
             "interleaf", "javaclass", "javapropertyresourcebundle", "javalistresourcebundle",
             "javascript", "jscript", "layout", "lisp", "margin", "menufile", "messagefile",
             "mif", "mimetype", "mo", "msglib", "pagefooter", "pageheader", "parameters",
             "pascal", "php", "plaintext", "po", "report", "resources", "resx", "rtf", "sgml",
             "sgmldtd", "svg", "vbscript", "warning", "winres", "xhtml", "xml", "xmldtd", "xsl",
             "xul"}
CONTEXT_TYPES = {"database", "element", "elementtitle", "linenumber", "numparams",
                 "paramnotes", "record", "recordtitle", "sourcefile"}
PURPOSES = {"information", "location", "match"}
HEADER_CHILDREN = {"skl", "phase-group", "glossary", "reference", "count-group", "tool",
                   "prop-group", "note"}
AFTER_TARGET = {"context-group", "count-group", "prop-group", "note", "alt-trans"}


def _enum(value: str | None, allowed: set[str]) -> bool:
    return value is not None and (value in allowed or value.startswith("x-"))


def _local(element: etree._Element) -> str:
    assert element.tag.startswith(Q), f"{element.tag} is not in the XLIFF 1.2 namespace"
    return element.tag[len(Q):]


def violations(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    found: list[str] = []
    if root.tag != f"{Q}xliff" or root.get("version") != "1.2":
        return ["root must be <xliff version='1.2'> in the 1.2 namespace"]
    files = list(root)
    if not files or any(_local(f) != "file" for f in files):
        found.append("<xliff> holds one or more <file> only")
    for file in files:
        for attr in ("original", "source-language", "datatype"):
            if not file.get(attr):
                found.append(f"<file> needs {attr}")
        if not _enum(file.get("datatype"), DATATYPES):
            found.append(f"datatype {file.get('datatype')!r} is not allowed")
        kids = [_local(k) for k in file]
        if kids not in (["header", "body"], ["body"]):
            found.append(f"<file> holds [header,] body, not {kids}")
        for header in file.iter(f"{Q}header"):
            for k in header:
                if _local(k) not in HEADER_CHILDREN:
                    found.append(f"<header> cannot hold <{_local(k)}>")
        for tool in file.iter(f"{Q}tool"):
            if not tool.get("tool-id") or not tool.get("tool-name"):
                found.append("<tool> needs tool-id and tool-name")
        ids: set[str] = set()
        for body in file.iter(f"{Q}body"):
            for unit in body:
                if _local(unit) not in ("group", "trans-unit", "bin-unit"):
                    found.append(f"<body> cannot hold <{_local(unit)}>")
                found.extend(_unit(unit, ids))
    return found


def _unit(unit: etree._Element, ids: set[str]) -> list[str]:
    found: list[str] = []
    unit_id = unit.get("id")
    if not unit_id:
        found.append("<trans-unit> needs id")
    elif unit_id in ids:
        found.append(f"trans-unit id {unit_id} is not unique in its <file>")
    ids.add(unit_id or "")
    if unit.get(XML_SPACE) not in (None, "default", "preserve"):
        found.append("xml:space is default or preserve")
    kids = [_local(k) for k in unit]
    if not kids or kids[0] != "source":
        found.append(f"{unit_id}: <source> comes first")
    rest = kids[1:]
    if rest[:1] == ["seg-source"]:
        rest = rest[1:]
    if rest[:1] == ["target"]:
        rest = rest[1:]
    if any(k not in AFTER_TARGET for k in rest):
        found.append(f"{unit_id}: unexpected children {kids}")
    for target in unit.iter(f"{Q}target"):
        if target.get("state") is not None and not _enum(target.get("state"), STATES):
            found.append(f"{unit_id}: state {target.get('state')!r}")
    for group in unit.iter(f"{Q}context-group"):
        if group.get("purpose") is not None and not _enum(group.get("purpose"), PURPOSES):
            found.append(f"{unit_id}: purpose {group.get('purpose')!r}")
        contexts = list(group)
        if not contexts or any(_local(c) != "context" for c in contexts):
            found.append(f"{unit_id}: <context-group> holds <context> only")
        for context in contexts:
            if not _enum(context.get("context-type"), CONTEXT_TYPES):
                found.append(f"{unit_id}: context-type {context.get('context-type')!r}")
    return found
