"""The language and time zone a page is written in (core/i18n.py, docs/i18n.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from twoway.core.i18n import language_of, speaking_to
from twoway.core.tests.pseudo import PSEUDO, PSEUDO_RTL, pseudo, untranslated

pytestmark = pytest.mark.django_db


def test_a_visitor_gets_the_language_their_browser_asks_for(
    client: Client, pseudo_locale: str
) -> None:
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=f"{PSEUDO},en;q=0.5")
    assert page["Content-Language"] == PSEUDO
    assert f'<html lang="{PSEUDO}" dir="ltr">' in page.content.decode()


def test_a_visitor_who_chose_a_language_in_the_footer_keeps_it(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page["Content-Language"] == "de"


def test_a_members_own_choice_beats_their_browser(client: Client, alice: Any) -> None:
    alice.profile.interface_language = "es"
    alice.profile.save()
    client.force_login(alice)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page["Content-Language"] == "es"


def test_a_member_without_a_choice_gets_their_browsers_language(client: Client, alice: Any) -> None:
    client.force_login(alice)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page["Content-Language"] == "fr"


def test_a_right_to_left_language_turns_the_page(client: Client, pseudo_locale: str) -> None:
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=PSEUDO_RTL)
    assert f'<html lang="{PSEUDO_RTL}" dir="rtl">' in page.content.decode()


def test_emails_speak_the_recipients_language_whoever_is_active(alice: Any) -> None:
    alice.profile.interface_language = "de"
    alice.profile.save()
    with translation.override("fr"), speaking_to(alice):
        assert translation.get_language() == "de"
    assert language_of(None) == "en"


def test_pseudo_translation_keeps_placeholders_and_tags() -> None:
    made = pseudo('Hello %(name)s, <a href="/x">see {count}</a> &amp; more')
    assert "%(name)s" in made and '<a href="/x">' in made and "{count}" in made
    assert "&amp;" in made and "Hello" not in made


def test_untranslated_words_are_found_and_data_is_allowed() -> None:
    html = f'<p>{pseudo("Your partners")} Alice <b>Welcome</b></p><script>var x = "no";</script>'
    assert untranslated(html, allowed=["Alice"]) == ["Welcome"]


def _zone_seen(request: Any) -> Any:
    from django.http import HttpResponse
    from django.utils import timezone as django_tz

    return HttpResponse(django_tz.get_current_timezone_name())


def test_a_visitor_sees_times_in_their_browsers_zone_and_a_bad_cookie_is_ignored() -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from twoway.core.i18n import ReaderLocaleMiddleware

    middleware = ReaderLocaleMiddleware(_zone_seen)
    for cookie, zone in (("Asia/Tokyo", "Asia/Tokyo"), ("Mars/Base", "UTC"), ("", "UTC")):
        request = RequestFactory().get("/", HTTP_COOKIE=f"tz={cookie}")
        request.user = AnonymousUser()
        assert middleware(request).content.decode() == zone


def test_a_member_sees_times_in_their_profiles_zone_whatever_the_cookie(alice: Any) -> None:
    from django.test import RequestFactory

    from twoway.core.i18n import ReaderLocaleMiddleware

    alice.profile.timezone = "America/New_York"
    alice.profile.save()
    request = RequestFactory().get("/", HTTP_COOKIE="tz=Asia/Tokyo")
    request.user = alice
    assert ReaderLocaleMiddleware(_zone_seen)(request).content.decode() == "America/New_York"
