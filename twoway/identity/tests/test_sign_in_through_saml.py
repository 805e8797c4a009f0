"""Signing in through a real SAML 2.0 identity provider (pysaml2 in its own process)."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from allauth.socialaccount.models import SocialAccount

from twoway.accounts.models import User
from twoway.audit.models import AuditEvent
from twoway.identity.tests.conftest import PROVIDER_PASSWORD
from twoway.identity.tests.driver import saml_sign_in

pytestmark = pytest.mark.usefixtures("sso_settings")


def test_dana_joins_through_globex_whose_addresses_twoway_trusts(
    live_server: Any, transactional_db: None
) -> None:
    _browser, page = saml_sign_in(live_server.url, "globex", "dana", PROVIDER_PASSWORD)

    assert page.status_code == 200
    assert "/onboarding/" in page.url
    dana = User.objects.get(email="dana@corp.example")
    assert dana.first_name == "Dana Diaz" and not dana.has_usable_password()
    account = SocialAccount.objects.get(user=dana)
    assert (account.provider, account.uid) == ("globex", "u-dana")
    sign_in = AuditEvent.objects.get(action="auth.sign_in", actor=dana)
    assert sign_in.detail["via"] == "/auth/saml/globex/acs/finish/"


def test_alice_is_linked_through_globex_by_her_email(
    live_server: Any, transactional_db: None, alice: Any
) -> None:
    browser, page = saml_sign_in(live_server.url, "globex", "alice", PROVIDER_PASSWORD)

    assert page.status_code == 200
    assert SocialAccount.objects.get(provider="globex").user == alice
    assert browser.get(f"{live_server.url}/accounts/settings/").url.endswith("/accounts/settings/")


def test_initech_is_refused_because_twoway_does_not_trust_its_addresses(
    live_server: Any, transactional_db: None, alice: Any
) -> None:
    _browser, page = saml_sign_in(live_server.url, "initech", "alice", PROVIDER_PASSWORD)

    assert page.status_code == 403
    assert "Initech did not confirm that alice@example.com is yours" in page.text
    assert not SocialAccount.objects.exists()


def test_twoway_publishes_each_saml_apps_metadata_for_it(
    live_server: Any, transactional_db: None
) -> None:
    metadata = requests.get(f"{live_server.url}/auth/saml/globex/metadata/", timeout=30)

    assert metadata.status_code == 200
    assert f'entityID="{live_server.url}/auth/saml/globex/metadata/"' in metadata.text
    assert f'Location="{live_server.url}/auth/saml/globex/acs/"' in metadata.text
