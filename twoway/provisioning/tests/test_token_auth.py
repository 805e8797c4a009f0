"""Only a directory's own token opens /scim/v2; everyone else gets a SCIM 401."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.provisioning.models import Directory
from twoway.provisioning.services import directory_token_replace
from twoway.provisioning.tests.helpers import ERROR_URN, Scim, directory

pytestmark = pytest.mark.django_db


def _refused(response: Any) -> None:
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["schemas"] == [ERROR_URN] and body["status"] == "401"
    assert "Authorization: Bearer" in body["detail"]


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer twscim_wrong-token-of-the-right-shape",
        "Basic dXNlcjpwYXNz",
        "twscim_x",
    ],
)
def test_a_request_without_a_valid_token_is_refused(header: str | None) -> None:
    directory("Entra")
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    for path in ("Users", "Groups", "ServiceProviderConfig", "Schemas", "Nowhere", "Bulk"):
        _refused(client.get(f"/scim/v2/{path}"))
    _refused(client.post("/scim/v2/Users", {"userName": "x"}, content_type="application/scim+json"))


def test_a_signed_in_member_without_the_token_is_refused(client: Client, alice: Any) -> None:
    directory("Entra")
    client.force_login(alice)
    _refused(client.get("/scim/v2/Users"))


def test_a_disabled_directory_is_refused() -> None:
    entra = directory("Entra")
    assert entra.get("Users").status_code == 200
    Directory.objects.filter(pk=entra.directory.pk).update(enabled=False)
    _refused(entra.get("Users"))


def test_a_replaced_token_stops_working_at_once_and_the_new_one_works() -> None:
    entra = directory("Entra")
    secret = directory_token_replace(directory=entra.directory)
    _refused(entra.get("Users"))
    assert Scim(entra.directory, secret).get("Users").status_code == 200


def test_only_the_tokens_digest_is_kept_and_its_use_is_noted() -> None:
    entra = directory("Entra")
    stored = Directory.objects.get()
    assert entra.token not in str(stored.__dict__.values()) and stored.last_used_at is None
    assert stored.token_hint == entra.token[-4:]
    entra.get("ServiceProviderConfig")
    assert Directory.objects.get().last_used_at is not None
