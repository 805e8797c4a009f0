from typing import Any

from django.test import Client

from conftest import PASSWORD


def test_a_member_logs_in_with_email_and_password(client: Client, alice: Any) -> None:
    response = client.post(
        "/accounts/login/", {"username": "alice@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_the_email_is_not_case_sensitive(client: Client, alice: Any) -> None:
    client.post("/accounts/login/", {"username": "Alice@Example.COM", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_wrong_password_is_refused_with_a_clear_message(client: Client, alice: Any) -> None:
    response = client.post(
        "/accounts/login/", {"username": "alice@example.com", "password": "nope"}
    )
    assert response.status_code == 200
    assert "That email and password don" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_follows_a_local_next_link(client: Client, alice: Any) -> None:
    response = client.post(
        "/accounts/login/?next=/accounts/settings/",
        {"username": "alice@example.com", "password": PASSWORD, "next": "/accounts/settings/"},
    )
    assert response["Location"] == "/accounts/settings/"


def test_it_ignores_a_next_link_to_another_site(client: Client, alice: Any) -> None:
    response = client.post(
        "/accounts/login/",
        {"username": "alice@example.com", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_log_out_needs_a_post(client: Client, alice: Any) -> None:
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_settings_page_asks_a_stranger_to_log_in(client: Client, db: None) -> None:
    response = client.get("/accounts/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_login_page_names_the_product_not_the_host(client: Client, db: None) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert "<title>Log in · Twoway</title>" in page
