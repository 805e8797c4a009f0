"""Stamps (core/stamps.py): the versions in cached pages' keys, read from the database."""

from __future__ import annotations

import pytest
from django.db import transaction

from twoway.core.stamps import stamps_bump, stamps_read

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_stamp_keeps_its_version_until_it_is_bumped() -> None:
    first = stamps_read("posts", "profile:1")
    assert stamps_read("posts", "profile:1") == first
    stamps_bump("posts")
    posts, profile = stamps_read("posts", "profile:1")
    assert posts != first[0]
    assert profile == first[1]


def test_a_bump_in_a_rolled_back_transaction_changes_nothing() -> None:
    (before,) = stamps_read("members")
    with pytest.raises(RuntimeError), transaction.atomic():
        stamps_bump("members")
        raise RuntimeError("the change fails")
    assert stamps_read("members") == (before,)


def test_bumping_a_stamp_never_read_gives_it_a_version() -> None:
    stamps_bump("profile:42", "profile:42", "members")
    assert all(isinstance(version, int) for version in stamps_read("profile:42", "members"))
