from typing import Any

from django.core import mail
from django.test import Client

from twoway.accounts.models import LoginFailure
from twoway.accounts.tests.helpers import link_path_in_last_email

NEW = "a brand new passphrase 42"


def _reset(client: Client, email: str) -> None:
    response = client.post("/accounts/password/reset/", {"email": email}, follow=True)
    assert "If an account uses that address" in response.content.decode()


def _choose_new_password(client: Client) -> Any:
    # Django first redirects the emailed link to a token-free URL, then shows the form there.
    form_page = client.get(link_path_in_last_email(), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    url = form_page.redirect_chain[-1][0]
    return client.post(url, {"new_password1": NEW, "new_password2": NEW}, follow=True)


def test_a_member_resets_their_password_by_email(client: Client, alice: Any) -> None:
    _reset(client, "Alice@Example.com")
    assert mail.outbox[-1].to == ["alice@example.com"]
    assert mail.outbox[-1].subject == "Reset your Twoway password"
    done = _choose_new_password(client)
    assert "Your password is changed" in done.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    login = client.post("/accounts/login/", {"username": "alice@example.com", "password": NEW})
    assert login.status_code == 302


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client: Client, db: None) -> None:
    _reset(client, "nobody@example.com")
    assert mail.outbox == []


def test_a_used_reset_link_stops_working(client: Client, alice: Any) -> None:
    _reset(client, "alice@example.com")
    path = link_path_in_last_email()
    _choose_new_password(client)
    again = Client().get(path, follow=True)
    assert "This link doesn" in again.content.decode()


def test_resetting_the_password_lifts_a_login_lock(client: Client, alice: Any) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"username": "alice@example.com", "password": "wrong"})
    assert LoginFailure.objects.count() == 5
    _reset(client, "alice@example.com")
    _choose_new_password(client)
    response = client.post("/accounts/login/", {"username": "alice@example.com", "password": NEW})
    assert response.status_code == 302
