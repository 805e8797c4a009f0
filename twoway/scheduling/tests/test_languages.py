"""Scheduling pages in the member's language (docs/i18n.md): Alice (Berlin) and Bob (New York)
each read the times in their own zone, in their own language, every sentence from the
catalogues."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.partnerships.models import Partnership
from twoway.people.models import Profile
from twoway.scheduling.models import Availability
from twoway.scheduling.services import proposal_send, slots_find
from twoway.scheduling.views import _label

from .helpers import NEW_YORK, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_language_afterwards() -> Iterator[None]:
    """A page activates its reader's language for the whole thread: give the next test the
    site's own."""
    yield
    translation.deactivate()


AVAILABILITY = "/scheduling/availability/"
DATA = ["Alice", "Bob", "Europe/Berlin", "America/New_York", "Twoway", "Jitsi Meet"]


def speaks(user: Any, language: str) -> None:
    Profile.objects.filter(user=user).update(interface_language=language)
    user.refresh_from_db()


def overlapping_rows() -> dict[str, str]:
    rows = (("0", "09:00", "12:00"), ("0", "11:00", "13:00"), ("3", "14:00", "13:00"))
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0"}
    for i, (day, start, end) in enumerate(rows):
        data |= {f"form-{i}-weekday": day, f"form-{i}-start": start, f"form-{i}-end": end}
    return data


def test_every_scheduling_page_goes_through_the_catalogues(
    alice: Any, bob: Any, pair: Partnership, pseudo_locale: str
) -> None:
    speaks(alice, PSEUDO)
    speaks(bob, PSEUDO)
    find = f"/scheduling/partnerships/{pair.pk}/find-time/"
    alice_client, bob_client = signed_in(alice), signed_in(bob)
    pages = {
        "availability": alice_client.get(AVAILABILITY),
        "availability with errors": alice_client.post(AVAILABILITY, overlapping_rows()),
        "find a time": alice_client.get(find),
        "times found": alice_client.get(find, {"minutes": "60"}),
        "times found, partial": alice_client.get(find, {"minutes": "60"}, HTTP_HX_REQUEST="true"),
    }
    starts = slots_find(user=alice, partnership=pair).offered[:2]
    proposal_send(user=alice, partnership=pair, starts=starts)
    pages["my proposal"] = alice_client.get(find)
    pages["a proposal to answer"] = bob_client.get(find)
    Availability.objects.filter(user=bob).delete()
    pages["a partner without availability"] = alice_client.get(find, {"minutes": "60"})
    for name, page in pages.items():
        assert untranslated(main_of(page.content.decode()), allowed=DATA) == [], name


def test_a_german_member_reads_her_availability_and_its_problems_in_german(
    alice: Any, pair: Partnership
) -> None:
    speaks(alice, "de")
    page = signed_in(alice).post(AVAILABILITY, overlapping_rows()).content.decode()
    assert "Wann du normalerweise Zeit hast" in page
    assert "Das überschneidet sich mit Montag 09:00–12:00. Fass beide in einer Zeile zusammen." in (
        page
    )
    assert "Das Ende muss nach dem Beginn liegen." in page


def test_bob_reads_alices_proposal_in_spanish_in_his_own_zone(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    speaks(bob, "es")
    starts = slots_find(user=alice, partnership=pair).offered[:1]
    with translation.override("en"):
        proposal_send(user=alice, partnership=pair, starts=starts)
    page = signed_in(bob).get(f"/scheduling/partnerships/{pair.pk}/find-time/").content.decode()
    assert "Alice propone estos horarios (60 minutos)." in page
    assert f"Están en tu zona horaria, {NEW_YORK}." in page
    with translation.override("es"):
        spanish = _label(starts[0], NEW_YORK)  # "martes 4 de marzo, 10:00"
    assert " de " in spanish and spanish in page
