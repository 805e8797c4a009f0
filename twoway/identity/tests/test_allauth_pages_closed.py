"""django-allauth's own account pages send people to Twoway's, so no password is checked outside
our sign-in limits; the provider pages and the second factor's pages stay open."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD

CLOSED = [
    ("/auth/login/", "/accounts/login/"),
    ("/auth/login/code/confirm/", "/accounts/login/"),
    ("/auth/signup/", "/accounts/signup/"),
    ("/auth/email/", "/accounts/settings/"),
    ("/auth/confirm-email/", "/accounts/settings/"),
    ("/auth/confirm-email/abc:def/", "/accounts/settings/"),
    ("/auth/password/change/", "/accounts/password/change/"),
    ("/auth/password/set/", "/accounts/settings/"),
    ("/auth/password/reset/", "/accounts/password/reset/"),
    ("/auth/password/reset/done/", "/accounts/password/reset/"),
    ("/auth/password/reset/key/1-set-password/", "/accounts/password/reset/"),
    ("/auth/password/reset/key/done/", "/accounts/password/reset/"),
    ("/auth/3rdparty/signup/", "/accounts/login/"),
    ("/auth/social/signup/", "/accounts/login/"),
]


@pytest.mark.parametrize(("path", "ours"), CLOSED)
def test_each_allauth_account_page_redirects_to_ours(
    client: Client, db: None, path: str, ours: str
) -> None:
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == ours


def test_charlie_posting_a_password_to_allauths_login_is_not_signed_in(
    client: Client, alice: Any
) -> None:
    response = client.post("/auth/login/", {"login": alice.email, "password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_the_next_page_survives_the_redirect_to_our_sign_in(client: Client, db: None) -> None:
    response = client.get("/auth/login/?next=/programs/")

    assert response["Location"] == "/accounts/login/?next=%2Fprograms%2F"


def test_the_second_factor_pages_and_connections_stay_open_for_alice(
    client: Client, alice: Any
) -> None:
    client.force_login(alice)

    assert client.get("/auth/2fa/").status_code == 200
    connections = client.get("/auth/3rdparty/")
    assert connections.status_code == 200
    assert b"Organisation sign-in" in connections.content
