from datetime import timedelta
from typing import Any

from django.test import Client

from conftest import PASSWORD
from twoway.accounts.models import LoginFailure
from twoway.accounts.tests.helpers import FAST_HASHERS

LIMITED = "Too many failed attempts. Try again in"


def _login(client: Client, email: str, password: str, ip: str = "203.0.113.7") -> str:
    response = client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip
    )
    return response.content.decode() if response.status_code == 200 else "logged in"


def _fail(client: Client, email: str, times: int, ip: str = "203.0.113.7") -> None:
    for _ in range(times):
        assert "That email and password don" in _login(client, email, "wrong", ip)


def _age_failures(seconds: int) -> None:
    for failure in LoginFailure.objects.all():
        failure.created_at -= timedelta(seconds=seconds)
        failure.save(update_fields=["created_at"])


def test_five_failures_lock_the_email_even_for_the_right_password(
    client: Client, alice: Any
) -> None:
    _fail(client, "alice@example.com", 5)
    page = _login(client, "alice@example.com", PASSWORD)
    assert LIMITED in page
    assert "15 minutes or reset your password" in page
    assert "_auth_user_id" not in client.session


def test_a_locked_login_does_not_check_or_count_the_password(client: Client, alice: Any) -> None:
    _fail(client, "alice@example.com", 5)
    assert LIMITED in _login(client, "alice@example.com", "wrong again")
    assert LoginFailure.objects.count() == 5


def test_the_lock_holds_from_any_address(client: Client, alice: Any) -> None:
    _fail(client, "alice@example.com", 5, ip="203.0.113.7")
    assert LIMITED in _login(client, "ALICE@example.com", PASSWORD, ip="198.51.100.9")


def test_the_lock_lifts_when_the_window_has_passed(client: Client, alice: Any) -> None:
    _fail(client, "alice@example.com", 5)
    _age_failures(14 * 60)
    assert "Try again in 1 minute or" in _login(client, "alice@example.com", PASSWORD)
    _age_failures(61)
    assert _login(client, "alice@example.com", PASSWORD) == "logged in"


def test_a_successful_login_clears_the_email_failures(client: Client, alice: Any) -> None:
    _fail(client, "alice@example.com", 4)
    assert _login(client, "alice@example.com", PASSWORD) == "logged in"
    assert not LoginFailure.objects.filter(email="alice@example.com").exists()
    client.logout()
    _fail(client, "alice@example.com", 4)
    assert _login(client, "alice@example.com", PASSWORD) == "logged in"


def test_other_members_are_not_locked_by_someone_elses_failures(
    client: Client, alice: Any, bob: Any
) -> None:
    _fail(client, "alice@example.com", 5, ip="203.0.113.7")
    assert _login(client, "bob@example.com", PASSWORD, ip="198.51.100.9") == "logged in"


def test_one_address_guessing_many_emails_is_locked(
    client: Client, alice: Any, settings: Any
) -> None:
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    for name in ("ann", "ben", "cat"):
        _fail(client, f"{name}@example.com", 1, ip="203.0.113.7")
    assert LIMITED in _login(client, "alice@example.com", PASSWORD, ip="203.0.113.7")
    assert _login(client, "alice@example.com", PASSWORD, ip="198.51.100.9") == "logged in"


def test_a_trusted_proxy_address_is_read_from_x_forwarded_for(
    client: Client, alice: Any, settings: Any
) -> None:
    settings.TRUST_X_FORWARDED_FOR = True
    client.post(
        "/accounts/login/",
        {"username": "alice@example.com", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="not-an-address, 198.51.100.9",
    )
    assert LoginFailure.objects.get().ip == "198.51.100.9"


def test_an_office_behind_one_address_is_not_locked_out_by_its_colleagues_typos(
    client: Client, bob: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS
    # Thirty typos from ten colleagues behind the office's one address (the old lock was 20).
    for n in range(10):
        _fail(client, f"colleague{n}@example.com", 3, ip="203.0.113.7")
    assert _login(client, "bob@example.com", PASSWORD, ip="203.0.113.7") == "logged in"


def test_one_address_spraying_many_accounts_is_only_slowed_for_minutes(
    client: Client, alice: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS
    for n in range(settings.LOGIN_MAX_FAILURES_PER_IP):
        _fail(client, f"member{n}@example.com", 1, ip="203.0.113.7")
    page = _login(client, "alice@example.com", PASSWORD, ip="203.0.113.7")
    assert "Try again in 5 minutes" in page
    _age_failures(5 * 60)
    assert _login(client, "alice@example.com", PASSWORD, ip="203.0.113.7") == "logged in"
