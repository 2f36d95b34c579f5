"""Where each translatable string sits in a course file, and how to write a new one there.

Translations are written back by replacing character spans of the file, never by re-dumping
YAML or re-rendering Markdown: everything that is not a translated string (quiz structure,
comments, key order, quoting of other values, line wrapping of untouched paragraphs) stays
byte for byte as the designer wrote it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

Render = Callable[[str, bool], str]
"""(new text, safe) → the characters to put in the slot's span. ``safe`` asks for the most
conservative encoding (double-quoted YAML, one line of Markdown): used when the nicer one did
not read back as the same text."""


@dataclass
class Slot:
    """One translatable string of one file."""

    id: str
    kind: str
    """``plain`` (titles, matching sides), ``inline`` (inline Markdown: prompts, answers,
    feedback), ``lines`` (fill-in accepted answers, one per line), ``paragraph``, ``heading``,
    ``cell``, ``alt``, ``html`` (blocks of a page body), ``title`` (a page heading)."""
    text: str
    start: int
    end: int
    render: Render
    note: str
    group: str = ""
    """Slots of one page body share a group; a translation lines up with its source page only
    when both have the same sequence of block kinds."""


@dataclass
class FileSlots:
    """A course file's text (``\\n`` line endings) and its slots, in file order."""

    path: str
    text: str
    slots: list[Slot] = field(default_factory=list)
    crlf: bool = False
    bom: bool = False

    def signature(self, group: str) -> tuple[str, ...]:
        return tuple(s.kind for s in self.slots if s.group == group)

    def encode(self, text: str) -> bytes:
        """``text`` as it would be stored, in this file's line endings and BOM."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (("\ufeff" if self.bom else "") + text).encode("utf-8")


def fingerprint(text: str) -> str:
    """A short hash of a source text: a translation made from another text is stale.

    It starts with a letter so that a spreadsheet never reads it as a number (``12e4…``)."""
    return "s" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:15]


def decode_file(raw: bytes) -> tuple[str, bool, bool]:
    """(text with ``\\n`` line endings, had CRLF, had a BOM) of a UTF-8 course file."""
    text = raw.decode("utf-8")
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    crlf = "\r\n" in text
    return text.replace("\r\n", "\n").replace("\r", "\n"), crlf, bom


def replace_spans(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, new) applied; spans must not overlap."""
    out: list[str] = []
    position = 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < position:
            raise ValueError("overlapping edits")
        out.append(text[position:start])
        out.append(new)
        position = end
    out.append(text[position:])
    return "".join(out)
