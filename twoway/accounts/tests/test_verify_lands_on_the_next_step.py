"""The email link lands each member where they left off: a member who already finished onboarding
goes home, not back to step 1; one who stopped half-way goes to the step still to do."""

from __future__ import annotations

from typing import Any

from django.test import Client

from twoway.accounts import services
from twoway.accounts.tests.helpers import link_path_in_last_email
from twoway.people.services import profile_ensure, profile_update
from twoway.people.tests.helpers import make_complete


def verify(client: Client, user: Any) -> str:
    """Send Sam's link and follow it; the path the member ends on."""
    services.email_verification_send(user=user)
    response = client.get(link_path_in_last_email(), follow=True)
    assert response.status_code == 200
    return str(response.redirect_chain[-1][0])


def test_a_member_who_finished_onboarding_lands_home(client: Client, make_user: Any) -> None:
    sam = make_user("sam@example.com", verified=False, first_name="Sam")
    make_complete(sam)
    assert verify(client, sam) == "/"


def test_a_new_member_starts_onboarding_at_step_one(client: Client, make_user: Any) -> None:
    sam = make_user("sam@example.com", verified=False, first_name="Sam")
    assert verify(client, sam) == "/onboarding/"


def test_a_member_who_stopped_after_the_basics_lands_on_the_teach_step(
    client: Client, make_user: Any
) -> None:
    sam = make_user("sam@example.com", verified=False, first_name="Sam")
    profile_update(profile=profile_ensure(user=sam), languages="English")
    assert verify(client, sam) == "/onboarding/teach/"
