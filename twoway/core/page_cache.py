"""Rendered pages and fragments kept in Django's cache, under keys made of stamps (stamps.py).

Two uses:

- :func:`fragment`: a piece of a page that is the same for every reader who may see it (another
  member's profile, a page of search results), under a key holding the versions of what it shows.
- :func:`visitor_page`: a whole public page for a visitor who brings nothing of their own: a GET
  with no query string, no session cookie and no flash messages. The page is stored with marks
  in place of the two things that must differ per response, the CSRF token and the CSP nonce,
  and each answer fills in fresh ones; so a stored page never carries anyone's token, and a
  reader with a session (a member, or a visitor whose held reply is waiting) gets the page
  rendered for them.

The cache is ``django.core.cache.cache`` (Redis when configured, else each process's memory);
nothing correct depends on it being shared, since the keys come from the database. Entries also
expire after ``TIMEOUT`` seconds, so a change that skipped the receivers shows within that time.
Every key also holds the reader's language and time zone (``reader_key``): a page kept for a
French reader in Paris is never answered to a German one in Berlin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone as django_tz
from django.utils import translation

T = TypeVar("T")
TIMEOUT = 600
# Stand-ins for the per-response values in a stored page, the same in every process (a page one
# process stores in Redis is answered by another). A member who types one into a reply only
# shows each reader their own token or nonce, as the page's form and scripts already do.
CSRF_MARK = "twoway-stored-page-csrf-token-3f9c2a"
NONCE_MARK = "twoway-stored-page-csp-nonce-8b41d7"
MESSAGES_COOKIE = "messages"


def reader_key(key: str) -> str:
    """``key`` for the language and time zone of what is being rendered now."""
    return f"{key}:{translation.get_language()}:{django_tz.get_current_timezone_name()}"


def fragment(key: str, render: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """``render()``'s result, from the cache under ``key`` while it is there."""
    key = reader_key(key)
    found: T | None = cache.get(key)
    if found is None:
        found = render()
        cache.set(key, found, timeout)
    return found


def is_plain_visitor(request: HttpRequest) -> bool:
    """A GET or HEAD with no query string, no session and no flash messages waiting: nothing on
    the page can be the reader's own."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in cookies
        and MESSAGES_COOKIE not in cookies
    )


@dataclass(frozen=True)
class Stored:
    """A page as kept: the view's own headers and the body with the marks in it."""

    headers: tuple[tuple[str, str], ...]
    body: str


def visitor_page(
    request: HttpRequest, key: Callable[[], str], build: Callable[[dict[str, Any]], HttpResponse]
) -> HttpResponse:
    """The page ``build(extra_context)`` renders: for a plain visitor from the cache under
    ``key()`` (rendered once with the marks); for anyone else rendered for them, as without a
    cache. Only a 200 that sets no cookie is kept."""
    if not is_plain_visitor(request):
        return build({})
    return _answer(request, key(), lambda: build({"csrf_token": CSRF_MARK}))


def shared_page(
    request: HttpRequest, key: Callable[[], str], build: Callable[[], HttpResponse]
) -> HttpResponse:
    """For a page that holds nothing of its reader's, whoever they are (a feed): ``build()``'s
    response, kept under ``key()``. Only a 200 that sets no cookie is kept."""
    if request.method not in ("GET", "HEAD"):
        return build()
    return _answer(request, key(), build)


def _answer(request: HttpRequest, key: str, build: Callable[[], HttpResponse]) -> HttpResponse:
    key = reader_key(key)
    stored: Stored | None = cache.get(key)
    if stored is None:
        response = build()
        if response.status_code != 200 or response.streaming or response.cookies:
            return _filled(response, request)
        stored = _stored(response, request)
        cache.set(key, stored, TIMEOUT)
    answer = HttpResponse(_fill(stored.body, request))
    for name, value in stored.headers:
        answer[name] = value
    return answer


def _stored(response: HttpResponse, request: HttpRequest) -> Stored:
    body = response.content.decode(response.charset)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        body = body.replace(nonce, NONCE_MARK)
    return Stored(tuple(response.headers.items()), body)


def _fill(body: str, request: HttpRequest) -> str:
    if NONCE_MARK in body:
        body = body.replace(NONCE_MARK, str(request.csp_nonce))  # type: ignore[attr-defined]
    if CSRF_MARK in body:
        body = body.replace(CSRF_MARK, get_token(request))
    return body


def _filled(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    if not response.streaming and CSRF_MARK.encode() in response.content:
        response.content = _fill(response.content.decode(response.charset), request)
    return response
