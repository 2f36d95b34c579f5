"""What the switch from markdown-it-py to cmark-gfm must not change.

markdown-it rendered prompts and answers with its inline-only parser; cmark parses documents, so
``lms_bridge.course.markdown`` escapes what would start a block. These cases were compared
against markdown-it-py's output when the renderer changed.
"""

from __future__ import annotations

import random

import pytest

from lms_bridge.course import markdown
from lms_bridge.course.markdown import link_urls, render_inline, render_markdown


@pytest.mark.parametrize(("text", "html"), [
    ("1. January", "1. January"),
    ("2024. viti", "2024. viti"),
    ("5) five", "5) five"),
    ("# of members", "# of members"),
    ("- minus", "- minus"),
    ("+ plus", "+ plus"),
    ("* star", "* star"),
    ("> quote", "&gt; quote"),
    ("***", "***"),
    ("a\n===", "a\n==="),
    ("a\n---", "a\n---"),
    ("x\n- y", "x\n- y"),
    ("x\n1. y", "x\n1. y"),
    ("~~~", "~~~"),
    ("a | b\n--|--", "a | b\n--|--"),
    ("[a]: http://x", "[a]: http://x"),
    ("    indented", "indented"),
    ("**bold** and *em* `code`", "<strong>bold</strong> and <em>em</em> <code>code</code>"),
    ("~~gone~~ ~kept~", "<del>gone</del> ~kept~"),
    ("a  \nb", "a<br>\nb"),
])
def test_inline_text_never_becomes_a_block(text: str, html: str) -> None:
    assert render_inline(text) == html


def test_script_links_stay_text_in_inline_and_block() -> None:
    assert render_inline("[j](javascript:alert(1))") == "[j](javascript:alert(1))"
    assert render_markdown("[v](VBScript:x) ![d](data:text/html,x)") == (
        "<p>[v](VBScript:x) ![d](data:text/html,x)</p>\n")


def test_external_links_with_a_title_open_in_a_new_tab() -> None:
    assert render_inline('[t](https://x.org "T")') == (
        '<a href="https://x.org" title="T" target="_blank" rel="noopener noreferrer">t</a>')
    assert render_markdown("<https://auto.org>") == (
        '<p><a href="https://auto.org" target="_blank" rel="noopener noreferrer">'
        "https://auto.org</a></p>\n")


def test_tables_and_bare_urls() -> None:
    html = render_markdown("| a |\n|:-:|\n| b |\n\nwww.example.org")
    assert '<th style="text-align:center">a</th>' in html
    assert "<p>www.example.org</p>" in html  # no autolinking: CommonMark, as before


def test_link_urls_of_reference_links_and_titles() -> None:
    assert link_urls("[r]\n\n[r]: ../media/r.pdf") == ["../media/r.pdf"]
    assert link_urls('[p](../media/x.pdf "T")') == ["../media/x.pdf"]


def test_plain_inline_texts_skip_rendering_with_the_same_result() -> None:
    """render_inline's shortcut for plain text must give exactly what cmark + nh3 give."""
    alphabet = list("abc ëçЖжй.,;:?'\"()%/@$^{}-–—…«»„“”’190#>+=|*_`[]<>&!~\\\t\n\u00a0\u2028 ")
    rnd = random.Random(2026)
    plain = 0
    for _ in range(20_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10)))
        full = markdown._sanitise(markdown._inline_html(text), None)
        assert render_inline(text) == full, text
        plain += markdown._PLAIN_INLINE.fullmatch(text) is not None
    assert plain > 1_000  # the shortcut was really exercised
    assert markdown._PLAIN_INLINE.fullmatch('Kush e miraton buxhetin "vendor" (2024)?')


def test_raw_html_url_attributes_in_any_case_are_rewritten() -> None:
    html = render_markdown('<img SRC = "../media/raw.png"> <a HREF=../media/h.pdf>h</a>',
                           lambda url: "pkg/" + url.removeprefix("../"))
    assert 'src="pkg/media/raw.png"' in html and 'href="pkg/media/h.pdf"' in html
