"""Ana asks for her data: it is prepared in the background, she is told, only she downloads it."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from twoway.notifications.models import Kind, Notification
from twoway.notifications.tests.conftest import drain_queue
from twoway.privacy.exports import JSON_NAME, SUMMARY_NAME
from twoway.privacy.models import DataExport
from twoway.privacy.services import data_export_build, data_export_request

from .conftest import World, signed_in, unzip


def _ready_export(user: Any) -> DataExport:
    export = data_export_request(user=user)
    assert data_export_build(export.pk)
    export.refresh_from_db()
    return export


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_signals")
def test_ana_asks_for_her_data_and_the_worker_prepares_it(world: World) -> None:
    ana = signed_in(world.ana)
    response = ana.post("/account/data/export/", follow=True)
    assert "We are preparing your data" in response.content.decode()
    assert DBTaskResult.objects.filter(task_path__endswith="build_data_export").exists()
    assert DataExport.objects.get(user=world.ana).status == DataExport.Status.PENDING

    drain_queue()

    export = DataExport.objects.get(user=world.ana)
    assert export.status == DataExport.Status.READY
    assert export.expires_at is not None
    assert export.expires_at - export.ready_at == timedelta(hours=48)  # type: ignore[operator]
    told = Notification.objects.get(recipient=world.ana, kind=Kind.DATA_EXPORT_READY)
    assert told.url == "/account/data/"
    page = ana.get("/account/data/").content.decode()
    assert f"/account/data/exports/{export.pk}/download/" in page

    files = unzip(ana.get(f"/account/data/exports/{export.pk}/download/"))
    assert set(files) == {JSON_NAME, SUMMARY_NAME}
    data = json.loads(files[JSON_NAME])
    assert data["account"]["email"] == "ana@example.com"
    assert "Learn auto layout" in files[SUMMARY_NAME].decode()


def test_the_export_holds_anas_partnership_but_not_bos_private_items(world: World) -> None:
    export = _ready_export(world.ana)
    files = unzip(signed_in(world.ana).get(f"/account/data/exports/{export.pk}/download/"))
    data = json.loads(files[JSON_NAME])
    [partnership] = data["partnerships"]
    assert partnership["partner"] == "Borislav Quennell"
    assert [g["text"] for g in partnership["my_goals"]] == ["Learn auto layout"]
    assert [e["text"] for e in partnership["my_learning_log"]] == ["Frames and constraints"]
    assert partnership["sessions"][0]["agenda"] == [
        {"text": "Review the dashboard", "by_me": False}
    ]
    texts = [m["text"] for m in data["messages"]]
    # Her partnership thread both ways; in the circle, only what she wrote (nothing here).
    assert texts == ["See you on Monday", "Looking forward to it"]
    assert [r["to"] for r in data["requests"]["sent"]] == ["Borislav Quennell"]
    assert [c["body"] for c in data["comments"]] == ["Thanks, this helped."]
    assert [s["circle_name"] for s in data["circles"]["seats"]] == ["Design systems"]
    whole = files[JSON_NAME].decode() + files[SUMMARY_NAME].decode()
    for private in ("Write window functions", "Joins finally make sense", "borislav.q@example"):
        assert private not in whole


def test_bos_export_holds_his_profile_post_circle_message_and_availability(world: World) -> None:
    export = _ready_export(world.bo)
    files = unzip(signed_in(world.bo).get(f"/account/data/exports/{export.pk}/download/"))
    data = json.loads(files[JSON_NAME])
    assert data["profile"]["bio"] == "Zythum brewer from Quennellford."
    assert [t["skill_name"] for t in data["profile"]["teaches"]] == ["Figma"]
    assert [p["title"] for p in data["posts"]] == ["Pairing across teams"]
    assert "Hello circle" in [m["text"] for m in data["messages"]]
    assert "Welcome" not in [m["text"] for m in data["messages"]]  # Cy wrote it to the circle
    assert data["availability"][0]["weekday"] == 0
    assert [r["from"] for r in data["requests"]["received"]] == ["Ana"]


@pytest.mark.parametrize("who", ["bo", "sam"])
def test_nobody_but_ana_downloads_anas_export(world: World, sam: Any, who: str) -> None:
    export = _ready_export(world.ana)
    other = signed_in(world.bo if who == "bo" else sam)
    assert other.get(f"/account/data/exports/{export.pk}/download/").status_code == 404
    assert other.get(f"/api/me/data-exports/{export.pk}/download").status_code == 404


def test_a_visitor_is_sent_to_sign_in_and_gets_no_file(world: World, client: Client) -> None:
    export = _ready_export(world.ana)
    response = client.get(f"/account/data/exports/{export.pk}/download/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get(f"/api/me/data-exports/{export.pk}/download").status_code == 401


def test_an_expired_export_is_no_longer_offered(world: World) -> None:
    export = _ready_export(world.ana)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    ana = signed_in(world.ana)
    assert ana.get(f"/account/data/exports/{export.pk}/download/").status_code == 404
    assert "/download/" not in ana.get("/account/data/").content.decode()


def test_asking_again_while_one_is_prepared_gives_the_same_export(world: World) -> None:
    first = data_export_request(user=world.ana)
    assert data_export_request(user=world.ana) == first
    assert DataExport.objects.filter(user=world.ana).count() == 1


def test_ana_asks_through_the_api_and_downloads_her_export(world: World) -> None:
    ana = signed_in(world.ana)
    response = ana.post("/api/me/data-exports")
    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["download_url"]) == ("pending", "")
    assert data_export_build(body["id"])
    [listed] = ana.get("/api/me/data-exports").json()
    assert listed["download_url"] == f"/api/me/data-exports/{body['id']}/download"
    files = unzip(ana.get(listed["download_url"]))
    assert json.loads(files[JSON_NAME])["profile"]["display_name"] == "Ana"


def test_the_settings_page_leads_to_the_data_page(world: World) -> None:
    ana = signed_in(world.ana)
    assert 'href="/account/data/"' in ana.get("/accounts/settings/").content.decode()
    page = ana.get("/account/data/").content.decode()
    assert "Prepare my data" in page
    assert 'href="/account/data/erase/"' in page
