"""One house format for dates and times, read in the reader's own time zone: the same instant is
a Tuesday afternoon for Alice in Berlin and a Monday evening for Bob in Los Angeles, and a
visitor reads it in the site's ``TIME_ZONE``. Pages (the ``when`` tag) and emails (``when_for``)
agree."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client

from twoway.core.times import reader_zone, when, when_for
from twoway.partnerships import requests
from twoway.partnerships.models import Request, RequestMessage
from twoway.partnerships.tests.helpers import login, swap_profiles
from twoway.posts.models import Post
from twoway.posts.tests.helpers import make_post

# 01:30 UTC on Tuesday 3 March 2026: still Monday evening on the American west coast.
INSTANT = datetime(2026, 3, 3, 1, 30, tzinfo=UTC)
IN_SUMMER = datetime(2026, 7, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def berlin_and_la(alice: Any, bob: Any) -> tuple[Any, Any]:
    swap_profiles(alice, bob)
    alice.profile.timezone = "Europe/Berlin"
    alice.profile.save()
    bob.profile.timezone = "America/Los_Angeles"
    bob.profile.save()
    return alice, bob


def test_the_house_formats_read_the_instant_in_the_zone_given() -> None:
    assert when(INSTANT, ZoneInfo("Europe/Berlin")) == "Tue 3 Mar 2026, 02:30 CET"
    assert when(INSTANT, ZoneInfo("America/Los_Angeles")) == "Mon 2 Mar 2026, 17:30 PST"
    assert when(INSTANT, ZoneInfo("Europe/Berlin"), day_only=True) == "Tue 3 Mar 2026"
    assert when(IN_SUMMER, ZoneInfo("Europe/Berlin")) == "Fri 3 Jul 2026, 14:00 CEST"


def test_a_plain_date_is_a_day_in_any_zone_and_nothing_is_empty() -> None:
    assert when(date(2026, 3, 3), ZoneInfo("Pacific/Kiritimati")) == "Tue 3 Mar 2026"
    assert when(None, ZoneInfo("UTC")) == ""


def test_alice_in_berlin_and_bob_in_los_angeles_each_read_their_own_clock(
    berlin_and_la: tuple[Any, Any],
) -> None:
    alice, bob = berlin_and_la
    assert when_for(INSTANT, alice) == "Tue 3 Mar 2026, 02:30 CET"
    assert when_for(INSTANT, bob) == "Mon 2 Mar 2026, 17:30 PST"


def test_a_visitor_and_a_member_without_a_profile_read_the_sites_zone(
    settings: Any, charlie: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser

    settings.TIME_ZONE = "Asia/Tokyo"
    assert reader_zone(AnonymousUser()) == ZoneInfo("Asia/Tokyo")
    assert reader_zone(None) == ZoneInfo("Asia/Tokyo")
    assert when_for(INSTANT, AnonymousUser()) == "Tue 3 Mar 2026, 10:30 JST"


def test_the_request_page_shows_each_partner_the_thread_in_their_own_zone(
    client: Client, berlin_and_la: tuple[Any, Any]
) -> None:
    alice, bob = berlin_and_la
    asked = requests.request_create(sender=alice, receiver=bob, message="Shall we swap?")
    requests.request_message_add(user=bob, request_id=asked.pk, text="Gladly. When?")
    Request.objects.filter(pk=asked.pk).update(created_at=INSTANT)
    RequestMessage.objects.filter(request=asked).update(created_at=INSTANT)
    url = f"/partnerships/requests/{asked.pk}/"

    seen_by_alice = login(client, alice).get(url).content.decode()
    assert "Tue 3 Mar 2026, 02:30 CET" in seen_by_alice
    assert "PST" not in seen_by_alice
    client.logout()
    seen_by_bob = login(client, bob).get(url).content.decode()
    assert "Mon 2 Mar 2026, 17:30 PST" in seen_by_bob
    assert "Mon 2 Mar 2026" in seen_by_bob and "CET" not in seen_by_bob


def test_a_visitor_reads_a_public_posts_date_in_the_sites_zone(
    client: Client, settings: Any, alice: Any
) -> None:
    settings.TIME_ZONE = "Asia/Tokyo"
    post = make_post(alice)
    Post.objects.filter(pk=post.pk).update(published_at=datetime(2026, 3, 3, 20, 0, tzinfo=UTC))
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Wed 4 Mar 2026" in page  # already the next morning in Tokyo


def test_a_template_may_name_its_reader_and_refuses_an_unknown_style(
    berlin_and_la: tuple[Any, Any],
) -> None:
    _, bob = berlin_and_la
    tag = Template('{% load when %}{% when at "day" %} · {% when at %}')
    assert tag.render(Context({"at": INSTANT, "reader": bob})) == (
        "Mon 2 Mar 2026 · Mon 2 Mar 2026, 17:30 PST"
    )
    with pytest.raises(TemplateSyntaxError):
        Template("{% load when %}{% when at 'week' %}").render(Context({"at": INSTANT}))
