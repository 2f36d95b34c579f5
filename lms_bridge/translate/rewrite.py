"""Put new texts into a course file, and prove they read back as written.

Every rewrite is checked by extracting the slots of the new text again: each unit must read
back exactly as intended and no unit may appear or vanish (a translated paragraph that starts
with ``1.`` would become a list). A text whose nicer encoding does not read back is written in
the safe one (double-quoted YAML, one Markdown line); if even that fails, the unit is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from yaml.nodes import ScalarNode

from lms_bridge.translate.slots import FileSlots, replace_spans
from lms_bridge.translate.yaml_slots import (
    append_sequence_item,
    compose,
    insert_mapping_entry,
    node_at,
    scalar_renderer,
)

Extract = Callable[[FileSlots], None]


class RewriteError(Exception):
    """Some units cannot be written so that they read back the same: ``unit_ids``."""

    def __init__(self, unit_ids: list[str]) -> None:
        super().__init__(", ".join(unit_ids))
        self.unit_ids = unit_ids


def rewrite(file: FileSlots, values: Mapping[str, str], extract: Extract) -> str:
    """``file``'s text with the slots named in ``values`` replaced; only changed slots move."""
    changed = {s.id for s in file.slots if s.id in values and values[s.id] != s.text}
    if not changed:
        return file.text
    expected = {s.id: values.get(s.id, s.text) for s in file.slots}
    safe: set[str] = set()
    for _ in range(3):
        edits = [(s.start, s.end, s.render(values[s.id], s.id in safe))
                 for s in file.slots if s.id in changed]
        text = replace_spans(file.text, edits)
        bad = _differences(file, text, expected, extract)
        if not bad:
            return text
        if (bad & changed) <= safe:  # nothing more to write the safe way: it will not read back
            break
        safe |= bad & changed
    raise RewriteError(_culprits(file, values, changed, expected, extract) or sorted(changed))


def _culprits(file: FileSlots, values: Mapping[str, str], changed: set[str],
              expected: Mapping[str, str], extract: Extract) -> list[str]:
    """The changed units that fail on their own (so the message names the right ones)."""
    found = []
    for slot in file.slots:
        if slot.id not in changed:
            continue
        alone = {**{s.id: s.text for s in file.slots}, slot.id: values[slot.id]}
        text = replace_spans(file.text, [(slot.start, slot.end, slot.render(values[slot.id],
                                                                             True))])
        if _differences(file, text, alone, extract):
            found.append(slot.id)
    return found


def _differences(file: FileSlots, text: str, expected: Mapping[str, str],
                 extract: Extract) -> set[str]:
    check = FileSlots(file.path, text)
    try:
        extract(check)
    except Exception:  # a text that breaks the file's syntax: every unit is suspect
        return set(expected)
    got = {s.id: s.text for s in check.slots}
    bad = {unit for unit, value in expected.items() if got.get(unit) != value}
    bad |= set(got) - set(expected)
    if not bad and len(check.slots) != len(file.slots):
        bad = set(expected)
    return bad


def add_language(text: str, lang: str, values: Mapping[str, str], source_lang: str) -> str:
    """``course.yaml`` with ``lang`` appended to ``languages`` and a text for it in each
    translated field (styled like the source language's text)."""
    root = compose(text)
    edits: list[tuple[int, int, str]] = []
    languages = node_at(root, ("languages",))
    position, item = append_sequence_item(languages, lang, text) if languages else (0, "")
    edits.append((position, position, item))
    for unit_id, value in values.items():
        name = unit_id.split(".", 1)[1]
        mapping = node_at(root, (name,))
        source = node_at(root, (name, source_lang))
        if mapping is None or not isinstance(source, ScalarNode):
            continue
        flow = bool(getattr(mapping, "flow_style", False))
        encoded = scalar_renderer(source, text, flow)(value, False)
        position, entry = insert_mapping_entry(mapping, lang, encoded, text)
        edits.append((position, position, entry))
    return replace_spans(text, edits)
