"""The staff audit page goes through the catalogues (docs/i18n.md); its codes stay English.

In the pseudo-locale no plain word is left on the page but the entries' own data (addresses,
codes, targets, details, marked ``translate="no"``); in German Sam reads real words.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twoway.audit.models import Action
from twoway.core.tests.pseudo import main_of, untranslated
from twoway.people.services import profile_ensure

pytestmark = pytest.mark.django_db


def _speaks(user: Any, language: str) -> None:
    profile = profile_ensure(user=user)
    profile.interface_language = language
    profile.save()


@pytest.fixture
def log(client: Client, bob: Any, sam: Any) -> None:
    """A failed sign-in by a visitor, and a successful one by Bob."""
    client.post("/accounts/login/", {"username": bob.email, "password": "wrong"})
    client.post("/accounts/login/", {"username": bob.email, "password": PASSWORD})


@pytest.mark.parametrize(
    "query", ["", "?action=auth.sign_in_failed", "?since=2026-02-02&until=2026-01-01"]
)
def test_the_audit_page_is_translated(
    sam_client: Client, sam: Any, log: None, pseudo_locale: str, query: str
) -> None:
    _speaks(sam, pseudo_locale)
    page = sam_client.get(f"/staff/audit/{query}")
    assert page.status_code == 200
    assert (
        untranslated(main_of(page.content.decode()), allowed=["bob@example.com", "sam@example.com"])
        == []
    )


def test_sam_reads_the_audit_log_in_german_with_its_codes_in_english(
    sam_client: Client, sam: Any, log: None
) -> None:
    _speaks(sam, "de")
    page = sam_client.get("/staff/audit/").content.decode()
    assert "<h1>Audit-Protokoll</h1>" in page
    assert (
        f'Fehlgeschlagene Anmeldung <code class="small muted">{Action.SIGN_IN_FAILED}</code>'
        in (page)
    )
    assert "<td>ein Besucher</td>" in page
