"""A member's data pages, the export's readable summary and its notification in the member's
language (docs/i18n.md); the JSON keeps its English keys for other programs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.notifications.models import Kind, Notification
from twoway.people.models import Profile
from twoway.people.tests.helpers import make_complete
from twoway.privacy.exports import JSON_NAME, SUMMARY_NAME
from twoway.privacy.models import DataExport
from twoway.privacy.services import data_export_build, data_export_request

from .conftest import signed_in, unzip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_language_afterwards() -> Iterator[None]:
    """A page activates its reader's language for the whole thread: give the next test the
    site's own."""
    yield
    translation.deactivate()


def speaks(user: Any, language: str) -> None:
    Profile.objects.filter(user=user).update(interface_language=language)
    user.refresh_from_db()


def ready_export(user: Any) -> DataExport:
    export = data_export_request(user=user)
    with translation.override("en"):  # the worker's own language: not the member's
        assert data_export_build(export.pk)
    export.refresh_from_db()
    return export


def test_the_privacy_pages_go_through_the_catalogues(alice: Any, pseudo_locale: str) -> None:
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3})
    speaks(alice, PSEUDO)
    ready_export(alice)
    data_export_request(user=alice)  # one more, still being prepared
    client = signed_in(alice)
    for url in ("/account/data/", "/account/data/erase/"):
        page = client.get(url).content.decode()
        assert untranslated(main_of(page), allowed=["Twoway", "JSON", "KB"]) == [], url
    wrong = client.post("/account/data/erase/", {"password": "not it", "posts": "keep"})
    assert untranslated(main_of(wrong.content.decode())) == []
    erased = Client().get("/account/data/erased/", HTTP_ACCEPT_LANGUAGE=PSEUDO)
    assert untranslated(main_of(erased.content.decode())) == []


def test_the_export_summary_goes_through_the_catalogues(alice: Any, pseudo_locale: str) -> None:
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3})
    speaks(alice, PSEUDO)
    export = ready_export(alice)
    files = unzip(signed_in(alice).get(f"/account/data/exports/{export.pk}/download/"))
    data = json.loads(files[JSON_NAME])
    summary = files[SUMMARY_NAME].decode()
    assert f'<html lang="{PSEUDO}"' in summary
    values = [str(v) for v in data["profile"].values() if not isinstance(v, list | bool)]
    values += [str(v) for v in data["account"].values() if not isinstance(v, bool)]
    values += ["SQL", "Figma", "data_export_ready", "/account/data/", "connections"]
    assert untranslated(summary, allowed=values) == []


def test_a_german_members_export_summary_and_notice_are_in_german(alice: Any) -> None:
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3})
    speaks(alice, "de")
    export = ready_export(alice)
    files = unzip(signed_in(alice).get(f"/account/data/exports/{export.pk}/download/"))
    summary = files[SUMMARY_NAME].decode()
    assert "<h1>Deine Daten bei Twoway</h1>" in summary
    assert "<h2>Profil</h2>" in summary and "<h2>Tandems</h2>" in summary
    assert '"account"' in files[JSON_NAME].decode()  # the JSON keeps its keys
    told = Notification.objects.get(recipient=alice, kind=Kind.DATA_EXPORT_READY)
    assert told.title == "Dein Datenexport ist fertig"
    assert "innerhalb von 48 Stunden" in told.body


def test_a_french_member_reads_the_data_page_in_french(alice: Any) -> None:
    speaks(alice, "fr")
    page = signed_in(alice).get("/account/data/").content.decode()
    assert "Télécharger vos données" in page
    assert "pendant 48 heures" in page
