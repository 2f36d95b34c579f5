"""Course -> the JSON a SCO page hands to the player (``docs/player-data.md``).

Markdown is rendered (and sanitised) by :mod:`lms_bridge.course.markdown`; this module only
decides what goes where and rewrites media links so they work from the SCO page inside the
package instead of from the Markdown file in the course folder.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from lms_bridge.course.markdown import render_inline, render_markdown
from lms_bridge.course.models import Course, Module, Page, Question, Quiz
from lms_bridge.scorm.layout import SCO_ASSET_PREFIX, Sco, Standard

PLAYER_DATA_FORMAT = 1

Rewrite = Callable[[str], str]


def media_rewriter(module: Module, targets: Mapping[str, str]) -> Rewrite:
    """A URL rewriter for one module file: course media become package URLs, the rest stays."""
    base = posixpath.dirname(module.file)

    def rewrite(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return url
        target = targets.get(posixpath.normpath(posixpath.join(base, unquote(parts.path))))
        if target is None:
            return url
        suffix = (f"?{parts.query}" if parts.query else "") + (
            f"#{parts.fragment}" if parts.fragment else ""
        )
        return SCO_ASSET_PREFIX + quote(target, safe="/") + suffix

    return rewrite


def build_player_data(
    course: Course,
    sco: Sco,
    *,
    standard: Standard,
    languages: Sequence[str],
    media: Mapping[str, str],
) -> dict[str, Any]:
    """The ``player_data`` of one SCO, with content for every language of the package."""
    return {
        "format": PLAYER_DATA_FORMAT,
        "standard": standard,
        "course_id": course.id,
        "sco_id": sco.id,
        "sco_mastery_score": sco.mastery_score,
        "default_lang": languages[0],
        "languages": list(languages),
        "settings": {
            "completion": course.completion.value,
            "max_attempts": course.max_attempts,
        },
        "content": {lang: _content(course, sco, lang, media) for lang in languages},
    }


def _content(course: Course, sco: Sco, lang: str, media: Mapping[str, str]) -> dict[str, Any]:
    modules = [m for m in course.modules_for(lang) if m.id in sco.module_ids]
    single_module = len(sco.module_ids) == 1 and sco.id == sco.module_ids[0]
    pages = []
    for module in modules:
        rewrite = media_rewriter(module, media)
        pages += [_page(page, module, rewrite, course.mastery_score) for page in module.pages]
    return {
        "course_title": course.text("title", lang),
        "sco_title": modules[0].title if single_module else course.text("title", lang),
        "institution": course.text("institution", lang),
        "pages": pages,
    }


def _page(page: Page, module: Module, rewrite: Rewrite, mastery: int) -> dict[str, Any]:
    return {
        "id": page.id,
        "module_id": module.id,
        "title": page.title,
        "html": render_markdown(page.body, rewrite),
        "quiz": None if page.quiz is None else _quiz(page.quiz, rewrite, mastery),
    }


def _quiz(quiz: Quiz, rewrite: Rewrite, mastery: int) -> dict[str, Any]:
    """A quiz with its effective pass mark, so the player never has to know the fallback."""
    return {
        "id": quiz.id,
        "graded": quiz.graded,
        "pass_score": mastery if quiz.pass_score is None else quiz.pass_score,
        "shuffle": quiz.shuffle,
        "questions": [_question(q, rewrite) for q in quiz.questions],
    }


def _question(q: Question, rewrite: Rewrite) -> dict[str, Any]:
    def inline(text: str | None) -> str | None:
        return None if text is None else render_inline(text, rewrite)

    return {
        "id": q.id,
        "type": q.type.value,
        "prompt_html": inline(q.prompt),
        "weight": q.weight,
        "answers": [
            {
                "id": a.id,
                "html": inline(a.text),
                "correct": a.correct,
                "weight": a.weight,
                "feedback_html": inline(a.feedback),
            }
            for a in q.answers
        ],
        "correct": q.correct,
        "pairs": [{"id": p.id, "left": p.left, "right": p.right} for p in q.pairs],
        "accept": list(q.accept),
        "case_sensitive": q.case_sensitive,
        "value": q.value,
        "tolerance": q.tolerance,
        "feedback_correct_html": inline(q.feedback_correct),
        "feedback_incorrect_html": inline(q.feedback_incorrect),
    }
