"""In a real browser, no script from a post or a reply runs: the payload corpus pushes nothing to
``window.__xss``, opens no dialog, and leaves no handler, script-bearing URL or style behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Dialog, Page

from twoway.core.tests.browser import screenshot
from twoway.posts.models import Comment
from twoway.posts.services import CommentFields, comment_approve, comment_submit
from twoway.posts.tests.helpers import make_post
from twoway.posts.tests.payloads import XSS_PAYLOADS

pytestmark = [pytest.mark.browser]

HOOKS = "window.__xss = []; window.alert = window.confirm = window.prompt = (m) => __xss.push(m);"

# Everything in the page's main area that could run script or restyle it.
DANGERS = """() => {
  const found = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href'];
  for (const el of document.querySelectorAll('main *')) {
    const tag = el.tagName.toLowerCase();
    const banned = ['script', 'iframe', 'object', 'embed', 'style', 'base', 'meta'];
    if (banned.includes(tag)) found.push(tag);
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) found.push(tag + '[' + a.name + ']');
      if (a.name === 'style' && el.closest('.prose')) found.push(tag + '[style]');
      const squeezed = a.value.replace(/[\\s\\u0000-\\u001f]/g, '');
      if (urlAttrs.includes(a.name) && /^(javascript|data|vbscript):/i.test(squeezed))
        found.push(tag + '[' + a.name + '=' + a.value + ']');
    }
  }
  for (const a of document.querySelectorAll('main a[href]'))
    if (!['http:', 'https:', 'mailto:'].includes(a.protocol)) found.push('a:' + a.protocol);
  return found;
}"""


def visit(page: Page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    for link in page.locator(".prose a").all():  # a link that survived must not run anything
        link.dispatch_event("mouseover")
        link.evaluate("a => a.dispatchEvent(new MouseEvent('click', {cancelable: true}))")


def check(page: Page, dialogs: list[str], where: str) -> None:
    assert page.evaluate("window.__xss") == [], where
    assert dialogs == [], where
    assert page.evaluate(DANGERS) == [], where


@pytest.fixture
def hooked(page: Page) -> tuple[Page, list[str]]:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.add_init_script(HOOKS)
    # Clicking a surviving javascript: link would run it; a prevented click keeps us on the page.
    page.add_init_script(
        "document.addEventListener('click', e => { if (e.target.closest('.prose a')) "
        "e.preventDefault(); }, true);"
    )
    return page, dialogs


def test_no_payload_in_a_post_runs_in_the_browser(
    hooked: tuple[Page, list[str]],
    live_server: Any,
    transactional_db: None,
    make_user: Any,
    tmp_path: Path,
) -> None:
    page, dialogs = hooked
    author = make_user("writer@example.com", first_name="Writer")
    posts = [
        make_post(author, title=f"Payload {n} <script>window.__xss.push('title')</script>", body=p)
        for n, p in enumerate(XSS_PAYLOADS)
    ]
    page.goto(f"{live_server.url}/posts/", wait_until="networkidle")
    check(page, dialogs, "list")
    for post in posts:
        visit(page, live_server.url + post.get_absolute_url())
        check(page, dialogs, post.body)
    screenshot(page, "posts-xss-post", tmp_path)


def test_no_payload_in_a_reply_runs_in_the_browser(
    hooked: tuple[Page, list[str]],
    live_server: Any,
    transactional_db: None,
    make_user: Any,
    tmp_path: Path,
) -> None:
    page, dialogs = hooked
    post = make_post(make_user("writer@example.com", first_name="Writer"), title="Replies")
    for n, payload in enumerate(XSS_PAYLOADS):
        fields = CommentFields(
            name=f"<img src=x onerror=alert('name{n}')>",
            email=f"reader{n}@example.org",
            body=payload,
            website='https://example.org/"onmouseover="alert(1)',
        )
        comment_approve(comment=comment_submit(post=post, fields=fields))
    assert Comment.objects.published().count() == len(XSS_PAYLOADS)
    visit(page, live_server.url + post.get_absolute_url())
    check(page, dialogs, "replies")
    for name in page.locator(".comment-name a").all():
        name.dispatch_event("mouseover")
    check(page, dialogs, "reply names")
    screenshot(page, "posts-xss-replies", tmp_path)
