"""Every page a demo member, manager or administrator can reach by following links is
translated (docs/i18n.md): the seeded demo is crawled in the pseudo-locale, and any plain English
word left on a page that is not data from the database fails the test, naming page and words.

The per-app tests check each page against the exact data it shows; this one is the net under
them: pages reached by links nobody listed, and the top bar and footer on every page."""

from __future__ import annotations

import re
import zoneinfo
from collections import deque
from io import StringIO
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import Resolver404, resolve

from twoway.core.demo.data import MEMBER_DOMAIN
from twoway.core.tests.pseudo import PSEUDO, WORD, untranslated

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Not pages: leaving, downloads, machine formats, the admin (staff's, in Django's own words).
SKIPPED = re.compile(
    r"^/(admin|api|static|media|i18n|scim|metrics|health|healthz|readyz)(/|$)|logout|\.ics$|"
    r"/feed|/export|/download|\.csv$|/photo"
)
LINK = re.compile(r'href="([^"#]+)"')
PAGES_PER_SHAPE = 2  # /people/<handle>/ is one page whatever the handle: two of each suffice
MAX_PAGES = 400


def _shape(path: str, query: str) -> str:
    """A page's kind: its URL pattern ("posts/tags/<slug:tag>/") and its query's names."""
    try:
        route = resolve(path).route
    except Resolver404:
        route = path
    return route + "?" + ",".join(sorted(parse_qs(query)))


def _data_words() -> set[str]:
    """Every word of every text stored in the database (names, skills, bios, posts…) and of the
    time zones' names (Europe/Paris)."""
    words: set[str] = set(WORD.findall(" ".join(zoneinfo.available_timezones())))
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields).iterator():
            for value in row:
                if value:
                    words.update(WORD.findall(str(value)))
    return words


def _crawl(client: Client, start: list[str], data: set[str]) -> dict[str, list[str]]:
    """The pages reached from ``start`` that show plain words, with the words; the count of
    pages read is under the key ``"pages read"``."""
    seen_shapes: dict[str, int] = {}
    queue, visited, problems = deque(start), set(start), {}
    read = 0
    while queue and len(visited) <= MAX_PAGES:
        path = queue.popleft()
        page = client.get(path)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        html = page.content.decode()
        read += 1
        left = sorted({w for w in untranslated(html) if w not in data})
        if left:
            problems[path] = left[:12]
        for link in LINK.findall(html):
            target = urlsplit(urljoin(path, link.replace("&amp;", "&")))
            if target.netloc or SKIPPED.search(target.path):
                continue
            found = target.path + (f"?{target.query}" if target.query else "")
            shape = _shape(target.path, target.query)
            if found in visited or seen_shapes.get(shape, 0) >= PAGES_PER_SHAPE:
                continue
            seen_shapes[shape] = seen_shapes.get(shape, 0) + 1
            visited.add(found)
            queue.append(found)
    return {**problems, "pages read": [str(read)]}


def _as(client: Client, email: str) -> Client:
    from twoway.accounts.models import User

    user = User.objects.get(email=email)
    user.profile.interface_language = PSEUDO
    user.profile.save()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "email",
    [f"sam@{MEMBER_DOMAIN}", f"priya@{MEMBER_DOMAIN}"],
    ids=["a member", "a program manager"],
)
def test_every_page_a_demo_reader_reaches_is_in_their_language(
    pseudo_locale: str, email: str
) -> None:
    call_command("seed_demo", "--members", "30", "--no-logins", stdout=StringIO())
    problems = _crawl(_as(Client(), email), ["/", "/me/"], _data_words())
    assert int(problems.pop("pages read")[0]) >= 40
    assert problems == {}, "\n".join(f"{path}: {' '.join(w)}" for path, w in problems.items())


def test_every_page_a_visitor_reaches_is_in_their_language(pseudo_locale: str) -> None:
    call_command("seed_demo", "--members", "30", "--no-logins", stdout=StringIO())
    client = Client(HTTP_ACCEPT_LANGUAGE=PSEUDO)
    problems = _crawl(client, ["/", "/accounts/login/", "/accounts/signup/"], _data_words())
    assert int(problems.pop("pages read")[0]) >= 10
    assert problems == {}, "\n".join(f"{path}: {' '.join(w)}" for path, w in problems.items())
