"""Markdown → sanitised HTML for pages, prompts, answers and feedback.

cmark-gfm (GitHub's CommonMark parser in C, through ``cmarkgfm``; tables and ``~~strikethrough~~``
enabled) turns Markdown into HTML; nh3 (the Rust sanitiser ammonia) then removes anything that
could run code in the learner's browser: scripts, event handlers, ``javascript:`` URLs, styles
other than table alignment. Raw HTML written by a designer goes through the same sanitiser, so it
is safe too. Both are compiled code: a 300-page course renders in milliseconds, where a pure
Python parser took a quarter of ``lms-bridge build``'s time.

Relative URLs (images, handouts) are handed to ``rewrite_url`` *inside* the sanitiser, after its
URL checks, so links written in raw HTML are rewritten exactly like Markdown ones. The Markdown
→ HTML step is cached per text: the loader renders every text once to find the media it refers
to, and the builder's later calls (once per language and standard) only pay for the sanitiser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

RewriteUrl = Callable[[str], str]
AttributeFilter = Callable[[str, str, str], str | None]

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "abbr": {"title"},
    "*": {"lang", "dir"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_CLEAN_OPTIONS: dict[str, Any] = {
    "tags": _TAGS,
    "attributes": _ATTRIBUTES,
    "tag_attribute_values": {"a": {"target": {"_blank"}}},
    # Learners are often on phones: images below the fold load when scrolled to.
    "set_tag_attribute_values": {"img": {"loading": "lazy"}},
    "url_schemes": _URL_SCHEMES,
    "filter_style_properties": {"text-align"},
}
_CLEANER = nh3.Cleaner(**_CLEAN_OPTIONS)
"""Built once: nh3.clean() converts the options on every call, 15 times the cost of cleaning a
prompt."""
_ATTRIBUTE_FILTER: ContextVar[AttributeFilter] = ContextVar("attribute_filter")


def _current_attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    return _ATTRIBUTE_FILTER.get()(tag, attribute, value)


_FILTERING_CLEANER = nh3.Cleaner(attribute_filter=_current_attribute_filter, **_CLEAN_OPTIONS)
"""Also built once, for texts whose URLs are rewritten or collected: the filter of the call in
progress is looked up in a context variable, so each call still has its own."""
_URL_ATTRIBUTES = {"href", "src"}
_EXTERNAL = ("http://", "https://")


def render_markdown(text: str, rewrite_url: RewriteUrl | None = None) -> str:
    """Sanitised HTML of a block of Markdown (a page body)."""
    return _sanitise(_block_html(text), rewrite_url)


def render_inline(text: str, rewrite_url: RewriteUrl | None = None) -> str:
    """Sanitised HTML of one line of inline Markdown (a prompt, an answer): no ``<p>`` around it."""
    if _PLAIN_INLINE.fullmatch(text):
        return text  # nothing to format, escape or rewrite: the HTML is the text itself
    return _sanitise(_inline_html(text), rewrite_url)


def link_urls(text: str, *, inline: bool = False) -> list[str]:
    """Every ``href``/``src`` URL the sanitised HTML of ``text`` contains, in order.

    The loader checks these to find the media a course refers to. URLs are as cmark-gfm
    normalised them (percent-encoded); ones the sanitiser drops (``javascript:``…) are absent.
    """
    found: list[str] = []
    if "]" not in text and "<" not in text:
        return found  # CommonMark links and images need "]", autolinks and HTML need "<"
    html = _inline_html(text) if inline else _block_html(text)
    if "=" not in html:
        return found

    def collect(tag: str, attribute: str, value: str) -> str:
        if attribute in _URL_ATTRIBUTES:
            found.append(value)
        return value

    _clean_filtered(html, collect)
    return found


def is_relative_url(url: str) -> bool:
    """A URL that points into the course (not external, not an in-page ``#fragment``)."""
    if not url or url.startswith(("#", "//", "/")):
        return False
    head = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return ":" not in head


def _sanitise(html: str, rewrite_url: RewriteUrl | None) -> str:
    if rewrite_url is None or "=" not in html:
        return _CLEANER.clean(html)
    rewrite = rewrite_url

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in _URL_ATTRIBUTES or not is_relative_url(value):
            return value
        new = rewrite(value)
        # The filter runs after nh3's URL check, so a rewritten URL is checked here.
        return new if is_relative_url(new) or new.startswith(_EXTERNAL) else None

    return _clean_filtered(html, attribute_filter)


def _clean_filtered(html: str, attribute_filter: AttributeFilter) -> str:
    """Sanitise with ``attribute_filter`` called on every attribute nh3 keeps."""
    token = _ATTRIBUTE_FILTER.set(attribute_filter)
    try:
        return _FILTERING_CLEANER.clean(html)
    finally:
        _ATTRIBUTE_FILTER.reset(token)


_CMARK_OPTIONS = (
    Options.CMARK_OPT_UNSAFE  # raw HTML is kept here and made safe by nh3
    | Options.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
    | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
)
_EXTENSIONS = ["table", "strikethrough"]

# A Markdown link or image whose destination is a script or data URL: markdown-it-py (used
# before cmark) left these as plain text; cmark would make them links that nh3 then strips of
# their URL. Escaping the "(" keeps the text as the designer wrote it (inside a code span the
# backslash would show: an accepted corner case).
_UNSAFE_LINK = re.compile(r"\]\((?=[ \t]*\n?[ \t]*<?(?:javascript|vbscript|file|data):"
                          r"(?!image/(?:gif|png|jpeg|webp);))", re.IGNORECASE)
_EXTERNAL_LINK = re.compile(r'<a href="(https?://[^"]*)"((?: title="[^"]*")?)>')

# Line starts that would make a block (heading, list, quote, fence, table delimiter, setext
# underline, thematic break, link reference definition) where inline text has none.
_BLOCK_START = re.compile(
    r"(?:#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|[-*_=](?=[-*_= \t]*$)|`{3,}(?=[^`]*$)|~{3,}"
    r"|\||[-:](?=[-:| \t]*$)(?=.*\|))")
# Most prompts and answers are plain sentences. Without Markdown or HTML characters, control
# characters, a line start that could begin a block or spaces that cmark would trim, rendering
# and sanitising give back the text unchanged (cmark's &quot; is a plain '"' again after nh3).
_PLAIN_INLINE = re.compile(r"[^\s#>+=:|\d\\`*_\[\]<>&!~-]"
                           r"[^\x00-\x1f\x7f\xa0\\`*_\[\]<>&!~|]*(?<!\s)")
_ORDERED_ITEM = re.compile(r"(\d{1,9})([.)])(?=[ \t]|$)")
_REFERENCE_DEFINITION = re.compile(r"(\[[^\]]+\]):")


@lru_cache(maxsize=4096)
def _block_html(text: str) -> str:
    return _cmark(text)


@lru_cache(maxsize=8192)
def _inline_html(text: str) -> str:
    html = _cmark(_inline_source(text))
    if html.startswith("<p>") and html.endswith("</p>\n"):
        return html[3:-5]
    return html


def _cmark(text: str) -> str:
    """cmark-gfm's HTML; external Markdown links open in a new tab (the player is in the LMS)."""
    if "](" in text:
        text = _UNSAFE_LINK.sub(r"]\\(", text)
    html = cmarkgfm.markdown_to_html_with_extensions(text, _CMARK_OPTIONS, _EXTENSIONS)
    if '<a href="http' in html:
        html = _EXTERNAL_LINK.sub(r'<a href="\1"\2 target="_blank">', html)
    return html


def _inline_source(text: str) -> str:
    """``text`` as one paragraph: what would start a block is escaped, blank lines dropped.

    cmark parses whole documents only; a prompt such as ``1. January`` or ``# of members`` must
    stay text, as markdown-it's inline rendering kept it.
    """
    lines = []
    for raw in text.split("\n"):
        line = raw.lstrip(" \t")
        if not line:
            continue
        if _BLOCK_START.match(line):
            line = "\\" + line
        elif (ordered := _ORDERED_ITEM.match(line)) is not None:
            line = f"{ordered[1]}\\{ordered[2]}{line[ordered.end():]}"
        elif (definition := _REFERENCE_DEFINITION.match(line)) is not None:
            line = f"{definition[1]}\\:{line[definition.end():]}"
        lines.append(line)
    return "\n".join(lines)
