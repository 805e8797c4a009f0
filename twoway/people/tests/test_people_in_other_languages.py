"""The people app speaks each member's own language (docs/i18n.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twoway.people.services import profile_ensure
from twoway.people.tests.helpers import make_complete

pytestmark = pytest.mark.django_db


def _signed_in(client: Client, user: Any) -> Client:
    assert client.login(email=user.email, password=PASSWORD)
    return client


def _edit_form(**changes: str) -> dict[str, str]:
    form = {
        "display_name": "Alice",
        "handle": "alice",
        "timezone": "Europe/Berlin",
        "languages": "English, German",
        "capacity": "2",
        "open_to_partners": "on",
        "interface_language": "",
    }
    return {**form, **changes}


def test_alice_who_chooses_german_gets_her_next_page_in_german(client: Client, alice: Any) -> None:
    _signed_in(client, alice)
    assert "Edit my profile" in client.get("/me/edit/").content.decode()

    saved = client.post("/me/edit/", _edit_form(interface_language="de"), follow=True)

    alice.profile.refresh_from_db()
    assert alice.profile.interface_language == "de"
    body = saved.content.decode()
    assert saved["Content-Language"] == "de"
    assert "Dein Profil ist gespeichert." in body
    assert "Mein Profil bearbeiten" in body
    edit = client.get("/me/edit/").content.decode()
    assert "Sprache von Twoway" in edit and "Profil speichern" in edit
    assert "Europe/Berlin" in edit  # a time zone is shown as it is


def test_a_german_reader_sees_a_members_time_zone_and_languages_as_they_are(
    client: Client, alice: Any, bob: Any
) -> None:
    make_complete(bob, timezone="America/Sao_Paulo", languages="Português, English", capacity=3)
    profile = profile_ensure(user=alice)
    profile.interface_language = "de"
    profile.save()
    body = _signed_in(client, alice).get("/people/bob/").content.decode()
    assert "<dt>Zeitzone</dt><dd>America/Sao_Paulo</dd>" in body
    assert "<dt>Sprachen</dt><dd>Português, English</dd>" in body
    assert "bis zu 3 gleichzeitig" in body
    assert "Priorität hoch" in body


def test_a_spanish_reader_searches_the_directory_in_spanish(
    client: Client, alice: Any, bob: Any
) -> None:
    make_complete(bob, teaches={"Kubernetes": 4})
    _signed_in(client, alice)
    page = client.get("/people/?teaches=Kubernets", HTTP_ACCEPT_LANGUAGE="es")
    body = page.content.decode()
    assert "Nadie ha indicado «Kubernets» todavía." in body
    assert "¿Querías decir <a href=" in body
    found = client.get("/people/?teaches=k8s", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "<strong>1</strong> miembro" in found


def test_a_french_member_who_finishes_too_early_is_told_what_is_missing_in_french(
    client: Client, alice: Any
) -> None:
    profile = profile_ensure(user=alice)
    profile.interface_language = "fr"
    profile.save()
    page = _signed_in(client, alice).post("/onboarding/finish/", follow=True)
    body = page.content.decode()
    assert "Vous y êtes presque : ajoutez une langue que vous parlez, " in body
    assert "une compétence que vous pouvez enseigner et une compétence que vous voulez" in body


def test_a_refused_photo_is_explained_in_german(client: Client, alice: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    profile = profile_ensure(user=alice)
    profile.interface_language = "de"
    profile.save()
    upload = SimpleUploadedFile("notes.jpg", b"not an image", content_type="image/jpeg")
    page = _signed_in(client, alice).post("/me/photo/", {"photo": upload})
    assert "Diese Datei ist kein JPEG-, PNG- oder WebP-Bild." in page.content.decode()
