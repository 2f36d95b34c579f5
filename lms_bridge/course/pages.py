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
    pages: list[RawPage] = []
    body: list[str] = []
    fence: tuple[str, int, bool, int] | None = None  # (marker, length, is_quiz, start index)
    quiz_lines: list[str] = []
    after_quiz_reported = False
    for index, line in enumerate(lines):
        number = first_line + index
        if fence is not None:
            marker, length, is_quiz, _ = fence
            if _closes(line, marker, length):
                fence = None
                if not is_quiz:
                    body.append(line)
                elif pages:
                    assert pages[-1].quiz is not None
                    pages[-1].quiz.text = "\n".join(quiz_lines)
                continue
            (quiz_lines if is_quiz else body).append(line)
            continue
        opening = _FENCE.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            info = opening.group(2).strip().split(maxsplit=1)
            is_quiz = bool(info) and info[0] == "quiz"
            if is_quiz and not pages:
                _before_first_page(problems, file, number)
                is_quiz = False
            elif is_quiz and pages[-1].quiz is not None:
                problems.append(Problem(file, f"page '{pages[-1].title}' has a second quiz "
                                        "block; put each quiz on its own page", number))
                is_quiz = False
            elif is_quiz:
                _end_page(pages, body)
                body = []
                pages[-1].quiz = QuizBlock("", number)
                quiz_lines = []
                after_quiz_reported = False
            fence = (opening.group(1)[0], len(opening.group(1)), is_quiz, index)
            if not is_quiz:
                body.append(line)
            continue
        heading = _HEADING.match(line)
        if heading and not line.lstrip().startswith("##"):
            _end_page(pages, body)
            body = []
            pages.append(_page(heading.group(1) or "", number, file, problems))
            continue
        if not pages:
            if line.strip():
                _before_first_page(problems, file, number)
            continue
        if pages[-1].quiz is not None and line.strip() and not after_quiz_reported:
            problems.append(Problem(file, "text after the quiz block is not shown; move it "
                                    "above the block or to a new page", number))
            after_quiz_reported = True
        body.append(line)
    if fence is not None:
        marker, length, is_quiz, start = fence
        what = "quiz block" if is_quiz else "code block"
        problems.append(Problem(file, f"{what} is not closed by a line '{marker * length}'",
                                first_line + start))
        if is_quiz and pages and pages[-1].quiz is not None:
            pages[-1].quiz.text = "\n".join(quiz_lines)
    _end_page(pages, body)
    return pages


def _before_first_page(problems: list[Problem], file: str, number: int) -> None:
    if not any(p.file == file and "before the first page heading" in p.message
               for p in problems):
        problems.append(Problem(file, "text before the first page heading ('# Title'); every "
                                "page starts with a level-1 heading", number))


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


def _end_page(pages: list[RawPage], body: list[str]) -> None:
    if pages and body:
        text = "\n".join(body).strip("\n")
        current = pages[-1]
        current.body = f"{current.body}\n\n{text}".strip("\n") if current.body else text
