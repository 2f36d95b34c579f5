"""Slots in a module file: front matter, page titles, page body blocks and quiz blocks.

A page body is cut into the blocks a translator works on — paragraphs (also inside lists and
quotes), ``##`` headings, table cells, the alt text of an image that stands alone and raw HTML
blocks — using markdown-it's line map. Code blocks are not translated. A paragraph's text is
unwrapped (soft line breaks become spaces) so that a CAT tool sees whole sentences; a changed
paragraph is wrapped again like the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from lms_bridge.course.pages import RawPage, default_page_id, split_front_matter, split_pages
from lms_bridge.exceptions import Problem
from lms_bridge.translate.slots import FileSlots, Slot
from lms_bridge.translate.yaml_slots import compose, node_at, quiz_slots, scalar_slot

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_CONTAINER = re.compile(r"^(?:[ \t]*>)*[ \t]*")
"""Blockquote markers and indentation before a line's content."""
_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")
_ALONE_IMAGE = re.compile(r"^!\[(?P<alt>(?:[^\]\\\n]|\\.)*)\]\([^\n]*\)$")
_ATX = re.compile(r"^(?P<lead> {0,3}#{1,6}[ \t]+)(?P<text>.*?)(?P<tail>[ \t]+#+)?[ \t]*$")


def module_slots(file: FileSlots, module_id: str) -> None:
    """Fill ``file.slots`` for module ``module_id``; the file is expected to load."""
    problems: list[Problem] = []
    front = split_front_matter(file.text, file.path, problems)
    if front is None:
        return
    starts = _line_starts(file.text)
    fm_offset = starts[front.first_line - 1]
    root = compose(front.text)
    title = scalar_slot(f"{module_id}.title", "plain", node_at(root, ("title",)), front.text,
                        fm_offset, "module title", flow=False)
    if title is not None:
        file.slots.append(title)
    objectives = node_at(root, ("objectives",))
    for index, _ in enumerate(getattr(objectives, "value", None) or []):
        slot = scalar_slot(f"{module_id}.objectives.{index + 1}", "plain",
                           node_at(objectives, (index,)), front.text, fm_offset,
                           f"learning objective {index + 1}", flow=False)
        if slot is not None:
            file.slots.append(slot)
    pages = split_pages(front.body, front.body_line, file.path, problems)
    lines = file.text.split("\n")
    for number, page in enumerate(pages, start=1):
        page_id = page.page_id if page.page_id is not None else default_page_id(module_id, number)
        prefix = f"{module_id}.{page_id}"
        end_line = pages[number].line - 1 if number < len(pages) else len(lines)
        file.slots.extend(_page_slots(prefix, page, end_line, lines, starts))
        if page.quiz is not None:
            offset = starts[page.quiz.line] if page.quiz.line < len(starts) else len(file.text)
            file.slots.extend(quiz_slots(module_id, page.quiz.text, offset))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _page_slots(prefix: str, page: RawPage, end_line: int, lines: list[str],
                starts: list[int]) -> Iterator[Slot]:
    heading = lines[page.line - 1]
    found = _ATX.match(heading)
    if found and page.title:
        at = heading.find(page.title, found.start("text"))
        if at >= 0:
            start = starts[page.line - 1] + at
            yield Slot(f"{prefix}.title", "title", page.title, start, start + len(page.title),
                       lambda value, safe: value, "page title")
    last = (page.quiz.line - 1 if page.quiz is not None else end_line)
    first = page.line + 1
    region = lines[first - 1:last]
    yield from _body_slots(prefix, region, first, starts, lines)


def _body_slots(prefix: str, region: list[str], first: int, starts: list[int],
                lines: list[str]) -> Iterator[Slot]:
    tokens = _MD.parse("\n".join(region))
    group = f"{prefix}.body"
    counter = {"body": 0, "alt": 0}
    row_line: int | None = None
    cell_index = 0
    depth = 0
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1
        if token.type == "tr_open" and token.map:
            row_line, cell_index = first + token.map[0], 0
            continue
        if token.type == "html_block" and token.map and depth == 0:
            line_no = first + token.map[0]
            block = "\n".join(lines[line_no - 1:first + token.map[1] - 1]).rstrip()
            counter["body"] += 1
            start = starts[line_no - 1]
            yield Slot(f"{group}.{counter['body']}", "html", block, start, start + len(block),
                       lambda value, safe: value, "HTML block (keep the tags)", group)
            continue
        if token.type != "inline" or index == 0:
            continue
        opener = tokens[index - 1]
        slot: Slot | None = None
        if opener.type in ("th_open", "td_open") and row_line is not None:
            cell_index += 1
            slot = _cell(row_line, cell_index, starts, lines)
        elif opener.type == "heading_open" and opener.map and opener.markup.startswith("#"):
            slot = _heading(first + opener.map[0], starts, lines)
        elif opener.type == "heading_open" and opener.map and opener.map[1] - opener.map[0] == 2:
            slot = _setext(first + opener.map[0], starts, lines)
        elif opener.type == "paragraph_open" and opener.map:
            slot = _paragraph(first + opener.map[0], first + opener.map[1] - 1, token, starts,
                              lines, counter, group)
            if slot is not None and slot.kind == "alt":
                yield slot
                continue
        if slot is None:
            continue
        counter["body"] += 1
        slot.id = f"{group}.{counter['body']}"
        slot.group = group
        yield slot


def _cell(line_no: int, cell: int, starts: list[int], lines: list[str]) -> Slot | None:
    line = lines[line_no - 1]
    container = _CONTAINER.match(line)
    lead = container.end() if container else 0
    bounds = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    stripped = line[lead:].strip()
    if not stripped.startswith("|"):
        bounds = [lead - 1, *bounds]
    if not stripped.endswith("|") or stripped.endswith("\\|"):
        bounds = [*bounds, len(line)]
    if cell >= len(bounds):
        return None
    raw = line[bounds[cell - 1] + 1:bounds[cell]]
    text = raw.strip()
    if not text:
        return None
    start = starts[line_no - 1] + bounds[cell - 1] + 1 + (len(raw) - len(raw.lstrip()))
    return Slot("", "cell", text, start, start + len(text), lambda value, safe: value,
                f"table cell (column {cell}); one line, no '|'")


def _heading(line_no: int, starts: list[int], lines: list[str]) -> Slot | None:
    found = _ATX.match(lines[line_no - 1])
    if found is None or not found.group("text"):
        return None
    start = starts[line_no - 1] + found.start("text")
    text = found.group("text")
    return Slot("", "heading", text, start, start + len(text), lambda value, safe: value,
                "heading")


def _setext(line_no: int, starts: list[int], lines: list[str]) -> Slot | None:
    """A heading underlined with ``---`` or ``===`` (one line of text)."""
    line = lines[line_no - 1]
    text = line.strip()
    if not text:
        return None
    start = starts[line_no - 1] + line.index(text)
    return Slot("", "heading", text, start, start + len(text), lambda value, safe: value,
                "heading")


def _paragraph(top: int, bottom: int, token: Token, starts: list[int], lines: list[str],
               counter: dict[str, int], group: str) -> Slot | None:
    content = token.content
    first_line = content.split("\n", 1)[0]
    line = lines[top - 1]
    at = line.find(first_line)
    if at < 0 or not content.strip():
        return None
    start = starts[top - 1] + at
    last = lines[bottom - 1]
    end = starts[bottom - 1] + len(last.rstrip())
    alone = _ALONE_IMAGE.match(content) if top == bottom else None
    if alone is not None and alone.group("alt").strip():
        counter["alt"] += 1
        alt_start = start + alone.start("alt")
        return Slot(f"{group.rsplit('.', 1)[0]}.alt.{counter['alt']}", "alt",
                    alone.group("alt"), alt_start, alt_start + len(alone.group("alt")),
                    lambda value, safe: value, "image description (alt text)")
    prefix = line[:at]
    continuation = _MARKER.sub(lambda m: " " * len(m.group()), prefix)
    if bottom > top:
        following = lines[top]
        continuation = following[:len(following) - len(following.lstrip(" \t>"))] or continuation
    width = max(len(x) for x in lines[top - 1:bottom]) if bottom > top else 0

    def render(value: str, safe: bool) -> str:
        hard_lines = value.split("\n")
        out: list[str] = []
        for number, hard in enumerate(hard_lines):
            pieces = [hard] if safe or not width else _wrap(hard, width - len(continuation),
                                                            width - len(prefix) if number == 0
                                                            else width - len(continuation))
            out.extend(pieces)
        return ("\n" + continuation).join(out)

    note = "list item" if _MARKER.search(prefix) else "quote" if ">" in prefix else "paragraph"
    return Slot("", "paragraph", unwrap(content), start, end, render, note)


def unwrap(content: str) -> str:
    """A paragraph's text with soft line breaks as spaces; hard breaks stay ``\\`` + newline."""
    lines = content.split("\n")
    out = ""
    for index, raw in enumerate(lines):
        line = raw.strip() if index else raw.rstrip()
        if index < len(lines) - 1:
            hard = raw.endswith("  ") or line.endswith("\\")
            out += (line if line.endswith("\\") else line + "\\") + "\n" if hard else line + " "
        else:
            out += line
    return out


def _wrap(text: str, width: int, first_width: int) -> list[str]:
    """Break at single spaces before a letter, so no new line can start a list or heading."""
    words = re.split(r"(?<=\S) (?=[^\W\d_])", text)
    lines: list[str] = []
    current = ""
    limit = first_width
    for word in words:
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
            limit = width
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines
