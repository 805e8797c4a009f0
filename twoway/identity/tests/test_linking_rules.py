"""Who a provider's sign-in may open: the rules of identity.services, fed allauth's own
SocialLogin built from the claims a provider sends (the full round trips through real providers
are in test_sign_in_through_oidc.py and test_sign_in_through_saml.py)."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from twoway.accounts.models import ApiToken, User
from twoway.audit.models import AuditEvent
from twoway.identity import services


def _request() -> HttpRequest:
    request = RequestFactory().get("/auth/oidc/acme/login/callback/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    request.session.save()
    return request


@pytest.fixture
def acme(settings: Any) -> dict[str, Any]:
    """Acme ID's app settings (the server is never contacted here)."""
    app_settings: dict[str, Any] = {"server_url": "https://id.acme.example"}
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [{"provider_id": "acme", "name": "Acme ID", "client_id": "c",
                      "secret": "s", "settings": app_settings}]
        }
    }  # fmt: skip
    return app_settings


def login_from(request: HttpRequest, **claims: Any) -> SocialLogin:
    """allauth's SocialLogin for these OIDC claims, looked up as allauth does first."""
    provider = get_adapter(request).get_provider(request, "acme")
    sociallogin = provider.sociallogin_from_response(request, {"userinfo": {"sub": "42", **claims}})
    sociallogin.lookup()
    return sociallogin


def test_an_email_verified_claim_of_false_as_text_is_refused(acme: Any, alice: Any) -> None:
    request = _request()
    sociallogin = login_from(request, email=alice.email, email_verified="false")

    with pytest.raises(services.SsoRefused, match="did not confirm that alice@example.com"):
        services.sso_login_check(request=request, sociallogin=sociallogin)
    assert not SocialAccount.objects.exists()


def test_a_sign_in_without_any_email_is_refused_saying_what_to_release(acme: Any, db: None) -> None:
    request = _request()

    with pytest.raises(services.SsoRefused, match="did not send us your email address"):
        services.sso_login_check(request=request, sociallogin=login_from(request))


def test_linking_bobs_unverified_account_ends_the_password_and_tokens_someone_set(
    acme: Any, make_user: Any
) -> None:
    bob = make_user("bob@example.com", verified=False)
    ApiToken.objects.issue(user=bob, name="laptop")
    request = _request()

    linked = services.sso_login_check(
        request=request,
        sociallogin=login_from(request, email="Bob@Example.com", email_verified=True),
    )

    assert linked == bob
    bob.refresh_from_db()
    assert bob.email_verified and not bob.has_usable_password()
    assert not ApiToken.objects.filter(user=bob, revoked_at__isnull=True).exists()
    assert SocialAccount.objects.get(uid="42").user == bob
    assert AuditEvent.objects.get(action="sso.link").detail["address_was_verified"] is False


def test_a_trusted_domain_setting_verifies_addresses_the_provider_does_not(
    acme: Any, alice: Any
) -> None:
    acme["verified_email"] = ["example.com"]
    request = _request()

    linked = services.sso_login_check(
        request=request, sociallogin=login_from(request, email=alice.email)
    )

    assert linked == alice


def test_a_provider_limited_to_some_domains_refuses_other_addresses(acme: Any, alice: Any) -> None:
    acme["email_domains"] = ["acme.example"]
    request = _request()
    sociallogin = login_from(request, email=alice.email, email_verified=True)

    with pytest.raises(services.SsoRefused, match="signs in addresses at acme.example only"):
        services.sso_login_check(request=request, sociallogin=sociallogin)


def test_an_identity_already_linked_signs_in_whatever_its_email_says_now(
    acme: Any, alice: Any
) -> None:
    SocialAccount.objects.create(user=alice, provider="acme", uid="42")
    request = _request()
    sociallogin = login_from(request, email="someone-else@example.com", email_verified=False)

    assert sociallogin.is_existing and sociallogin.user == alice
    assert services.sso_login_check(request=request, sociallogin=sociallogin) is None


def test_a_new_member_gets_a_profile_and_no_password(acme: Any, db: None) -> None:
    request = _request()
    sociallogin = login_from(
        request, email="dana@corp.example", email_verified=True, given_name="Dana"
    )

    assert services.sso_login_check(request=request, sociallogin=sociallogin) is None
    dana = services.sso_member_create(request=request, sociallogin=sociallogin)

    assert User.objects.get(email="dana@corp.example") == dana
    assert dana.profile.display_name == "Dana" and not dana.has_usable_password()
    assert sociallogin.state["next"] == "/onboarding/next/"
