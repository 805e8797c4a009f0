"""The sign-up service also serves callers that already proved the address (invitations)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from twoway.accounts.services import user_signup


def test_a_sign_up_with_a_proven_address_starts_verified_and_sends_no_email(db: Any) -> None:
    sam = user_signup(
        email="Sam@Example.com", password="a long pass phrase 42", display_name=" Sam ",
        email_verified=True,
    )  # fmt: skip

    assert (sam.email, sam.first_name, sam.email_verified) == ("sam@example.com", "Sam", True)
    assert sam.profile.display_name == "Sam"
    assert mail.outbox == []


def test_an_ordinary_sign_up_still_sends_the_verification_email(db: Any) -> None:
    sam = user_signup(email="sam@example.com", password="a long pass phrase 42", display_name="Sam")

    assert not sam.email_verified
    assert [m.to for m in mail.outbox] == [["sam@example.com"]]


def test_a_sign_up_without_a_name_is_refused_by_the_service(db: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        user_signup(email="sam@example.com", password="a long pass phrase 42", display_name=" ")

    assert refused.value.message_dict == {
        "display_name": ["Tell us the name other members will see."]
    }
