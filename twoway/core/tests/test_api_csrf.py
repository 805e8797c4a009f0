from typing import Any

from django.test import Client


def test_a_session_write_without_the_csrf_token_is_refused(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.patch("/api/me", {"headline": "forged"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    alice.profile.refresh_from_db()
    assert alice.profile.headline != "forged"


def test_a_session_write_with_the_csrf_token_goes_through(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get("/accounts/settings/")
    token = client.cookies["csrftoken"].value
    response = client.patch(
        "/api/me",
        {"headline": "real"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
