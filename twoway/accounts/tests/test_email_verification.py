import time
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from twoway.accounts import services
from twoway.accounts.models import User
from twoway.accounts.tests.helpers import link_path_in_last_email


def sign_up_as_sam(client: Client) -> None:
    password = "a long and unusual passphrase"
    client.post(
        "/accounts/signup/",
        {
            "email": "sam@example.com",
            "display_name": "Sam",
            "password": password,
            "password_again": password,
        },
    )


def test_the_link_verifies_the_email_and_logs_the_member_in(client: Client, make_user: Any) -> None:
    sam = make_user("sam@example.com", verified=False)
    services.email_verification_send(user=sam)
    response = client.get(link_path_in_last_email())
    assert response.status_code == 302
    assert response["Location"] == services.url_after_join()
    sam.refresh_from_db()
    assert sam.email_verified
    assert client.session["_auth_user_id"] == str(sam.pk)


def test_the_link_from_sign_up_verifies_the_email(client: Client, db: None) -> None:
    sign_up_as_sam(client)
    client.get(link_path_in_last_email())
    assert User.objects.get(email="sam@example.com").email_verified
    assert "Please verify your email" not in client.get("/").content.decode()


def test_a_used_link_does_not_log_anyone_in_again(client: Client, make_user: Any) -> None:
    sam = make_user("sam@example.com", verified=False)
    services.email_verification_send(user=sam)
    path = link_path_in_last_email()
    Client().get(path)
    response = client.get(path)
    assert response.status_code == 200
    assert "already verified" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_expired_link_is_refused_with_a_clear_page(
    client: Client, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sam = make_user("sam@example.com", verified=False)
    four_days_ago = time.time() - 4 * 24 * 3600
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: four_days_ago)
        services.email_verification_send(user=sam)
    response = client.get(link_path_in_last_email())
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    sam.refresh_from_db()
    assert not sam.email_verified


def test_a_tampered_link_is_refused_with_a_clear_page(client: Client, make_user: Any) -> None:
    sam = make_user("sam@example.com", verified=False)
    services.email_verification_send(user=sam)
    path = link_path_in_last_email()
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.get(tampered)
    assert response.status_code == 400
    assert "This link doesn" in response.content.decode()
    sam.refresh_from_db()
    assert not sam.email_verified


def test_a_link_for_an_old_address_no_longer_verifies(client: Client, make_user: Any) -> None:
    sam = make_user("sam@example.com", verified=False)
    services.email_verification_send(user=sam)
    User.objects.filter(pk=sam.pk).update(email="sam@elsewhere.example")
    assert client.get(link_path_in_last_email()).status_code == 400
    sam.refresh_from_db()
    assert not sam.email_verified


def test_a_member_can_ask_for_the_link_again(client: Client, make_user: Any) -> None:
    sam = make_user("sam@example.com", verified=False)
    client.force_login(sam)
    response = client.post("/accounts/verify/resend/")
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert mail.outbox[-1].to == ["sam@example.com"]
    client.get(link_path_in_last_email())
    sam.refresh_from_db()
    assert sam.email_verified


def test_a_verified_member_is_not_sent_another_link(client: Client, alice: Any) -> None:
    client.force_login(alice)
    client.post("/accounts/verify/resend/")
    assert mail.outbox == []


def test_asking_again_while_the_mail_server_is_down_says_so(
    client: Client, make_user: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    client.force_login(make_user("sam@example.com", verified=False))
    response = client.post("/accounts/verify/resend/", follow=True)
    assert "We couldn&#x27;t send the email just now" in response.content.decode()


def test_asking_again_within_a_minute_sends_nothing_and_says_when_to_retry(
    client: Client, make_user: Any
) -> None:
    sam = make_user("sam@example.com", verified=False)
    client.force_login(sam)
    client.post("/accounts/verify/resend/")
    assert len(mail.outbox) == 1
    response = client.post("/accounts/verify/resend/", follow=True)
    assert len(mail.outbox) == 1
    assert "ask again in" in response.content.decode()


def test_asking_again_after_a_minute_sends_a_new_link(client: Client, make_user: Any) -> None:
    sam = make_user("sam@example.com", verified=False)
    client.force_login(sam)
    client.post("/accounts/verify/resend/")
    earlier = timezone.now() - services.RESEND_INTERVAL - timedelta(seconds=1)
    User.objects.filter(pk=sam.pk).update(verification_sent_at=earlier)
    client.post("/accounts/verify/resend/")
    assert len(mail.outbox) == 2


def test_the_sign_up_email_counts_as_the_first_send(client: Client, db: None) -> None:
    sign_up_as_sam(client)
    assert services.email_verification_resend(user=User.objects.get()) > 0
    assert len(mail.outbox) == 1


def test_a_failed_send_does_not_use_up_the_minute(
    client: Client, make_user: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    sam = make_user("sam@example.com", verified=False)
    client.force_login(sam)
    client.post("/accounts/verify/resend/")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post("/accounts/verify/resend/")
    assert [m.to for m in mail.outbox] == [["sam@example.com"]]
