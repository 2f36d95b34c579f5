"""One module file (``modules/<id>.<lang>.md``) → a :class:`Module` and the media it uses."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from pydantic import ValidationError

from lms_bridge.course import markdown
from lms_bridge.course.construct import construct
from lms_bridge.course.media import MediaResolver
from lms_bridge.course.models import Module, Page, Quiz, SourceRef
from lms_bridge.course.pages import (
    RawPage,
    default_page_id,
    split_front_matter,
    split_pages,
)
from lms_bridge.course.problems import (
    check_id,
    check_keys,
    check_mapping,
    check_unique,
    pydantic_problems,
)
from lms_bridge.course.quiz import parse_quiz
from lms_bridge.course.yamlread import read_yaml
from lms_bridge.exceptions import Problem

_FRONT_MATTER_KEYS = {"title", "duration_minutes", "objectives"}


def read_text(path: Path, file: str, problems: list[Problem]) -> str | None:
    """A source file as text: UTF-8 (a BOM is tolerated), any line endings."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(file, f"cannot be read: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(file, "is not UTF-8 text; save it as UTF-8", line))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_module(root: Path, file: str, module_id: str, lang: str, media: MediaResolver,
                 used_media: set[str], problems: list[Problem]) -> Module | None:
    """The module in ``root / file``; media it refers to are added to ``used_media``."""
    before = len(problems)
    text = read_text(root / file, file, problems)
    if text is None:
        return None
    front = split_front_matter(text, file, problems)
    if front is None:
        return None
    doc = read_yaml(front.text, file, problems, first_line=front.first_line)
    meta = doc.data if doc is not None else None
    if doc is not None:
        if meta is None:
            meta = {}
        if check_mapping(doc, (), meta, "the front matter", None, problems):
            check_keys(doc, (), meta, allowed=_FRONT_MATTER_KEYS, required=("title",),
                       label=None, problems=problems)
        else:
            meta = None
    raw_pages = split_pages(front.body, front.body_line, file, problems)
    if not raw_pages and not any(p.file == file for p in problems[before:]):
        problems.append(Problem(file, "the module has no pages: start one with '# Title'",
                                front.body_line))
    pages = [_page(p, n, module_id, file, problems) for n, p in enumerate(raw_pages, start=1)]
    page_ids = [(p.id, raw.line) for p, raw in zip(pages, raw_pages, strict=True)]
    check_unique(None, page_ids, "page", None, problems, file=file)
    base = posixpath.dirname(file)
    for page, raw in zip(pages, raw_pages, strict=True):
        for url, start in _texts(page, raw):
            found, message = media.check(base, url)
            if found is not None:
                used_media.add(found)
            elif message is not None:
                problems.append(Problem(file, message, _line_of(text, start, url),
                                        f"page {page.id}"))
    if doc is None or meta is None:
        return None
    fields = {k: v for k, v in meta.items() if k in _FRONT_MATTER_KEYS}
    try:
        module = construct(Module, {**fields, "id": module_id, "lang": lang, "pages": pages,
                                    "source": construct(SourceRef, {"file": file, "line": 1})})
    except ValidationError as exc:
        pydantic_problems(exc, doc, (), None, problems, reported={"id", "lang", "pages"})
        return None
    return module if len(problems) == before else None


def _page(raw: RawPage, number: int, module_id: str, file: str,
          problems: list[Problem]) -> Page:
    if raw.page_id is not None:
        check_id(None, (), raw.page_id, "page id", None, problems, file=file, line=raw.line)
    page_id = raw.page_id if raw.page_id is not None else default_page_id(module_id, number)
    quiz: Quiz | None = None
    if raw.quiz is not None:
        quiz = parse_quiz(raw.quiz, file, problems)
    source = construct(SourceRef, {"file": file, "line": raw.line})
    return construct(Page, {"id": page_id, "title": raw.title, "body": raw.body, "quiz": quiz,
                            "source": source})


def _texts(page: Page, raw: RawPage) -> Iterator[tuple[str, int]]:
    """(url, line to search from) of every link and image on a page and its quiz."""
    for url in markdown.link_urls(page.body):
        yield url, raw.line
    if page.quiz is None or raw.quiz is None:
        return
    for question in page.quiz.questions:
        start = question.source.line if question.source and question.source.line else raw.line
        inline = [question.prompt, question.feedback_correct, question.feedback_incorrect]
        inline += [t for a in question.answers for t in (a.text, a.feedback)]
        for text in inline:
            if text:
                for url in markdown.link_urls(text, inline=True):
                    yield url, start


def _line_of(text: str, start: int, url: str) -> int:
    """The first line at or after ``start`` that mentions ``url`` (as written or decoded).

    Only a problem needs it, so a valid module is not split into lines for it.
    """
    lines = text.split("\n")
    needles = {url, unquote(url)}
    for index in range(max(start - 1, 0), len(lines)):
        if any(n in lines[index] for n in needles):
            return index + 1
    return start
