"""Thirty logins for one email at the same moment evaluate at most five passwords.

Real threads send real HTTP requests to a live server whose request threads each use their own
database connection, so the limit is checked by parallel transactions (SQLite and PostgreSQL).
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PASSWORD
from twoway.accounts.models import LoginFailure
from twoway.core.tests.live import CountingHasher, parallel_server, post_form
from twoway.core.tests.race import race

__all__ = ["parallel_server"]
pytestmark = pytest.mark.django_db(transaction=True)

WRONG = "That email and password don"
LIMITED = "Too many failed attempts"


@pytest.fixture
def counted(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["twoway.core.tests.live.CountingHasher"]
    CountingHasher.checks = 0


def test_thirty_parallel_guesses_for_alice_evaluate_at_most_five(
    counted: None, parallel_server: str, make_user: Any
) -> None:
    make_user("alice@example.com", first_name="Alice")
    url = f"{parallel_server}/accounts/login/"
    guess = {"username": "alice@example.com", "password": "wrong"}
    results = race(*[lambda: post_form(url, guess) for _ in range(30)])

    assert all(status == 200 for status, _ in results), results
    answers = [WRONG in page for _, page in results]
    assert sum(answers) <= 5
    assert all(WRONG in page or LIMITED in page for _, page in results)
    assert CountingHasher.checks <= 5
    assert LoginFailure.objects.filter(email="alice@example.com").count() <= 5
    status, page = post_form(url, {"username": "alice@example.com", "password": PASSWORD})
    assert LIMITED in page


def test_alice_logs_in_while_charlie_guesses_from_many_addresses(
    counted: None, parallel_server: str, make_user: Any
) -> None:
    make_user("alice@example.com", first_name="Alice")
    url = f"{parallel_server}/accounts/login/"
    guess = {"username": "charlie@example.com", "password": "wrong"}
    right = {"username": "alice@example.com", "password": PASSWORD}
    results = race(
        lambda: post_form(url, right), *[lambda: post_form(url, guess) for _ in range(9)]
    )
    assert results[0][0] == 302, results[0]
    assert CountingHasher.checks == 1  # charlie has no account: nothing of his is checked
