from __future__ import annotations

from lms_bridge.course.markdown import (
    is_relative_url,
    link_urls,
    render_inline,
    render_markdown,
)


def test_scripts_and_event_handlers_are_removed() -> None:
    html = render_markdown('Hi <script>alert(1)</script>\n\n<img src="a.png" onerror="alert(2)">'
                           '\n\n<p onclick="x()" style="color:red">p</p>')
    assert "<script" not in html and "alert(1)" not in html
    assert "onerror" not in html and "onclick" not in html and "style" not in html
    assert '<img src="a.png" loading="lazy">' in html


def test_javascript_urls_are_removed() -> None:
    html = render_markdown('[a](javascript:alert(1)) <a href="JavaScript:alert(2)">b</a> '
                           '<a href="data:text/html,x">c</a>')
    assert "href" not in html and "data:" not in html
    assert "[a](javascript:alert(1))" in html  # CommonMark leaves it as plain text


def test_iframes_forms_and_styles_are_removed() -> None:
    html = render_markdown('<iframe src="https://x.org"></iframe><form><input></form>'
                           "<style>body{}</style>text")
    assert "<iframe" not in html and "<form" not in html and "<input" not in html
    assert "<style" not in html and "body{}" not in html


def test_tables_keep_their_alignment() -> None:
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert "<table>" in html and "<th style=\"text-align:left\">a</th>" in html
    assert "<td style=\"text-align:right\">2</td>" in html


def test_headings_lists_emphasis_code_and_figures_are_kept() -> None:
    html = render_markdown("## Sub\n\n- *a*\n- **b**\n\n1. `x`\n\n"
                           "<figure><img src=\"f.png\" alt=\"F\"><figcaption>Cap</figcaption>"
                           "</figure>")
    for part in ("<h2>Sub</h2>", "<ul>", "<em>a</em>", "<strong>b</strong>", "<ol>",
                 "<code>x</code>", "<figure>", "<figcaption>Cap</figcaption>"):
        assert part in html


def test_unicode_is_preserved() -> None:
    html = render_markdown("Vetëqeverisja **ç** — Общината & *Кирилица*")
    assert html == ("<p>Vetëqeverisja <strong>ç</strong> — Общината &amp; "
                    "<em>Кирилица</em></p>\n")


def test_relative_urls_are_rewritten_also_in_raw_html() -> None:
    html = render_markdown('![m](../media/map.png) [h](../media/h.pdf#page=2) '
                           '<img src="../media/raw.png">',
                           lambda url: "pkg/" + url.removeprefix("../"))
    assert 'src="pkg/media/map.png"' in html
    assert 'href="pkg/media/h.pdf#page=2"' in html
    assert 'src="pkg/media/raw.png"' in html


def test_external_links_are_unchanged_and_open_in_a_new_tab() -> None:
    seen: list[str] = []
    html = render_markdown("[law](https://qbz.gov.al/x) [top](#intro) [mail](mailto:a@b.al)",
                           lambda url: seen.append(url) or url)
    assert seen == []
    assert ('<a href="https://qbz.gov.al/x" target="_blank" rel="noopener noreferrer">law</a>'
            in html)
    assert '<a href="#intro" rel="noopener noreferrer">top</a>' in html


def test_a_rewrite_cannot_smuggle_in_a_javascript_url() -> None:
    html = render_markdown("[x](a.pdf)", lambda url: "javascript:alert(1)")
    assert "javascript" not in html


def test_inline_has_no_paragraph() -> None:
    assert render_inline("Who **approves** the budget?") == (
        "Who <strong>approves</strong> the budget?")
    assert render_inline("x <script>y</script> ![i](i.png)", lambda u: "m/" + u) == (
        'x  <img src="m/i.png" alt="i" loading="lazy">')


def test_link_urls_lists_what_would_be_rewritten() -> None:
    text = "![a](../media/hartë.png) [b](https://x.org) <a href='../media/raw.pdf'>r</a>"
    assert link_urls(text) == ["../media/hart%C3%AB.png", "https://x.org", "../media/raw.pdf"]
    assert link_urls("no links here") == []
    assert link_urls("[p](<../media/a b.pdf>)", inline=True) == ["../media/a%20b.pdf"]


def test_is_relative_url() -> None:
    assert is_relative_url("../media/a.png") and is_relative_url("media/a:b.png")
    assert not is_relative_url("a:b.png")
    assert not is_relative_url("https://x.org")
    assert not is_relative_url("#top") and not is_relative_url("/abs.png")
    assert not is_relative_url("//cdn.org/x.js") and not is_relative_url("")
