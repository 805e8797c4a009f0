"""The account pages, emails and API messages go through the catalogues (docs/i18n.md).

In the pseudo-locale every translated word is accented and bracketed, so any plain word left on
a page, or in an email, that is not the test's own data skipped the translation machinery. In
German, a member reads real sentences, and gets their account emails in German whoever asked.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils.translation import override

from twoway.accounts import services
from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.people.services import profile_ensure

pytestmark = pytest.mark.django_db

# The test's data: names, addresses, and the words Django's own catalogues (not ours) supply.
DATA = ["Alice", "alice@example.com", "new.member@example.com", "now", "Español", "Français"]
URL = re.compile(r"https?://\S+")


def _speaks(user: Any, language: str) -> Any:
    profile = profile_ensure(user=user)
    profile.interface_language = language
    profile.save()
    return user


def _visitor_page(client: Client, url: str, **extra: Any) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=PSEUDO, **extra)
    assert response.status_code in (200, 400), url
    return str(response.content.decode())


def _djangos_own_words() -> list[str]:
    """What Django's own catalogues say on the password change page (its field labels and the
    password rules), which the pseudo-locale does not cover."""
    from django.contrib.auth.forms import PasswordChangeForm
    from django.contrib.auth.password_validation import password_validators_help_texts

    with override("en"):
        fields = PasswordChangeForm(user=None).fields.values()
        return [*(str(f.label) for f in fields), *password_validators_help_texts()]


def _email_words_left(message: Any) -> list[str]:
    text = URL.sub(" ", f"{message.subject}\n{message.body}")
    return untranslated(text, allowed=DATA)


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/sent/",
        "/accounts/password/reset/done/",
        "/accounts/password/reset/MQ/bad-token/",
        "/accounts/verify/not-a-token/",
    ],
)
def test_every_page_a_visitor_sees_is_translated_top_bar_and_footer_included(
    client: Client, pseudo_locale: str, url: str
) -> None:
    page = _visitor_page(client, url)
    assert untranslated(page, allowed=DATA) == []


def test_the_page_after_signing_up_and_its_email_are_translated(
    client: Client, pseudo_locale: str
) -> None:
    form = {
        "email": "new.member@example.com",
        "display_name": "Alice",
        "password": "a long and unusual passphrase",
        "password_again": "a long and unusual passphrase",
    }
    page = client.post("/accounts/signup/", form, HTTP_ACCEPT_LANGUAGE=PSEUDO)
    assert untranslated(main_of(page.content.decode()), allowed=DATA) == []
    # Nobody has chosen a language yet: the email speaks the site's language (English).
    assert "Confirm your email" in mail.outbox[0].subject


def test_the_form_errors_of_the_sign_up_page_are_translated(
    client: Client, pseudo_locale: str, alice: Any
) -> None:
    form = {"email": "alice@example.com", "display_name": "Alice", "password": "x"}
    form["password_again"] = "y"
    page = client.post("/accounts/signup/", form, HTTP_ACCEPT_LANGUAGE=PSEUDO).content.decode()
    errors = re.findall(r'<p class="error"[^>]*>(.*?)</p>', page)
    assert errors and any("⟦" in error for error in errors)
    wrong = client.post(
        "/accounts/login/",
        {"username": "alice@example.com", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE=PSEUDO,
    )
    assert untranslated(main_of(wrong.content.decode()), allowed=DATA) == []


@pytest.mark.parametrize(
    "url", ["/accounts/settings/", "/accounts/password/change/", "/accounts/verify/not-a-token/"]
)
def test_every_page_alice_sees_is_translated(
    client: Client, pseudo_locale: str, alice: Any, url: str
) -> None:
    client.force_login(_speaks(alice, pseudo_locale))
    page = client.get(url).content.decode()
    assert untranslated(main_of(page), allowed=[*DATA, *_djangos_own_words()]) == []


def test_the_tokens_partial_and_the_unverified_banner_are_translated(
    client: Client, pseudo_locale: str, make_user: Any
) -> None:
    alice = _speaks(make_user("alice@example.com", first_name="Alice", verified=False), PSEUDO)
    client.force_login(alice)
    created = client.post("/accounts/settings/tokens/", {"name": "laptop"}, HTTP_HX_REQUEST="true")
    assert untranslated(created.content.decode(), allowed=[*DATA, "laptop"]) == []
    settings_page = client.get("/accounts/settings/").content.decode()
    assert 'class="verify-banner' in settings_page
    assert untranslated(main_of(settings_page), allowed=[*DATA, "laptop"]) == []
    sent = client.post("/accounts/verify/resend/")
    assert untranslated(main_of(sent.content.decode()), allowed=DATA) == []


def test_every_account_email_is_translated(client: Client, pseudo_locale: str, alice: Any) -> None:
    _speaks(alice, pseudo_locale)
    services.email_verification_send(user=alice)
    client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    services.user_signup_request(
        email="alice@example.com", password="a long and unusual passphrase", display_name="A"
    )
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert _email_words_left(message) == [], message.subject


def test_a_member_whose_language_is_german_gets_german_account_emails(
    client: Client, alice: Any
) -> None:
    _speaks(alice, "de")
    with override("en"):
        services.email_verification_send(user=alice)
        client.post("/accounts/password/reset/", {"email": "alice@example.com"})
        services.user_signup_request(
            email="alice@example.com", password="a long and unusual passphrase", display_name="A"
        )
    verify, reset, exists = mail.outbox
    assert verify.subject == "Bestätige deine E-Mail-Adresse für Twoway"
    assert "Willkommen bei Twoway." in verify.body and "Der Link gilt 3 Tage." in verify.body
    assert reset.subject == "Setze dein Passwort für Twoway zurück"
    assert "Hallo Alice," in reset.body and "Dein Passwort bleibt, wie es ist." in reset.body
    assert exists.subject == "Jemand wollte sich mit deiner E-Mail-Adresse bei Twoway registrieren"
    assert "Du hast schon ein Konto" in exists.body


def test_alice_reads_her_settings_in_german(client: Client, alice: Any) -> None:
    client.force_login(_speaks(alice, "de"))
    page = client.get("/accounts/settings/").content.decode()
    assert '<h2 id="tokens-title">Persönliche API-Tokens</h2>' in page
    assert "Wo du angemeldet bist" in page and "Überall sonst abmelden" in page


def test_a_visitor_whose_browser_asks_for_french_logs_in_in_french(client: Client) -> None:
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Bon retour parmi nous. Utilisez l'adresse e-mail de votre inscription." in page
    assert "Mot de passe oublié ?" in page


def test_an_api_token_speaks_its_members_chosen_language_with_an_english_code(
    client: Client, alice: Any
) -> None:
    _speaks(alice, "de")
    _, secret = services.token_create(user=alice, name="script")
    answer = client.delete(
        "/api/tokens/999999", HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert answer.status_code == 404
    assert answer.json()["error"] == {
        "code": "not_found",
        "message": "Kein Token mit dieser ID.",
        "fields": [],
    }


def test_without_a_choice_an_api_token_gets_the_browsers_language(
    client: Client, alice: Any
) -> None:
    _speaks(alice, "")
    _, secret = services.token_create(user=alice, name="script")
    answer = client.delete(
        "/api/tokens/999999", HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert answer.json()["error"]["message"] == "No hay ningún token con este id."
    assert answer.json()["error"]["code"] == "not_found"
