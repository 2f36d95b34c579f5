"""Slots in YAML: ``course.yaml`` texts, module front matter and quiz blocks.

Positions come from PyYAML's node marks (the pure-Python composer, whose indexes count
characters). A new value keeps the style of the one it replaces where that reads back the same
(plain, single-quoted, folded ``>-``), and is double-quoted otherwise.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from lms_bridge.course.yamlread import YamlPath
from lms_bridge.translate.slots import Render, Slot

_WRAP = 96


def compose(text: str) -> Node | None:
    """The node tree of ``text`` (character marks), or ``None`` if it is empty or not YAML."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def child(node: Node | None, key: str | int) -> Node | None:
    if isinstance(node, MappingNode) and isinstance(key, str):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return value
    if isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


def node_at(node: Node | None, path: YamlPath) -> Node | None:
    for key in path:
        node = child(node, key)
    return node


def span(node: Node, text: str) -> tuple[int, int]:
    """The node's characters, without the line breaks a block node ends with."""
    start, end = node.start_mark.index, node.end_mark.index
    return start, start + len(text[start:end].rstrip())


def scalar_slot(slot_id: str, kind: str, node: Node | None, text: str, offset: int,
                note: str, flow: bool) -> Slot | None:
    """A slot for a string scalar (whole numbers count: ``text: 2015`` is the text "2015")."""
    if not isinstance(node, ScalarNode) or node.tag not in (
            "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"):
        return None
    start, end = span(node, text)
    return Slot(slot_id, kind, str(node.value).strip() if node.style in (">", "|") else
                str(node.value), start + offset, end + offset,
                scalar_renderer(node, text, flow), note)


def lines_slot(slot_id: str, node: Node | None, text: str, offset: int, note: str) -> Slot | None:
    """Fill-in accepted answers: one slot for the list, one answer per line."""
    if not isinstance(node, SequenceNode) or not node.value:
        return None
    values = [str(item.value) for item in node.value if isinstance(item, ScalarNode)]
    if len(values) != len(node.value):
        return None
    start, end = span(node, text)
    column = node.start_mark.column
    block = not node.flow_style
    quoted = all(item.style == '"' for item in node.value)

    def render(value: str, safe: bool) -> str:
        items = [line.strip() for line in value.split("\n") if line.strip()]
        encoded = [encode_scalar(item, None, flow=True, safe=safe or quoted) for item in items]
        if block and not safe:
            return ("\n" + " " * column).join(f"- {item}" for item in encoded)
        return "[" + ", ".join(encoded) + "]"

    return Slot(slot_id, "lines", "\n".join(values), start + offset, end + offset, render, note)


def scalar_renderer(node: ScalarNode, text: str, flow: bool) -> Render:
    style = node.style
    indent = _content_indent(node, text) if style in (">", "|") else 0
    header = text[node.start_mark.index:].split("\n", 1)[0].strip() if indent else ""

    def render(value: str, safe: bool) -> str:
        if not safe and style == ">" and indent and _foldable(value):
            lines = _wrap(value, _WRAP - indent)
            return header + "".join("\n" + " " * indent + line for line in lines)
        return encode_scalar(value, style, flow, safe)

    return render


def encode_scalar(value: str, style: str | None, flow: bool, safe: bool = False) -> str:
    if not safe and style is None and _plain_ok(value, flow):
        return value
    if not safe and style == "'" and "\n" not in value and value == value.strip():
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or "\n" in value or "#" in value:
        return False
    document = f"{{k: {value}}}" if flow else f"k: {value}"
    try:
        return bool(yaml.safe_load(document) == {"k": value})
    except yaml.YAMLError:
        return False


def _content_indent(node: ScalarNode, text: str) -> int:
    rest = text[node.start_mark.index:].split("\n")[1:]
    for line in rest:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return 0


def _foldable(value: str) -> bool:
    return bool(value) and "\n" not in value and "  " not in value and value == value.strip()


def _wrap(value: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in value.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def insert_mapping_entry(mapping: Node, key: str, encoded: str, text: str) -> tuple[int, str]:
    """(position, characters) that add ``key: encoded`` as the mapping's last entry."""
    if not isinstance(mapping, MappingNode) or not mapping.value:
        raise ValueError("not a non-empty mapping")
    if mapping.flow_style:
        return mapping.end_mark.index - 1, f", {key}: {encoded}"
    column = mapping.value[0][0].start_mark.column
    _, end = span(mapping.value[-1][1], text)
    return end, "\n" + " " * column + f"{key}: {encoded}"


def append_sequence_item(sequence: Node, item: str, text: str) -> tuple[int, str]:
    if not isinstance(sequence, SequenceNode) or not sequence.value:
        raise ValueError("not a non-empty list")
    if sequence.flow_style:
        return sequence.end_mark.index - 1, f", {item}"
    column = sequence.start_mark.column
    _, end = span(sequence.value[-1], text)
    return end, "\n" + " " * column + f"- {item}"


def quiz_slots(prefix: str, text: str, offset: int) -> Iterator[Slot]:
    """Slots of a quiz block, named by quiz, question, answer and pair ids."""
    root = compose(text)
    quiz_id = node_at(root, ("id",))
    questions = node_at(root, ("questions",))
    if not isinstance(quiz_id, ScalarNode) or not isinstance(questions, SequenceNode):
        return
    base = f"{prefix}.{quiz_id.value}"
    for q_node in questions.value:
        q_id = child(q_node, "id")
        if not isinstance(q_id, ScalarNode):
            continue
        q = f"{base}.{q_id.value}"
        label = f"question {q_id.value}"
        for key, kind, what in (("prompt", "inline", "prompt"),
                                ("feedback_correct", "inline", "feedback when right"),
                                ("feedback_incorrect", "inline", "feedback when wrong")):
            slot = scalar_slot(f"{q}.{key}", kind, child(q_node, key), text, offset,
                               f"{label}: {what}", flow=False)
            if slot is not None:
                yield slot
        yield from _items(q, label, child(q_node, "answers"), "answer",
                          list(string.ascii_lowercase), (("text", "inline", "answer"),
                                                         ("feedback", "inline", "feedback")),
                          text, offset)
        yield from _items(q, label, child(q_node, "pairs"), "pair",
                          [str(n) for n in range(1, 1000)],
                          (("left", "plain", "left side"), ("right", "plain", "right side")),
                          text, offset)
        accepted = lines_slot(f"{q}.accept", child(q_node, "accept"), text, offset,
                              f"{label}: accepted answers, one per line (in this language)")
        if accepted is not None:
            yield accepted


def _items(q: str, label: str, items: Node | None, what: str, defaults: list[str],
           keys: tuple[tuple[str, str, str], ...], text: str, offset: int) -> Iterator[Slot]:
    if not isinstance(items, SequenceNode):
        return
    for index, item in enumerate(items.value):
        id_node = child(item, "id")
        item_id = (id_node.value if isinstance(id_node, ScalarNode) else
                   defaults[index] if index < len(defaults) else None)
        if item_id is None or not isinstance(item, MappingNode):
            continue
        for key, kind, name in keys:
            slot = scalar_slot(f"{q}.{what}.{item_id}.{key}", kind, child(item, key), text,
                               offset, f"{label}, {what} {item_id}: {name}",
                               flow=bool(item.flow_style))
            if slot is not None:
                yield slot
