"""YAML that remembers where each value was written.

The loader reports problems by file and line, also those found later by pydantic, so a YAML
document is read into plain Python values *and* a map from each value's path (the keys and
list indexes that lead to it, as in a pydantic error's ``loc``) to its line. Duplicate keys,
which PyYAML silently lets the last one win, are reported too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from lms_bridge.exceptions import Problem

YamlPath = tuple[str | int, ...]
"""Keys and list indexes leading to a value, like a pydantic error's ``loc``."""

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass
class YamlDoc:
    """A YAML document's values and the line of each of them (1-based, in the whole file)."""

    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    file: str = ""

    def line(self, path: Sequence[str | int] = ()) -> int | None:
        """The line of ``path``, or of its nearest ancestor that was written down."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def problem(self, path: Sequence[str | int], message: str, fld: str | None = None) -> Problem:
        return Problem(self.file, message, self.line(path), fld)


def read_yaml(text: str, file: str, problems: list[Problem], first_line: int = 1) -> YamlDoc | None:
    """Parse ``text`` (which starts at ``first_line`` of ``file``); ``None`` if it is not YAML."""
    doc = YamlDoc(None, {}, file)
    try:
        node = yaml.compose(text, Loader=_Loader)
        if node is None:
            return YamlDoc(None, {(): first_line}, file)
        try:
            doc.data = _Plain(doc.lines, first_line).value(node, ())
            return doc
        except (_Unusual, RecursionError):
            doc.lines.clear()
        before = len(problems)
        _walk(node, (), doc, problems, first_line, set())
        if len(problems) > before and any("alias" in p.message for p in problems[before:]):
            return None
        doc.data = SafeConstructor().construct_document(node)
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, text, file, first_line))
        return None
    except RecursionError:
        problems.append(Problem(file, "the YAML is nested too deeply", first_line))
        return None
    return doc


class _Unusual(Exception):
    """Something for the full reading below: an alias, a repeated key, a tag of its own…"""


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_SCALARS = {f"tag:yaml.org,2002:{kind}" for kind in ("int", "float", "bool", "null")}


class _Plain:
    """Values and lines in one pass over the nodes, for the usual document: plain mappings,
    lists and scalars (text, numbers, booleans, null), each key once, no aliases.

    The values are those SafeConstructor builds (scalars other than text are built by it); any
    other document raises :class:`_Unusual` before a problem is reported, and is read again by
    :func:`_walk` and SafeConstructor, which report its problems.
    """

    def __init__(self, lines: dict[YamlPath, int], offset: int) -> None:
        self.lines = lines
        self.offset = offset
        self.constructor = SafeConstructor()
        self.seen: set[int] = set()

    def value(self, node: Node, path: YamlPath) -> Any:
        self.lines.setdefault(path, node.start_mark.line + self.offset)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if id(node) in self.seen:
            raise _Unusual
        self.seen.add(id(node))
        if isinstance(node, SequenceNode) and node.tag == _SEQ:
            return [self.value(item, (*path, index)) for index, item in enumerate(node.value)]
        if not isinstance(node, MappingNode) or node.tag != _MAP:
            raise _Unusual
        mapping: dict[Any, Any] = {}
        keys: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.value in keys:
                raise _Unusual
            keys.add(key_node.value)
            key_path = (*path, key_node.value)
            self.lines[key_path] = key_node.start_mark.line + self.offset
            key = self.scalar(key_node)
            mapping[key] = self.value(value_node, key_path)
        return mapping

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag not in _SCALARS:
            raise _Unusual
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            raise _Unusual from exc


def _walk(node: Node, path: YamlPath, doc: YamlDoc, problems: list[Problem], offset: int,
          seen_nodes: set[int]) -> None:
    if isinstance(node, (MappingNode, SequenceNode)):
        # An alias makes a node appear twice; repeated, aliases grow exponentially.
        if id(node) in seen_nodes:
            line = doc.lines.get(path) or doc.line(path[:-1])
            problems.append(Problem(doc.file, "YAML anchors and aliases (&name, *name) are not "
                                    "supported; write the value out", line))
            return
        seen_nodes.add(id(node))
    doc.lines.setdefault(path, node.start_mark.line + offset)
    if isinstance(node, MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue
            key = key_node.value
            if key in seen:
                problems.append(Problem(doc.file, f"key '{key}' is given twice",
                                        key_node.start_mark.line + offset))
            seen.add(key)
            key_path = (*path, key)
            doc.lines[key_path] = key_node.start_mark.line + offset
            _walk(value_node, key_path, doc, problems, offset, seen_nodes)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), doc, problems, offset, seen_nodes)


def _syntax_problem(exc: yaml.YAMLError, text: str, file: str, offset: int) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = None if mark is None else mark.line + offset
    what = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {what}" + (f" ({context})" if context else "")
    lines = text.split("\n")
    source = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    return Problem(file, message + _hint(what, source), line)


def _hint(what: str, source: str) -> str:
    """The usual causes, in words a designer knows (libyaml and PyYAML word errors apart)."""
    if "\t" in source[: len(source) - len(source.lstrip())]:
        return "; indent with spaces, not tabs"
    if "mapping values are not allowed" in what:
        return "; a text with ': ' in it must be put in quotes"
    return ""
