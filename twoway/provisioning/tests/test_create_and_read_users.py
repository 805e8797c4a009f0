"""Entra creates members, reads them back, finds them by filter, and is told clearly what is
wrong with a bad request."""

from __future__ import annotations

from typing import Any

import pytest

from twoway.accounts.models import User
from twoway.audit.models import AuditEvent
from twoway.provisioning.models import DirectoryMember
from twoway.provisioning.tests.helpers import ERROR_URN, Scim, directory, user_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def entra() -> Scim:
    return directory("Entra")


def test_a_created_user_is_a_member_with_a_profile_and_no_password(entra: Scim) -> None:
    response = entra.post(
        "Users",
        user_body("dana@corp.example", "Dana@Corp.example", "Dana", "Diaz", externalId="e-1"),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == body["meta"]["location"]
    assert body["meta"]["location"].endswith(f"/scim/v2/Users/{body['id']}")
    assert body["userName"] == "dana@corp.example" and body["externalId"] == "e-1"
    assert body["emails"] == [{"value": "Dana@Corp.example", "type": "work", "primary": True}]
    dana = User.objects.get(email="dana@corp.example")
    assert dana.is_active and dana.email_verified and not dana.has_usable_password()
    assert dana.profile.display_name == "Dana Diaz" and dana.first_name == "Dana Diaz"
    assert AuditEvent.objects.filter(action="scim.user_create", target_id=str(dana.pk)).exists()


def test_the_display_name_comes_from_displayname_before_the_parts_of_the_name(entra: Scim) -> None:
    entra.create_user(
        "eve@corp.example",
        displayName="Evie",
        name={"givenName": "Eve"},
        emails=[{"value": "eve@corp.example"}],
    )
    assert User.objects.get(email="eve@corp.example").profile.display_name == "Evie"


def test_a_user_name_that_is_an_address_stands_in_for_missing_emails(entra: Scim) -> None:
    entra.create_user("Finn@Corp.example")
    assert User.objects.get(email="finn@corp.example").profile.display_name == "finn"


def test_a_user_is_read_back_and_found_by_user_name_whatever_its_case(entra: Scim) -> None:
    made = entra.create_user("gia@corp.example", emails=[{"value": "gia@corp.example"}])
    entra.create_user("hal@corp.example")
    read = entra.get(f"Users/{made['id']}")
    assert read.status_code == 200 and read.json() == made
    found = entra.get("Users", QUERY_STRING='filter=userName eq "GIA@corp.example"').json()
    assert found["totalResults"] == 1 and found["Resources"][0]["id"] == made["id"]
    by_email = entra.get(
        "Users", QUERY_STRING='filter=emails[type eq "work"].value eq "gia@corp.example"'
    )
    assert [r["id"] for r in by_email.json()["Resources"]] == [made["id"]]
    nobody = entra.get("Users", QUERY_STRING='filter=userName eq "nobody@corp.example"').json()
    assert nobody["totalResults"] == 0 and nobody["Resources"] == []


def test_a_list_pages_with_start_index_and_count(entra: Scim) -> None:
    for n in range(5):
        entra.create_user(f"p{n}@corp.example")
    first = entra.get("Users", QUERY_STRING="startIndex=1&count=2").json()
    rest = entra.get("Users", QUERY_STRING="startIndex=3&count=10").json()
    assert first["totalResults"] == rest["totalResults"] == 5
    assert len(first["Resources"]) == 2 and len(rest["Resources"]) == 3
    ids = [r["id"] for r in first["Resources"] + rest["Resources"]]
    assert len(set(ids)) == 5


def test_attributes_and_excluded_attributes_shape_the_answer(entra: Scim) -> None:
    made = entra.create_user("ian@corp.example", displayName="Ian")
    only = entra.get(f"Users/{made['id']}", QUERY_STRING="attributes=userName").json()
    assert set(only) == {"schemas", "id", "meta", "userName"}
    without = entra.get(f"Users/{made['id']}", QUERY_STRING="excludedAttributes=displayName")
    assert "displayName" not in without.json() and "userName" in without.json()


def _error(response: Any, status: int, scim_type: str | None) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["schemas"] == [ERROR_URN] and body["status"] == str(status)
    assert body.get("scimType") == scim_type
    return str(body["detail"])


def test_a_user_without_user_name_is_refused_saying_so(entra: Scim) -> None:
    detail = _error(
        entra.post("Users", {"emails": [{"value": "x@corp.example"}]}), 400, "invalidValue"
    )
    assert "userName is required" in detail


def test_a_user_without_any_address_is_refused_saying_how_to_fix_it(entra: Scim) -> None:
    detail = _error(entra.post("Users", {"userName": "jo"}), 400, "invalidValue")
    assert "needs an email address" in detail
    assert not User.objects.filter(email__startswith="jo").exists()


def test_a_malformed_address_or_two_primary_emails_are_refused(entra: Scim) -> None:
    assert "not an email" in _error(
        entra.post("Users", {"userName": "k", "emails": [{"value": "not-mail"}]}),
        400,
        "invalidValue",
    )
    two = [
        {"value": "a@corp.example", "primary": True},
        {"value": "b@corp.example", "primary": True},
    ]
    assert "one email may be primary" in _error(
        entra.post("Users", {"userName": "k", "emails": two}), 400, "invalidValue"
    )


def test_active_that_is_not_a_boolean_is_refused(entra: Scim) -> None:
    response = entra.post("Users", {"userName": "l@corp.example", "active": "maybe"})
    assert "active must be true or false" in _error(response, 400, "invalidValue")


def test_a_body_that_is_not_json_is_refused(entra: Scim) -> None:
    response = entra.client.post(
        "/scim/v2/Users", "{not json", content_type="application/scim+json"
    )
    assert response.status_code == 400 and "JSON" in response.json()["detail"]


def test_a_second_user_with_the_same_user_name_is_a_conflict(entra: Scim) -> None:
    entra.create_user("mo@corp.example")
    response = entra.post(
        "Users", {"userName": "MO@corp.example", "emails": [{"value": "m2@corp.example"}]}
    )
    assert "userName" in _error(response, 409, "uniqueness")
    assert DirectoryMember.objects.count() == 1


def test_a_filter_on_an_attribute_we_do_not_keep_is_refused(entra: Scim) -> None:
    response = entra.get("Users", QUERY_STRING='filter=title eq "Boss"')
    assert "Cannot filter on title" in _error(response, 400, "invalidFilter")
    broken = entra.get("Users", QUERY_STRING="filter=userName eq")
    assert broken.status_code == 400 and broken.json()["scimType"] == "invalidFilter"


def test_an_unknown_id_and_an_unknown_address_are_scim_404s(entra: Scim) -> None:
    _error(entra.get("Users/no-such-id"), 404, None)
    _error(entra.get("Nowhere"), 404, None)
    _error(entra.post("Bulk", {"Operations": []}), 501, None)


def test_a_page_never_holds_more_than_the_published_maximum(entra: Scim, monkeypatch: Any) -> None:
    from twoway.provisioning import discovery

    monkeypatch.setattr(discovery, "MAX_RESULTS", 2)
    for n in range(3):
        entra.create_user(f"q{n}@corp.example")
    big = entra.get("Users", QUERY_STRING="count=100").json()
    assert big["totalResults"] == 3 and len(big["Resources"]) == 2
    none = entra.get("Users", QUERY_STRING="count=-4").json()
    assert none["totalResults"] == 3 and none["Resources"] == []
    config = entra.get("ServiceProviderConfig").json()
    assert config["filter"] == {"supported": True, "maxResults": 2}
    assert entra.get("Users", QUERY_STRING="count=many").status_code == 400


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('userName eq "ann@corp.example" or userName eq "ben@corp.example"', {"ann", "ben"}),
        ('not (userName eq "ann@corp.example")', {"ben"}),
        ('userName ne "ann@corp.example"', {"ben"}),
        ('userName co "@CORP."', {"ann", "ben"}),
        ('displayName eq "ann a." and active eq true', {"ann"}),
        ('externalId eq "x-ben"', {"ben"}),
    ],
)
def test_filters_combine_and_compare_like_the_rfc_says(
    entra: Scim, query: str, found: set[str]
) -> None:
    entra.create_user("ann@corp.example", displayName="Ann A.", active=True)
    entra.create_user("ben@corp.example", externalId="x-ben")
    listed = entra.get("Users", QUERY_STRING=f"filter={query}").json()["Resources"]
    assert {r["userName"].split("@")[0] for r in listed} == found
