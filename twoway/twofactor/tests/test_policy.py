"""Who must use a second factor: staff always, everyone when MFA_REQUIRED is on. Sam is staff
without a factor, so every page sends him to set one up (the API says so in its error shape) until
he has one; Alice is a member and is left alone unless the site requires it; Priya is staff who
must keep at least one factor."""

from __future__ import annotations

import html
from typing import Any

from django.test import Client, RequestFactory

from twoway.accounts.models import ApiToken
from twoway.twofactor import policy
from twoway.twofactor.tests.helpers import (
    STAFF_TOTP_SECRET,
    give_totp,
    has_factor_of,
    password_step,
    sign_in,
    totp_code,
)

SET_UP = "/auth/2fa/"


def test_sam_is_sent_to_set_up_a_factor_from_every_page(client: Client, sam: Any) -> None:
    assert password_step(client, sam)["Location"] == "/"
    for path in ("/", "/accounts/settings/", "/admin/", "/staff/audit/", "/messages/"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, SET_UP), path

    page = html.unescape(client.get(SET_UP).content.decode())
    assert "Your account needs two-factor sign-in because you are staff" in page
    assert client.get("/auth/2fa/totp/activate/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_the_api_refuses_sams_session_in_its_error_shape(client: Client, sam: Any) -> None:
    password_step(client, sam)
    response = client.get("/api/me")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "forbidden" and "two-factor sign-in" in error["message"]


def test_an_htmx_fragment_gets_a_bare_refusal_not_the_set_up_page(client: Client, sam: Any) -> None:
    password_step(client, sam)
    response = client.get("/notifications/bell/", headers={"HX-Request": "true"})
    assert (response.status_code, response.content) == (403, b"")


def test_a_personal_token_is_left_to_the_token(client: Client, sam: Any) -> None:
    _, secret = ApiToken.objects.issue(user=sam, name="report script")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200


def test_sam_signing_out_is_never_blocked(client: Client, sam: Any) -> None:
    password_step(client, sam)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 200


def test_once_sam_has_a_factor_every_page_opens(client: Client, sam: Any) -> None:
    password_step(client, sam)
    assert client.get("/staff/audit/").status_code == 302
    give_totp(sam)
    assert client.get("/staff/audit/").status_code == 200
    assert client.session[policy.HAS_FACTOR_SESSION_KEY] is True


def test_alice_is_free_to_go_without_unless_the_site_requires_it(
    client: Client, alice: Any, settings: Any
) -> None:
    password_step(client, alice)
    assert client.get("/accounts/settings/").status_code == 200
    settings.MFA_REQUIRED = True
    assert client.get("/accounts/settings/")["Location"] == SET_UP


def test_checking_a_member_the_policy_does_not_cover_costs_no_query(
    alice: Any, django_assert_num_queries: Any
) -> None:
    request = RequestFactory().get("/")
    request.user = alice
    request.session = {}  # type: ignore[assignment]
    with django_assert_num_queries(0):
        assert policy.must_set_up(request) is False


def test_priya_cannot_turn_off_her_only_factor(client: Client, priya_staff: Any) -> None:
    sign_in(client, priya_staff)
    page = html.unescape(client.get("/auth/2fa/totp/deactivate/").content.decode())
    assert "this is your last way to give a second factor" in page
    client.post("/auth/2fa/totp/deactivate/")
    assert has_factor_of(priya_staff, "totp")


def test_alice_may_turn_off_hers_when_nothing_requires_it(client: Client, alice: Any) -> None:
    give_totp(alice)
    sign_in(client, alice)
    assert client.post("/auth/2fa/totp/deactivate/")["Location"] == SET_UP
    assert not has_factor_of(alice, "totp")
    assert not has_factor_of(alice, "recovery_codes")


def test_an_unverified_address_cannot_be_given_a_factor(client: Client, make_user: Any) -> None:
    dana = make_user("dana@example.com", verified=False)
    password_step(client, dana)
    page = html.unescape(client.get(SET_UP).content.decode())
    assert "Verify your email address first" in page
    assert "/auth/2fa/totp/activate/" not in page

    client.get("/auth/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    response = client.post("/auth/2fa/totp/activate/", {"code": totp_code(secret)})
    assert "Verify your email address first" in html.unescape(response.content.decode())
    assert not has_factor_of(dana, "totp")


def test_a_verified_member_sets_up_an_app_with_a_code_from_it(client: Client, alice: Any) -> None:
    password_step(client, alice)
    client.get("/auth/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    assert secret != STAFF_TOTP_SECRET
    response = client.post("/auth/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response["Location"] == "/auth/2fa/recovery-codes/"
    assert has_factor_of(alice, "totp") and has_factor_of(alice, "recovery_codes")
