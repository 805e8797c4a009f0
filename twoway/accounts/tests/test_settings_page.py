from typing import Any

from django.test import Client

from conftest import PASSWORD

NEW = "a brand new passphrase 42"


def test_a_member_changes_their_display_name(client: Client, alice: Any) -> None:
    client.force_login(alice)
    response = client.post("/accounts/settings/", {"first_name": "  Ali  "})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.first_name == "Ali"


def test_a_blank_display_name_is_refused(client: Client, alice: Any) -> None:
    client.force_login(alice)
    response = client.post("/accounts/settings/", {"first_name": "   "})
    assert response.status_code == 200
    assert "Enter the name other members should see" in response.content.decode()
    alice.refresh_from_db()
    assert alice.first_name == "Alice"


def test_a_member_changes_their_password_and_stays_logged_in(client: Client, alice: Any) -> None:
    client.force_login(alice)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == "/accounts/settings/"
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    assert client.get("/accounts/settings/").status_code == 200


def test_changing_the_password_needs_the_old_one(client: Client, alice: Any) -> None:
    client.force_login(alice)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": "not it", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_page_shows_whether_the_email_is_verified(client: Client, make_user: Any) -> None:
    sam = make_user("sam@example.com", verified=False)
    client.force_login(sam)
    page = client.get("/accounts/settings/").content.decode()
    assert "not verified yet" in page
    assert "Send the verification link again" in page
