"""After Bo is erased, nothing that identified him is left: not in any table, page, feed, API
answer or Ana's export. Before erasure the same checks find him, so the walk really looks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from conftest import PASSWORD
from twoway.privacy.services import data_export_build, data_export_request

from .conftest import BO_TRACES, World, signed_in, unzip

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def traces_in_tables() -> list[str]:
    """Every "app.Model.field: trace" where a text column of any model holds one of Bo's
    (a staff deletion in the admin logs his address too: see the last test)."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            for value in model._default_manager.values_list(field.attname, flat=True):
                text = json.dumps(value) if isinstance(field, models.JSONField) else str(value)
                found += [
                    f"{model._meta.label}.{field.name}: {trace}"
                    for trace in BO_TRACES
                    if trace.lower() in text.lower()
                ]
    return found


def traces_in(text: str) -> list[str]:
    return [trace for trace in BO_TRACES if trace.lower() in text.lower()]


def what_others_see(world: World) -> str:
    """Ana's and Cy's pages, the public post and feed, API answers and Ana's export, joined."""
    ana, cy = signed_in(world.ana), signed_in(world.cy)
    p, slug, circle = world.partnership.pk, world.post.slug, world.circle.pk
    texts = [
        ana.get(world.partnership.get_absolute_url()).content.decode(),
        ana.get("/partnerships/").content.decode(),
        ana.get("/messages/").content.decode(),
        ana.get("/notifications/").content.decode(),
        cy.get(world.circle.get_absolute_url()).content.decode(),
        Client().get(world.post.get_absolute_url()).content.decode(),
        Client().get("/posts/feed/").content.decode(),
        Client().get("/posts/rss/").content.decode(),
        ana.get(f"/api/partnerships/{p}").content.decode(),
        ana.get(f"/api/messages/partnerships/{p}").content.decode(),
        ana.get("/api/notifications").content.decode(),
        cy.get(f"/api/messages/circles/{circle}").content.decode(),
        cy.get(f"/api/circles/{circle}").content.decode(),
        Client().get(f"/api/posts/{slug}").content.decode(),
        Client().get(f"/api/posts/{slug}/comments").content.decode(),
        _export_of(world.ana),
    ]
    return "\n".join(texts)


def _export_of(user: Any) -> str:
    export = data_export_request(user=user)
    assert data_export_build(export.pk)
    files = unzip(signed_in(user).get(f"/account/data/exports/{export.pk}/download/"))
    return "\n".join(content.decode() for content in files.values())


@pytest.fixture
def bo_left_traces(world: World, client: Client) -> World:
    """Bo failed to sign in once, then signed in: logs that name him."""
    client.post("/accounts/login/", {"username": world.bo.email, "password": "a wrong guess"})
    signed_in(world.bo).get("/account/data/")
    return world


def test_the_walk_finds_bo_before_he_is_erased(bo_left_traces: World) -> None:
    found = traces_in_tables()
    assert any(f.startswith("accounts.User.email") for f in found)
    assert any(f.startswith("people.Profile.bio") for f in found)
    assert any(f.startswith("posts.Comment.email") for f in found)
    assert any(f.startswith("notifications.Notification.title") for f in found)
    assert traces_in(what_others_see(bo_left_traces))


def test_no_trace_of_bo_is_left_after_he_erases_his_account(bo_left_traces: World) -> None:
    bo = signed_in(bo_left_traces.bo)
    assert (
        bo.post("/account/data/erase/", {"password": PASSWORD, "posts": "keep"}).status_code == 302
    )
    assert traces_in_tables() == []
    assert traces_in(what_others_see(bo_left_traces)) == []


def test_no_trace_of_bo_is_left_when_staff_erase_him_in_the_admin(
    bo_left_traces: World, sam: Any
) -> None:
    admin = signed_in(sam)
    url = f"/admin/accounts/user/{bo_left_traces.bo.pk}/delete/"
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert traces_in_tables() == []
    assert traces_in(what_others_see(bo_left_traces)) == []
