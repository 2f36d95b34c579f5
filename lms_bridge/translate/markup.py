"""Does a translation keep the markup of its source?

Words change in a translation; links, images (their URLs), inline code, HTML tags, ``{#id}``
anchors, placeholders (``{name}``, ``%s``, the ``___`` blank of a fill-in question) and the
numbers of an accepted answer do not (inside inline code only ``<placeholder>`` words may be
translated), and every ``*``/``**``/``~~`` must be closed. Emphasis itself may differ (English
puts a quoted Albanian term in italics). Each difference becomes a message naming what was lost
or added, so a translator can fix the row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_ANCHOR = re.compile(r"\{#[^}]*\}")
_PLACEHOLDER = re.compile(r"\{[A-Za-z0-9_]+\}|%[sd]|_{3,}")
_PLACEHOLDER_IN_CODE = re.compile(r"<[^<>`]*>")
"""``modules/<module-id>.<lang>.md``: the words in angle brackets may be translated."""
_NUMBER = re.compile(r"^[+-]?\d[\d.,/ ]*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_ONE_LINE = {"plain", "title", "heading", "cell", "alt", "inline"}
"""Kinds whose text is one line of inline Markdown (parsed with ``parseInline``)."""


def markup_problems(kind: str, source: str, target: str,
                    local_exists: Callable[[str], bool] | None = None) -> list[str]:
    """What is wrong with ``target`` as a translation of ``source`` (empty: nothing).

    A link or image to a file of the course may point to another file in the translation (a
    handout in that language) when ``local_exists`` says that file is there.
    """
    problems: list[str] = []
    if kind in _ONE_LINE and "\n" in target and "\n" not in source:
        problems.append("must be one line (it is a title, cell, heading or short text)")
    if kind == "cell" and _UNESCAPED_PIPE.search(target):
        problems.append("a table cell cannot contain '|' (write '\\|')")
    if kind == "alt" and (target.count("[") != target.count("]") or "](" in target):
        problems.append("image descriptions cannot contain unbalanced '[' or ']'")
    if kind == "title" and "{#" in target:
        problems.append("a page title cannot contain '{#' (the page id is not translated)")
    if kind == "paragraph" and _block_types(target) != _block_types(source):
        problems.append("would no longer be one paragraph (a line starting with '#', '-', "
                        "'>', '1.' or a blank line changes the page's structure)")
    if kind == "lines":
        numbers = sorted(x.strip() for x in source.split("\n") if _NUMBER.match(x.strip()))
        given = sorted(x.strip() for x in target.split("\n") if _NUMBER.match(x.strip()))
        if numbers != given:
            problems.append(f"accepted numbers differ: {_show(given)} instead of "
                            f"{_show(numbers)}")
        return problems
    mine, theirs = _features(kind, source), _features(kind, target)
    if local_exists is not None:
        for what in ("link", "image"):
            _allow_localised(mine[what], theirs[what], local_exists)
    for what in ("link", "image", "inline code", "HTML tag", "anchor", "placeholder"):
        missing = mine[what] - theirs[what]
        extra = theirs[what] - mine[what]
        if missing:
            problems.append(f"{what}s missing: {_show(missing.elements())}")
        if extra:
            problems.append(f"{what}s added: {_show(extra.elements())}")
    for marker, name in (("*", "'*' or '**' (bold, italic)"), ("~~", "'~~' (strikethrough)")):
        if theirs["stray"][marker] > mine["stray"][marker]:
            problems.append(f"unbalanced {name}: a marker is not closed")
    return problems


def _features(kind: str, text: str) -> dict[str, Counter[str]]:
    found: dict[str, Counter[str]] = {k: Counter() for k in (
        "link", "image", "inline code", "HTML tag", "anchor", "placeholder", "stray")}
    if kind == "html":
        found["HTML tag"].update(m.group(0).lower() for m in _TAG.finditer(text))
        found["anchor"].update(_ANCHOR.findall(text))
        return found
    tokens = (_MD.parseInline(text) if kind in _ONE_LINE else _MD.parse(text))
    for token in _walk(tokens):
        if token.type == "link_open":
            found["link"][str(token.attrGet("href") or "")] += 1
        elif token.type == "image":
            found["image"][str(token.attrGet("src") or "")] += 1
        elif token.type == "code_inline":
            found["inline code"][_PLACEHOLDER_IN_CODE.sub("<…>", token.content)] += 1
        elif token.type in ("html_inline", "html_block"):
            found["HTML tag"].update(m.group(0).lower() for m in _TAG.finditer(token.content))
        elif token.type == "text":
            found["stray"]["*"] += token.content.count("*")
            found["stray"]["~~"] += token.content.count("~~")
            found["anchor"].update(_ANCHOR.findall(token.content))
            found["placeholder"].update(_PLACEHOLDER.findall(token.content))
    return found


def _allow_localised(mine: Counter[str], theirs: Counter[str],
                     local_exists: Callable[[str], bool]) -> None:
    """Pair each course file only in the source with one only in the translation that exists."""
    missing = [u for u in (mine - theirs).elements() if _local(u)]
    extra = [u for u in (theirs - mine).elements() if _local(u) and local_exists(u)]
    for old, new in zip(missing, extra, strict=False):
        mine[old] -= 1
        theirs[new] -= 1


def _local(url: str) -> bool:
    return not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^/|^#", url)


def _walk(tokens: Iterable[Token]) -> Iterable[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _block_types(text: str) -> list[str]:
    return [t.type for t in _MD.parse(text) if t.nesting != 0 or t.type != "inline"]


def _show(items: Iterable[str]) -> str:
    return ", ".join(repr(i) for i in items) or "none"
