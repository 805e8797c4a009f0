"""The pages: Alice sets when she is free, finds times with Bob and proposes them; Bob sees them
on his own clock and picks one. The partnership page's fragment needs only the partnership."""

from __future__ import annotations

import re
import zoneinfo
from datetime import time
from typing import Any

from django.template.loader import render_to_string
from django.test import Client

from twoway.partnerships.models import Partnership, Session
from twoway.scheduling.models import Availability, Proposal
from twoway.scheduling.services import availability_of, slots_find
from twoway.scheduling.slots import Window

from .helpers import BERLIN, NEW_YORK, signed_in

AVAILABILITY = "/scheduling/availability/"


def rows(*windows: tuple[str, str, str], delete: tuple[int, ...] = ()) -> dict[str, str]:
    """The availability form's POST: one row per (weekday, from, to)."""
    data = {"form-TOTAL_FORMS": str(len(windows)), "form-INITIAL_FORMS": "0"}
    for i, (day, start, end) in enumerate(windows):
        data |= {f"form-{i}-weekday": day, f"form-{i}-start": start, f"form-{i}-end": end}
        if i in delete:
            data[f"form-{i}-DELETE"] = "on"
    return data


def field_error(html: str, name: str) -> str:
    """The error shown beside the field ``name`` (``form-1-start``), or ""."""
    found = re.search(rf'<p class="error" id="id_{name}_error">([^<]*)</p>', html)
    return found.group(1) if found else ""


def test_the_settings_page_links_to_the_availability_page(alice: Any) -> None:
    page = signed_in(alice).get("/accounts/settings/").content.decode()
    assert f'href="{AVAILABILITY}"' in page


def test_alice_saves_two_windows_in_her_own_zone(alice: Any, pair: Partnership) -> None:
    Availability.objects.filter(user=alice).delete()
    client = signed_in(alice)
    assert BERLIN in client.get(AVAILABILITY).content.decode()
    response = client.post(
        AVAILABILITY, rows(("0", "09:00", "12:00"), ("2", "18:00", "20:30"), ("", "", ""))
    )
    assert response.status_code == 302
    assert availability_of(alice) == [
        Window(0, time(9), time(12)), Window(2, time(18), time(20, 30))
    ]  # fmt: skip
    page = client.get(AVAILABILITY).content.decode()
    assert 'value="20:30"' in page and page.count('name="form-') > 9


def test_an_overlap_is_shown_beside_the_row_that_overlaps(alice: Any) -> None:
    client = signed_in(alice)
    response = client.post(AVAILABILITY, rows(("0", "09:00", "12:00"), ("0", "11:00", "13:00")))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        field_error(html, "form-1-start")
        == "This overlaps Monday 09:00–12:00. Join them into one row."
    )
    assert field_error(html, "form-0-start") == ""
    assert 'value="11:00"' in html  # what was typed stays
    assert not Availability.objects.filter(user=alice).exists()


def test_an_end_before_the_start_is_shown_beside_the_end(alice: Any) -> None:
    html = signed_in(alice).post(AVAILABILITY, rows(("3", "14:00", "13:00"))).content.decode()
    assert field_error(html, "form-0-end") == "The end must be after the start."


def test_a_half_filled_row_asks_for_the_rest(alice: Any) -> None:
    html = signed_in(alice).post(AVAILABILITY, rows(("3", "14:00", ""))).content.decode()
    assert field_error(html, "form-0-end") == "This field is required."


def test_add_a_row_keeps_the_rows_and_saves_nothing(alice: Any) -> None:
    data = rows(("1", "08:00", "09:00")) | {"add_row": "1"}
    html = signed_in(alice).post(AVAILABILITY, data).content.decode()
    assert 'name="form-TOTAL_FORMS" value="2"' in html
    assert 'name="form-1-weekday"' in html and 'value="08:00"' in html
    assert not Availability.objects.filter(user=alice).exists()


def test_a_removed_row_is_dropped_even_when_it_overlaps(alice: Any) -> None:
    data = rows(("0", "09:00", "12:00"), ("0", "10:00", "11:00"), delete=(1,))
    assert signed_in(alice).post(AVAILABILITY, data).status_code == 302
    assert availability_of(alice) == [Window(0, time(9), time(12))]


def find_url(pair: Partnership) -> str:
    return f"/scheduling/partnerships/{pair.pk}/find-time/"


def test_alice_sees_times_on_her_clock_and_bobs_beside_them(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    client = signed_in(alice)
    page = client.get(find_url(pair)).content.decode()
    assert "Find times that suit us both" in page
    page = client.get(find_url(pair), {"minutes": "60"}).content.decode()
    first = slots_find(user=alice, partnership=pair).offered[0]
    berlin = first.astimezone(zoneinfo.ZoneInfo(BERLIN))
    assert f"{berlin:%A} {berlin.day} {berlin:%B, %H:%M}" in page
    assert f"{first.astimezone(zoneinfo.ZoneInfo(NEW_YORK)):%H:%M}" in page
    assert "for Bob" in page and f'value="{first.isoformat()}"' in page
    assert "Send these times to Bob" in page


def test_the_whole_exchange_through_the_pages(alice: Any, bob: Any, pair: Partnership) -> None:
    offered = slots_find(user=alice, partnership=pair).offered
    data = {"slots": [s.isoformat() for s in offered[:2]], "minutes": "60", "link": ""}
    response = signed_in(alice).post(f"/scheduling/partnerships/{pair.pk}/propose/", data)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    bobs = signed_in(bob)
    page = bobs.get(find_url(pair)).content.decode()
    new_york = offered[1].astimezone(zoneinfo.ZoneInfo(NEW_YORK))
    assert f"{new_york:%A} {new_york.day} {new_york:%B, %H:%M}" in page
    assert "Alice proposes these times" in page and "America/New_York" in page
    slot = proposal.slots.all()[1]
    response = bobs.post(f"/scheduling/proposals/{proposal.pk}/pick/", {"slot": str(slot.pk)})
    session = Session.objects.get()
    assert response["Location"] == f"/partnerships/{pair.pk}/#session-{session.pk}"
    assert session.starts_at == offered[1]
    detail = bobs.get(f"/partnerships/{pair.pk}/").content.decode()
    assert session.link in detail and session.link.startswith("https://meet.jit.si/Twoway-")


def test_a_time_no_longer_free_is_refused_beside_the_times(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    four_am_in_berlin = "2031-01-06T03:00:00+00:00"
    data = {"slots": [four_am_in_berlin], "minutes": "60", "link": ""}
    response = signed_in(alice).post(f"/scheduling/partnerships/{pair.pk}/propose/", data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Monday 06 January, 04:00 (Europe/Berlin) is not free for you both any more." in html
    assert "Send these times to Bob" in html  # the times found now, to choose again
    assert not Proposal.objects.exists()


def test_an_error_shows_even_when_no_times_are_left(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    Availability.objects.filter(user=bob).delete()
    data = {"slots": ["2031-01-06T15:00:00+00:00"], "minutes": "60", "link": ""}
    response = signed_in(alice).post(f"/scheduling/partnerships/{pair.pk}/propose/", data)
    assert "is not free for you both any more" in response.content.decode()


def test_without_bobs_availability_alice_is_told_why_and_where_to_go(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    Availability.objects.filter(user=bob).delete()
    page = signed_in(alice).get(find_url(pair), {"minutes": "60"}).content.decode()
    assert "Bob hasn't set the times they're usually free yet" in page
    assert f'href="{AVAILABILITY}"' in page


def test_the_page_inside_the_partnership_page_comes_as_a_fragment(
    alice: Any, pair: Partnership
) -> None:
    response = signed_in(alice).get(
        find_url(pair),
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://testserver/partnerships/{pair.pk}/",
        },
    )
    html = response.content.decode()
    assert "<html" not in html and 'id="find-time"' in html
    page = signed_in(alice).get(find_url(pair), {"minutes": "60"}, headers={
        "HX-Request": "true", "HX-Current-URL": f"http://testserver/partnerships/{pair.pk}/"
    }).content.decode()  # fmt: skip
    assert f'name="next" value="/partnerships/{pair.pk}/#find-time"' in page


def test_the_fragment_on_the_partnership_page_needs_only_the_partnership(
    pair: Partnership,
) -> None:
    html = render_to_string("scheduling/_find_time_slot.html", {"partnership": pair})
    assert f'hx-get="{find_url(pair)}"' in html and 'hx-trigger="load"' in html
    assert f'href="{find_url(pair)}"' in html


def test_nobody_signed_out_reaches_the_pages(client: Client, pair: Partnership) -> None:
    for url in (AVAILABILITY, find_url(pair)):
        assert client.get(url)["Location"].startswith("/accounts/login/")
