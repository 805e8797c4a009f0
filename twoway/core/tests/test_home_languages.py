"""The home pages, times and counts in the reader's language (docs/i18n.md).

Visitors read the marketing page in their browser's language; Alice reads her own home in the
language of her profile. The pseudo-locale shows any sentence that skipped the catalogues.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from twoway.core.i18n import speaking_to
from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.core.throttle import Throttled
from twoway.core.times import when, when_for
from twoway.core.words import counted
from twoway.partnerships import goals, requests, sessions
from twoway.partnerships.tests.helpers import login, partner
from twoway.people.models import Profile
from twoway.people.tests.helpers import make_complete

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_language_afterwards() -> Iterator[None]:
    """A page activates its reader's language for the whole thread: give the next test the
    site's own."""
    yield
    translation.deactivate()


FIGMA_FOR_SQL = {"teaches": {"SQL": 4}, "learns": {"Figma": 3}}
SQL_FOR_FIGMA = {"teaches": {"Figma": 5}, "learns": {"SQL": 3}}
INSTANT = datetime(2026, 3, 3, 13, 30, tzinfo=UTC)


def _speaks(user: Any, language: str, zone: str = "") -> None:
    fields: dict[str, str] = {"interface_language": language}
    if zone:
        fields["timezone"] = zone
    Profile.objects.filter(user=user).update(**fields)
    user.refresh_from_db()


def _busy_alice(alice: Any, bob: Any, charlie: Any, priya: Any) -> None:
    """Alice partners with Priya (a session tomorrow, a goal each way); Bob asks Alice and Alice
    asks Charlie."""
    make_complete(alice, timezone="Asia/Tokyo", capacity=3, **FIGMA_FOR_SQL)
    for other in (bob, charlie, priya):
        make_complete(other, capacity=3, **SQL_FOR_FIGMA)
    partnership = partner(alice, priya)
    sessions.session_schedule(
        user=priya,
        partnership=partnership,
        day=date.today() + timedelta(days=1),
        at=time(10),
        tz="Europe/London",
    )
    goals.goal_add(user=alice, partnership=partnership, text="Learn Figma frames")
    goals.goal_add(user=priya, partnership=partnership, text="Write window functions")
    requests.request_create(sender=bob, receiver=alice, message="Bob would love to swap SQL.")
    requests.request_create(sender=alice, receiver=charlie, message="Figma for SQL?")


def test_the_visitors_home_goes_through_the_catalogues(client: Client, pseudo_locale: str) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=PSEUDO).content.decode()
    assert untranslated(main_of(page), allowed=["Ana", "Sam", "SQL", "Figma"]) == []


def test_a_german_visitor_reads_the_home_page_in_german(client: Client) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Mentoring in beide Richtungen" in page
    assert "Alle bringen bei. Alle lernen." in page


def test_the_members_home_goes_through_the_catalogues(
    client: Client, alice: Any, bob: Any, charlie: Any, priya: Any, pseudo_locale: str
) -> None:
    _busy_alice(alice, bob, charlie, priya)
    _speaks(alice, PSEUDO)
    page = login(client, alice).get("/").content.decode()
    data = ["Alice", "Bob", "Charlie", "Priya", "Asia/Tokyo", "Learn Figma frames"]
    data += ["Write window functions", "Bob would love to swap SQL.", "Figma", "SQL"]
    assert untranslated(main_of(page), allowed=data) == []


def test_alices_home_speaks_her_language_and_her_time_zone(
    client: Client, alice: Any, bob: Any, charlie: Any, priya: Any
) -> None:
    _busy_alice(alice, bob, charlie, priya)
    _speaks(alice, "de")
    page = login(client, alice).get("/").content.decode()
    assert "Willkommen zurück, Alice" in page
    assert "Treffen mit Priya" in page
    assert "Zeiten sind in deiner Zeitzone, Asia/Tokyo." in page
    assert "Was du lernst" in page and "von Priya" in page


def test_the_same_instant_reads_in_each_members_own_zone_and_language(alice: Any, bob: Any) -> None:
    make_complete(alice, **FIGMA_FOR_SQL)
    make_complete(bob, **SQL_FOR_FIGMA)
    _speaks(alice, "de", "Europe/Berlin")
    _speaks(bob, "en", "America/New_York")
    with speaking_to(alice):
        for_alice = when_for(INSTANT, alice)
    with speaking_to(bob):
        for_bob = when_for(INSTANT, bob)
    assert for_alice == "Di, 3. Mär 2026, 14:30 CET"
    assert for_bob == "Tue 3 Mar 2026, 08:30 EST"


def test_each_language_orders_the_house_format_its_own_way() -> None:
    zone = zoneinfo.ZoneInfo("Europe/Paris")
    shown = {}
    for language in ("en", "de", "es", "fr"):
        with translation.override(language):
            shown[language] = when(INSTANT, zone, day_only=True)
    assert shown["en"] == "Tue 3 Mar 2026"
    assert shown["de"] == "Di, 3. Mär 2026"
    assert shown["es"].startswith("mar, 3 ") and shown["es"].endswith(" 2026")
    assert shown["fr"].startswith("mar 3 ") and shown["fr"].endswith(" 2026")


def test_counts_take_each_languages_plural() -> None:
    with translation.override("de"):
        assert counted(1, "week") == "1 Woche"
        assert counted(3, "week") == "3 Wochen"
    with translation.override("fr"):
        assert counted(0, "session") == "0 séance"
        assert counted(2, "session") == "2 séances"
    with translation.override("en"):
        assert counted(2, "hour") == "2 hours"
        assert counted(2, "fox", "foxes") == "2 foxes"


def test_a_throttled_member_is_told_when_to_try_again_in_their_language() -> None:
    with translation.override("es"):
        assert str(Throttled(90)) == "Vuelve a intentarlo dentro de 2 minutos."
    with translation.override("en"):
        assert str(Throttled(30)) == "Try again in 1 minute."
