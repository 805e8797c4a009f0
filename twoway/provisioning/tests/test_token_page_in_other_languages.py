"""The admin's page that shows a directory's new token speaks the staff member's language
(docs/i18n.md); SCIM's own protocol messages stay English."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.utils.translation import override

from twoway.core.tests.pseudo import PSEUDO, untranslated
from twoway.provisioning.admin import token_page
from twoway.provisioning.services import directory_create

pytestmark = pytest.mark.django_db


def _page(staff: Any, language: str) -> str:
    found, secret = directory_create(name="Okta")
    request = RequestFactory().get("/admin/provisioning/directory/")
    request.user = staff
    with override(language):
        response = token_page(request, found, secret)
        assert isinstance(response, TemplateResponse)
        return str(response.render().content.decode())


def test_the_token_page_reads_in_german(make_user: Any) -> None:
    page = _page(make_user("sam@example.com", is_staff=True), "de")
    assert "<dt>Geheimes Token für Okta</dt>" in page
    assert "Frühere Tokens dieses Verzeichnisdienstes funktionieren nicht mehr." in page


def test_the_token_pages_own_words_are_all_translated(make_user: Any, pseudo_locale: str) -> None:
    page = _page(make_user("sam@example.com", is_staff=True), PSEUDO)
    # Django's admin frame (its catalogue, not ours) and the title set by admin.py are left out.
    start = page.rindex("<p>", 0, page.index("<dl>"))
    end = page.index("</p>", page.index('href="/admin/provisioning/directory/"')) + 4
    body = page[start:end]
    assert untranslated(body, allowed=["Okta"]) == []
