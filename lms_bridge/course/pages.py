"""Split a module file into its front matter, its pages and their quiz blocks.

A line scanner, not a Markdown parse: it only needs to know which lines are level-1 ATX
headings and which are fences (so that a ``#`` inside a code block starts no page), and it keeps
exact line numbers for every message. CommonMark's fence rules are followed: up to three spaces
of indentation, three or more backticks or tildes, closed by the same character at least as long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lms_bridge.exceptions import Problem

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^ {0,3}#(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_PAGE_ID = re.compile(r"[ \t]*\{#([^}]*)\}[ \t]*$")
_FRONT_MATTER_END = {"---", "..."}
_MARKS = frozenset("#`~")
"""What a heading or a fence starts with, after up to three spaces."""


@dataclass
class FrontMatter:
    text: str
    first_line: int
    """Line of the front matter's first YAML line."""
    body: list[str]
    body_line: int
    """Line of ``body[0]``."""


@dataclass
class QuizBlock:
    text: str
    line: int
    """Line of the opening fence."""


@dataclass
class RawPage:
    title: str
    page_id: str | None
    line: int
    body: str
    quiz: QuizBlock | None = None


def default_page_id(module_id: str, number: int) -> str:
    """The id of the ``number``-th page (from 1) when its heading gives none.

    Prefixed with the module id because page ids must be unique in the whole course.
    """
    return f"{module_id}-p{number}"


def split_front_matter(text: str, file: str, problems: list[Problem]) -> FrontMatter | None:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        problems.append(Problem(file, "the file must start with a front matter block: a line "
                                "'---', 'title: …', and a closing '---'", 1))
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _FRONT_MATTER_END:
            return FrontMatter("\n".join(lines[1:index]), 2, lines[index + 1:], index + 2)
    problems.append(Problem(file, "the front matter block is not closed by a line '---'", 1))
    return None


def split_pages(lines: list[str], first_line: int, file: str,
                problems: list[Problem]) -> list[RawPage]:
    """Pages in order; each level-1 heading starts one. Problems are appended, never raised."""
    splitter = _Splitter(file, problems)
    for index, line in enumerate(lines):
        splitter.feed(line, first_line + index)
    return splitter.finish()


@dataclass
class _Fence:
    marker: str
    length: int
    line: int
    quiz: bool
    lines: list[str]


class _Splitter:
    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        self.pages: list[RawPage] = []
        self.body: list[str] = []
        self.fence: _Fence | None = None
        self.stray_reported = False

    def feed(self, line: str, number: int) -> None:
        if self.fence is not None:
            self._in_fence(line)
            return
        if line[:4].lstrip(" ")[:1] not in _MARKS:
            self._text(line, number)
            return
        heading = _HEADING.match(line)
        if heading and not line.lstrip().startswith("##"):
            self._end_page()
            self.pages.append(_page(heading.group(1) or "", number, self.file, self.problems))
            self.stray_reported = False
            return
        stray = not self.pages or self.pages[-1].quiz is not None
        if stray and line.strip():
            self._stray(line, number)
        opening = _FENCE.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            info = opening.group(2).split()
            quiz = not stray and bool(info) and info[0] == "quiz"
            self.fence = _Fence(opening.group(1)[0], len(opening.group(1)), number, quiz, [])
            if quiz:
                self._end_page()
                self.pages[-1].quiz = QuizBlock("", number)
        if not stray and not (self.fence is not None and self.fence.quiz):
            self.body.append(line)

    def _text(self, line: str, number: int) -> None:
        """A line that is neither a heading nor a fence: most lines, and quickly done."""
        if self.pages and self.pages[-1].quiz is None:
            self.body.append(line)
        elif line.strip():
            self._stray(line, number)

    def finish(self) -> list[RawPage]:
        fence = self.fence
        if fence is not None:
            what = "quiz block" if fence.quiz else "code block"
            self.problems.append(Problem(self.file, f"{what} is not closed by a line "
                                         f"'{fence.marker * fence.length}'", fence.line))
            self._close_fence()
        self._end_page()
        return self.pages

    def _in_fence(self, line: str) -> None:
        fence = self.fence
        assert fence is not None
        # the cheap test first: most lines do not even start with the fence's marker
        closing = (line[:4].lstrip(" ")[:1] == fence.marker
                   and _closes(line, fence.marker, fence.length))
        if fence.quiz and not closing:
            fence.lines.append(line)
        elif not fence.quiz and self._keeps_text():
            self.body.append(line)
        if closing:
            self._close_fence()

    def _keeps_text(self) -> bool:
        return bool(self.pages) and self.pages[-1].quiz is None

    def _close_fence(self) -> None:
        fence = self.fence
        self.fence = None
        if fence is not None and fence.quiz:
            quiz = self.pages[-1].quiz
            assert quiz is not None
            quiz.text = "\n".join(fence.lines)

    def _stray(self, line: str, number: int) -> None:
        """Text that would be lost: before the first page, or after a page's quiz block."""
        if self.stray_reported:
            return
        self.stray_reported = True
        opening = _FENCE.match(line)
        if not self.pages:
            message = ("text before the first page heading ('# Title'); every page starts with "
                       "a level-1 heading")
        elif opening and opening.group(2).split()[:1] == ["quiz"]:
            message = (f"page '{self.pages[-1].title}' has a second quiz block; put each quiz "
                       "on its own page")
        else:
            message = ("text after the quiz block is not shown; move it above the block or to "
                       "a new page")
        self.problems.append(Problem(self.file, message, number))

    def _end_page(self) -> None:
        if self.pages and self.body:
            text = "\n".join(self.body).strip("\n")
            current = self.pages[-1]
            current.body = f"{current.body}\n\n{text}".strip("\n") if current.body else text
        self.body = []


def _closes(line: str, marker: str, length: int) -> bool:
    stripped = line.strip()
    indent = len(line) - len(line.lstrip(" "))
    return (indent <= 3 and len(stripped) >= length and stripped == marker * len(stripped))


def _page(raw_title: str, number: int, file: str, problems: list[Problem]) -> RawPage:
    title = _CLOSING_HASHES.sub("", raw_title).strip() if raw_title else ""
    page_id = None
    found = _PAGE_ID.search(title)
    if found:
        page_id = found.group(1).strip()
        title = title[: found.start()].strip()
    if not title:
        problems.append(Problem(file, "page heading has no title", number))
    return RawPage(title, page_id, number, "")

