"""Markdown in, safe HTML out.

Python-Markdown passes raw HTML through, so its output is never trusted: every piece of HTML we
show goes through :func:`sanitise`, an allow-list (nh3, i.e. the Rust ``ammonia`` library) of
tags, attributes and URL schemes. Anything else (scripts, event handlers, ``style``, iframes,
``javascript:`` and ``data:`` URLs) is dropped. Links get ``rel="nofollow noopener ugc"``.
"""

from __future__ import annotations

import re

import markdown  # type: ignore[import-untyped]
import nh3

LINK_REL = "nofollow noopener ugc"
URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with what they contain, so "alert(1)" doesn't remain as stray text.
DROP_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
    "textarea", "select", "title",
}  # fmt: skip

COMMENT_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "del",
}  # fmt: skip
POST_TAGS = COMMENT_TAGS | {
    "h2", "h3", "h4", "h5", "h6", "hr", "img", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "abbr", "dl", "dt", "dd", "figure", "figcaption",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]

LINK = re.compile(r"https?://|\bwww\.", re.IGNORECASE)


def sanitise(html: str, *, comment: bool = False) -> str:
    """The allow-listed part of ``html``; comments allow fewer tags (no images or tables)."""
    return nh3.clean(
        html,
        tags=COMMENT_TAGS if comment else POST_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes={k: v for k, v in ATTRIBUTES.items() if not comment or k != "img"},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render(text: str, *, comment: bool = False) -> str:
    """Markdown → sanitised HTML. The only way posts and comments become HTML."""
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return sanitise(html, comment=comment)


def plain_text(text: str, *, limit: int = 200) -> str:
    """The words of a Markdown text without any markup, cut at a word boundary (for excerpts)."""
    words = nh3.clean(render(text), tags=set()).split()
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            return out.rstrip(" ,.;:") + "…"
        out = f"{out} {word}" if out else word
    return out


def link_count(text: str) -> int:
    """How many web links a text holds (``http://``, ``https://``, ``www.``), for the spam rule."""
    return len(LINK.findall(text))
