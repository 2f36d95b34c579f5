"""Markdown → sanitised HTML for pages, prompts, answers and feedback.

markdown-it-py (CommonMark + tables + strikethrough) turns Markdown into HTML; nh3 (the Rust
sanitiser ammonia) then removes anything that could run code in the learner's browser: scripts,
event handlers, ``javascript:`` URLs, styles other than table alignment. Raw HTML written by a
designer goes through the same sanitiser, so it is safe too.

Relative URLs (images, handouts) are handed to ``rewrite_url`` *inside* the sanitiser, after its
URL checks, so links written in raw HTML are rewritten exactly like Markdown ones. The Markdown
→ HTML step is cached per text: the loader renders every text once to find the media it refers
to, and the builder's later calls (once per language and standard) only pay for the sanitiser.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import nh3

if TYPE_CHECKING:
    from collections.abc import Sequence

    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

RewriteUrl = Callable[[str], str]

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
_URL_ATTRIBUTES = {"href", "src"}
_EXTERNAL = ("http://", "https://")


def render_markdown(text: str, rewrite_url: RewriteUrl | None = None) -> str:
    """Sanitised HTML of a block of Markdown (a page body)."""
    return _sanitise(_block_html(text), rewrite_url)


def render_inline(text: str, rewrite_url: RewriteUrl | None = None) -> str:
    """Sanitised HTML of one line of inline Markdown (a prompt, an answer): no ``<p>`` around it."""
    return _sanitise(_inline_html(text), rewrite_url)


def link_urls(text: str, *, inline: bool = False) -> list[str]:
    """Every ``href``/``src`` URL the sanitised HTML of ``text`` contains, in order.

    The loader checks these to find the media a course refers to. URLs are as markdown-it
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

    nh3.clean(html, attribute_filter=collect, **_CLEAN_OPTIONS)
    return found


def is_relative_url(url: str) -> bool:
    """A URL that points into the course (not external, not an in-page ``#fragment``)."""
    if not url or url.startswith(("#", "//", "/")):
        return False
    head = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return ":" not in head


def _sanitise(html: str, rewrite_url: RewriteUrl | None) -> str:
    if rewrite_url is None:
        return nh3.clean(html, **_CLEAN_OPTIONS)
    rewrite = rewrite_url

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in _URL_ATTRIBUTES or not is_relative_url(value):
            return value
        new = rewrite(value)
        # The filter runs after nh3's URL check, so a rewritten URL is checked here.
        return new if is_relative_url(new) or new.startswith(_EXTERNAL) else None

    return nh3.clean(html, attribute_filter=attribute_filter, **_CLEAN_OPTIONS)


@lru_cache(maxsize=4096)
def _block_html(text: str) -> str:
    return _parser().render(text)


@lru_cache(maxsize=8192)
def _inline_html(text: str) -> str:
    return _parser().renderInline(text)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """One MarkdownIt instance for the process, built on first use, not once per page."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

    def link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
                  env: EnvType) -> str:
        token = tokens[idx]
        href = str(token.attrGet("href") or "")
        if href.startswith(_EXTERNAL):
            token.attrSet("target", "_blank")
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md
