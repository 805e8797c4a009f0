"""Markdown becomes HTML through one allow-list: nothing that can run survives, posts or replies."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from twoway.posts import markup
from twoway.posts.tests.payloads import XSS_PAYLOADS

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href"}


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def problems(html: str, allowed: set[str]) -> list[str]:
    """Everything in ``html`` that could run script or restyle the page."""
    parser = Collector()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        if tag not in allowed:
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc"):
                found.append(f"{tag}[{name}]")
            cleaned = "".join((value or "").split()).lower()
            has_scheme = ":" in cleaned.split("/")[0]
            safe = cleaned.startswith(("http:", "https:", "mailto:"))
            if name in URL_ATTRIBUTES and has_scheme and not safe:
                found.append(f"{tag}[{name}={value}]")
    return found


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_post_keeps_nothing_that_can_run(payload: str) -> None:
    assert problems(markup.render(payload), markup.POST_TAGS) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_comment_keeps_nothing_that_can_run(payload: str) -> None:
    assert problems(markup.render(payload, comment=True), markup.COMMENT_TAGS) == []


def test_the_corpus_is_big_enough_to_mean_something() -> None:
    assert len(XSS_PAYLOADS) >= 15


def test_the_checker_itself_spots_a_script_and_a_javascript_link() -> None:
    assert problems('<script></script><a href="javascript:x">y</a>', markup.POST_TAGS) == [
        "<script>",
        "a[href=javascript:x]",
    ]


def test_it_keeps_ordinary_markdown() -> None:
    html = markup.render("## Hi\n\n**bold** _it_ [link](https://example.org)\n\n```\ncode\n```")
    assert "<h2>Hi</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<pre><code>code\n</code></pre>" in html


def test_links_get_nofollow_noopener_ugc() -> None:
    html = markup.render("[site](https://example.org)")
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener ugc"' in html


def test_script_content_is_removed_not_shown_as_text() -> None:
    assert "alert" not in markup.render("<script>alert(1)</script>Hello")


def test_comments_allow_no_images_or_headings() -> None:
    html = markup.render("## Big\n\n![pic](https://example.org/a.png)", comment=True)
    assert "<h2" not in html
    assert "<img" not in html


def test_a_post_may_show_an_https_image_but_not_a_data_one() -> None:
    assert 'src="https://example.org/a.png"' in markup.render("![a](https://example.org/a.png)")
    assert "data:" not in markup.render("![a](data:image/png;base64,AAAA)")


def test_it_counts_links_for_the_spam_rule() -> None:
    text = "see https://a.example and http://b.example or www.c.example, not d.example"
    assert markup.link_count(text) == 3
