"""Every network and circle page goes through the catalogues (docs/i18n.md); notifications and
calendar files speak their reader's language.

Sam — Bo — Kim: Bo is in between, Kim teaches Kubernetes; the three sit in an open circle, and
Ana waits in the circle queue. Rendered in the pseudo-locale, only the test's data stays plain.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.network import circle_queue, circles, services
from twoway.network.models import Circle
from twoway.network.tests.helpers import circle_learned, circle_with, member, partnered
from twoway.notifications.models import Notification

pytestmark = pytest.mark.django_db

NAMES = ["Sam", "Bo", "Kim", "Ana", "Python", "Figma", "Kubernetes", "Tea circle"]
# The meeting form offers every time zone by its IANA name.
ZONES = sorted(zoneinfo.available_timezones(), key=len, reverse=True)


@pytest.fixture
def people(make_user: Any) -> dict[str, Any]:
    found = {
        "sam": member(make_user, "Sam"),
        "bo": member(make_user, "Bo"),
        "kim": member(make_user, "Kim", teaches={"Kubernetes": 5}),
        "ana": member(make_user, "Ana"),
    }
    partnered(found["sam"], found["bo"], learned=[(found["sam"], "Python")])
    partnered(found["bo"], found["kim"])
    return found


def speaking(user: Any, language: str) -> Client:
    user.profile.interface_language = language
    user.profile.save()
    client = Client()
    client.force_login(user)
    return client


def plain(client: Client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    main = main_of(response.content.decode())
    assert "⟦" in main, path  # rendered in the pseudo-locale
    return untranslated(main, allowed=[*NAMES, *ZONES])


def a_circle(people: dict[str, Any]) -> Circle:
    circle = circle_with(
        [people["sam"], people["bo"], people["kim"]], name="Tea circle", status=Circle.Status.OPEN
    )
    circles.meeting_add(
        user=people["sam"],
        circle_id=circle.pk,
        day=timezone.now().date(),
        at=timezone.now().time(),
        tz="Europe/Berlin",
        place="Room 4",
        agenda="Round of wins",
    )
    circle_learned(circle, people["sam"], people["kim"], "Kubernetes")
    return circle


def test_the_network_pages_speak_the_members_language(
    people: dict[str, Any], pseudo_locale: str
) -> None:
    sam = speaking(people["sam"], PSEUDO)
    for path in ("/network/", "/network/?skill=Kubernetes", "/network/?skill=Cobol",
                 "/network/people/bo/", "/network/introductions/"):  # fmt: skip
        assert plain(sam, path) == [], path
    nobody = speaking(people["ana"], PSEUDO)
    assert plain(nobody, "/network/") == []


def test_the_introduction_pages_speak_each_members_language(
    people: dict[str, Any], pseudo_locale: str
) -> None:
    intro = services.introduction_request(
        requester=people["sam"], target_handle="kim", via_handle="bo", skill="Kubernetes",
        message="Could we chat?",
    )  # fmt: skip
    sam, bo = speaking(people["sam"], PSEUDO), speaking(people["bo"], PSEUDO)
    assert plain(sam, "/network/introductions/") == []
    assert plain(bo, "/network/introductions/") == []
    services.introduction_answer(user=people["bo"], introduction_id=intro.pk, action="forward")
    for client in (sam, bo, speaking(people["kim"], PSEUDO)):
        assert plain(client, "/network/introductions/") == []


def test_the_circle_pages_speak_the_members_language(
    people: dict[str, Any], pseudo_locale: str
) -> None:
    circle = a_circle(people)
    sam = speaking(people["sam"], PSEUDO)
    assert plain(sam, "/circles/") == []
    assert plain(sam, f"/circles/{circle.pk}/") == []
    outsider = speaking(people["ana"], PSEUDO)
    assert plain(outsider, f"/circles/{circle.pk}/") == []


def test_the_circle_queue_speaks_the_waiting_members_language(
    people: dict[str, Any], pseudo_locale: str
) -> None:
    ana = speaking(people["ana"], PSEUDO)
    assert plain(ana, "/circles/") == []
    wait = circle_queue.queue_join(user=people["ana"], themes=["Python"], size=4)
    assert plain(ana, "/circles/") == []
    wait.reason, wait.detail, wait.tried_at = "nobody_teaches_their_wants", "x", timezone.now()
    wait.save()
    assert plain(ana, "/circles/") == []


def test_a_german_member_reads_the_circles_page_in_german(people: dict[str, Any]) -> None:
    a_circle(people)
    page = speaking(people["sam"], "de").get("/circles/").content.decode()
    assert "Kleine Gruppen von 3–6 Leuten" in page
    assert "3 von 6 Mitgliedern" in page


def test_a_german_member_is_told_in_german_when_an_english_member_acts(
    people: dict[str, Any],
) -> None:
    speaking(people["bo"], "de")
    speaking(people["sam"], "en")
    services.introduction_request(
        requester=people["sam"], target_handle="kim", via_handle="bo", skill="Kubernetes",
        message="Could we chat?",
    )  # fmt: skip
    asked = Notification.objects.get(recipient=people["bo"])
    assert asked.title == "Sam bittet dich um eine Vorstellung bei Kim"
    assert asked.body == "Für Kubernetes: Could we chat?"


def test_the_waiting_reason_is_shown_in_the_readers_language(people: dict[str, Any]) -> None:
    wait = circle_queue.queue_join(user=people["ana"])
    circle_queue._not_yet(wait, "nobody_teaches_their_wants", "", timezone.now())
    wait.refresh_from_db()
    assert wait.detail == "Nobody waiting teaches what you want to learn yet."
    page = speaking(people["ana"], "fr").get("/circles/").content.decode()
    assert "Personne parmi les personnes en attente n&#x27;enseigne encore" in page


def test_a_calendar_file_is_written_in_the_members_language(people: dict[str, Any]) -> None:
    circle = a_circle(people)
    meeting = circle.meetings.get()
    ics = speaking(people["kim"], "es").get(f"/circles/meetings/{meeting.pk}.ics")
    assert "Círculo de Twoway: Tea circle" in ics.content.decode()


def test_the_graph_script_gets_its_words_in_the_members_language(people: dict[str, Any]) -> None:
    page = speaking(people["sam"], "de").get("/network/").content.decode()
    assert 'id="network-graph-words"' in page
    assert "Bringt %(skills)s bei" in page
