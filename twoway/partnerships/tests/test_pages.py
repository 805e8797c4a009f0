"""The pages render for the two partners and walk the journey with plain form posts."""

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from twoway.core.times import when_for
from twoway.partnerships.models import Goal, LearningEntry, Partnership, Request, Session
from twoway.partnerships.requests import request_create
from twoway.partnerships.tests.helpers import login, partner, swap_profiles


@pytest.fixture
def partnership(alice: Any, bob: Any) -> Partnership:
    swap_profiles(alice, bob)
    return partner(alice, bob)


def test_suggestions_show_the_match_and_the_two_way_explanation(
    client: Client, alice: Any, bob: Any
) -> None:
    swap_profiles(alice, bob)
    page = login(client, alice).get("/suggestions/").content.decode()
    assert "You can teach Bob SQL (you: proficient, Bob wants it: high)" in page
    assert "Bob can teach you Figma (Bob: expert, you want it: high)" in page
    assert "% match" in page


def test_an_incomplete_profile_is_asked_to_finish_first(client: Client, charlie: Any) -> None:
    page = login(client, charlie).get("/suggestions/").content.decode()
    assert "Finish your profile to see suggestions" in page


def test_asking_through_the_form_sends_a_request(client: Client, alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    login(client, alice)
    form = client.get("/partnerships/ask/bob/").content.decode()
    assert "Skills I&#x27;d like to learn from you" in form and "Figma" in form
    response = client.post(
        "/partnerships/ask/bob/",
        {"message": "Hi Bob", "learn_skills": ["figma"], "teach_skills": ["sql"]},
    )
    request = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert [s.name for s in request.learn_skills.all()] == ["Figma"]


def test_a_refused_request_shows_the_reason_on_the_form(
    client: Client, alice: Any, bob: Any
) -> None:
    swap_profiles(alice, bob)
    request_create(sender=bob, receiver=alice, message="Hi Alice")
    response = login(client, alice).post("/partnerships/ask/bob/", {"message": "Hi"}, follow=True)
    assert "already an open request" in response.content.decode()
    assert Request.objects.count() == 1


def test_the_receiver_accepts_with_htmx_and_is_sent_to_the_partnership(
    client: Client, alice: Any, bob: Any
) -> None:
    swap_profiles(alice, bob)
    request = request_create(sender=alice, receiver=bob, message="Hi Bob")
    login(client, bob)
    assert "Accept" in client.get(request.get_absolute_url()).content.decode()
    response = client.post(f"/partnerships/requests/{request.pk}/accept/", HTTP_HX_REQUEST="true")
    partnership = Partnership.objects.get()
    assert response["HX-Redirect"] == partnership.get_absolute_url()


def test_the_partnership_page_shows_both_directions(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    login(client, alice)
    url = partnership.get_absolute_url()
    client.post(f"{url}goals/", {"text": "Design a landing page", "skill": "Figma"})
    day = (date.today() + timedelta(days=7)).isoformat()
    client.post(
        f"{url}sessions/",
        {
            "day": day,
            "at": "10:00",
            "tz": "Europe/Paris",
            "duration_minutes": "60",
            "agenda": "Intro",
        },
    )
    client.post(f"{url}learning/", {"kind": "learned", "text": "Auto layout", "skills": ["figma"]})
    page = client.get(url).content.decode()
    assert "What I want to learn from Bob" in page and "Design a landing page" in page
    assert "What Bob wants to learn from me" in page
    assert "Add to calendar (.ics)" in page
    # The house format, in the reader's zone (docs/reading.md), with the session's length.
    starts = when_for(Session.objects.get().starts_at, alice)
    assert f'>{starts}</time> <span class="small muted">(60 min)</span>' in page
    assert "So far learning flows only from Bob to Alice" in page
    assert Goal.objects.count() == Session.objects.count() == LearningEntry.objects.count() == 1


def test_htmx_adds_an_agenda_item_and_returns_the_agenda(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    login(client, bob)
    day = (date.today() + timedelta(days=7)).isoformat()
    client.post(
        f"{partnership.get_absolute_url()}sessions/",
        {"day": day, "at": "10:00", "tz": "UTC", "duration_minutes": "30"},
    )
    session = Session.objects.get()
    response = client.post(
        f"/partnerships/sessions/{session.pk}/agenda/",
        {"text": "Window functions"},
        HTTP_HX_REQUEST="true",
    )
    assert 'id="agenda-' in response.content.decode()
    assert "Window functions" in response.content.decode()


def test_ending_then_feedback_and_levels_through_the_pages(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    login(client, alice)
    url = partnership.get_absolute_url()
    client.post(f"{url}goals/", {"text": "Prototype a form", "skill": "Figma"})
    assert client.get(f"{url}end/").status_code == 200
    client.post(f"{url}end/", {"early": "0", "reason": ""})
    page = client.get(url).content.decode()
    assert "Update your skill levels" in page and "Send feedback" in page
    client.post(f"{url}feedback/", {"rating": "5", "text": "Lovely"})
    client.post(f"{url}levels/", {"level_figma": "2"})
    partnership.refresh_from_db()
    assert partnership.status == "completed"
    assert partnership.feedback.get().rating == 5
    assert alice.level_changes.get().new == 2


def test_a_skill_alice_only_learned_says_a_level_adds_it_to_what_she_teaches(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    login(client, alice)
    url = partnership.get_absolute_url()
    client.post(f"{url}goals/", {"text": "Prototype a form", "skill": "Figma"})
    client.post(f"{url}end/", {"early": "0", "reason": ""})
    page = client.get(url).content.decode()
    # Figma is only in what Alice learns: the field says what choosing a level does.
    assert "Figma: add to what I teach" in page
    assert "keep it only in what I learn" in page
    assert "Choosing a level adds it to your Can teach list." in page
    # SQL, which she teaches, keeps a plain level field with the level words.
    assert "SQL level" in page and "5 · expert" in page
    response = client.post(f"{url}levels/", {"level_figma": "2"}, follow=True)
    assert "Added to what you can teach: Figma." in response.content.decode()
    assert alice.profile.teaches.filter(skill__name="Figma", level=2).exists()


def test_leaving_a_learned_skill_at_no_level_keeps_it_out_of_what_alice_teaches(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    login(client, alice)
    url = partnership.get_absolute_url()
    client.post(f"{url}goals/", {"text": "Prototype a form", "skill": "Figma"})
    client.post(f"{url}end/", {"early": "0", "reason": ""})
    response = client.post(f"{url}levels/", {"level_figma": "0"}, follow=True)
    assert "Skill levels saved (0 changes)." in response.content.decode()
    assert not alice.profile.teaches.filter(skill__name="Figma").exists()


def test_the_schedule_form_offers_a_new_video_room_as_the_default_link(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    login(client, alice)
    first = client.get(partnership.get_absolute_url()).content.decode()
    second = client.get(partnership.get_absolute_url()).content.decode()
    rooms = [
        re.search(r'value="(https://meet\.jit\.si/Twoway-[\w-]{24})"', page)
        for page in (first, second)
    ]
    assert rooms[0] and rooms[1]
    assert rooms[0].group(1) != rooms[1].group(1)  # a room nobody else has
