"""Support staff can look up a pair's state in the admin, without its private content."""

from typing import Any

from django.test import Client

from twoway.partnerships.tests.helpers import login, partner, swap_profiles


def test_staff_see_requests_and_partnerships_but_not_their_content(
    client: Client, alice: Any, bob: Any, make_user: Any
) -> None:
    swap_profiles(alice, bob)
    partnership = partner(alice, bob)
    staff = make_user("priya@example.com", is_staff=True, is_superuser=True)
    login(client, staff)
    assert client.get("/admin/partnerships/request/").status_code == 200
    page = client.get(f"/admin/partnerships/partnership/{partnership.pk}/change/")
    assert page.status_code == 200
    assert "feed_token" not in page.content.decode()
    assert client.get("/admin/partnerships/goal/").status_code == 404
