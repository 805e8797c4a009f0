"""The two-factor pages go through the catalogues (docs/i18n.md): in the pseudo-locale no plain
word is left on them but the test's own data; in German Alice reads real sentences."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.people.services import profile_ensure
from twoway.twofactor.tests.helpers import AUTHENTICATE, give_totp, password_step, sign_in

pytestmark = pytest.mark.django_db

# The test's data, and the few words allauth's own catalogue supplies (not ours to translate).
DATA = ["Alice", "alice@example.com", "Use your password", "Use an authenticator app"]


def _speaks(user: Any, language: str) -> Any:
    profile = profile_ensure(user=user)
    profile.interface_language = language
    profile.save()
    return user


def _words_left(client: Client, url: str, **extra: Any) -> list[str]:
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return untranslated(main_of(response.content.decode()), allowed=DATA)


@pytest.mark.parametrize(
    "url",
    ["/accounts/settings/", "/auth/2fa/", "/auth/2fa/totp/activate/", "/auth/2fa/webauthn/add/"],
)
def test_every_page_to_set_up_a_second_factor_is_translated(
    client: Client, pseudo_locale: str, alice: Any, url: str
) -> None:
    password_step(client, _speaks(alice, pseudo_locale))
    assert _words_left(client, url) == []


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/settings/",
        "/auth/2fa/",
        "/auth/2fa/recovery-codes/",
        "/auth/2fa/recovery-codes/generate/",
        "/auth/2fa/totp/deactivate/",
        "/auth/2fa/webauthn/",
        "/auth/reauthenticate/",
        "/auth/2fa/reauthenticate/",
    ],
)
def test_every_page_to_manage_a_second_factor_is_translated(
    client: Client, pseudo_locale: str, alice: Any, url: str
) -> None:
    give_totp(_speaks(alice, pseudo_locale))
    sign_in(client, alice)
    assert _words_left(client, url) == []


def test_the_second_step_of_signing_in_is_translated(
    client: Client, pseudo_locale: str, alice: Any
) -> None:
    give_totp(alice)
    password_step(client, alice)
    assert _words_left(client, AUTHENTICATE, HTTP_ACCEPT_LANGUAGE=PSEUDO) == []
    wrong = client.post(AUTHENTICATE, {"code": "000000"}, HTTP_ACCEPT_LANGUAGE=PSEUDO)
    assert untranslated(main_of(wrong.content.decode()), allowed=DATA) == []


def test_alice_sets_up_two_factor_sign_in_in_german(client: Client, alice: Any) -> None:
    password_step(client, _speaks(alice, "de"))
    page = client.get("/auth/2fa/").content.decode()
    assert "<h1>Anmeldung mit zweitem Faktor</h1>" in page
    assert (
        "Nicht eingerichtet. Jede App, die 6-stellige Codes (TOTP) anzeigt, funktioniert." in page
    )


def test_a_wrong_code_is_refused_in_spanish(client: Client, alice: Any) -> None:
    give_totp(alice)
    password_step(client, alice)
    page = client.post(AUTHENTICATE, {"code": "000000"}, HTTP_ACCEPT_LANGUAGE="es")
    assert "Ese código no ha funcionado." in page.content.decode()
