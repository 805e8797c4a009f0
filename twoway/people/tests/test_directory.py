from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twoway.people.services import directory_search
from twoway.people.tests.helpers import make_complete


@pytest.fixture
def members(make_user: Any) -> dict[str, Any]:
    """Three complete members and one incomplete one."""
    ana = make_complete(
        make_user("ana@example.com", first_name="Ana"),
        teaches={"SQL": 5, "Python": 3},
        learns={"Figma": 3},
        team="Data",
        timezone="Europe/Madrid",
    )
    ben = make_complete(
        make_user("ben@example.com", first_name="Ben"),
        teaches={"Figma": 4},
        learns={"k8s": 2},
        team="Design",
        timezone="Europe/London",
        open_to_partners=False,
    )
    cy = make_complete(
        make_user("cy@example.com", first_name="Cy"),
        teaches={"Kubernetes": 4},
        learns={"SQL": 1},
        team="data",
        timezone="Europe/London",
    )
    make_user("dee@example.com", first_name="Dee")  # never finished onboarding
    return {"ana": ana, "ben": ben, "cy": cy}


def _quick_member(email: str, name: str) -> Any:
    """A member without a password: hashing hundreds of passwords would only slow tests down."""
    from twoway.accounts.models import User

    return User.objects.create(email=email, username=email, first_name=name)


def _names(**filters: Any) -> list[str]:
    return [p.display_name for p in directory_search(**filters).profiles]


def test_only_complete_profiles_are_listed(members: dict[str, Any]) -> None:
    assert _names() == ["Ana", "Ben", "Cy"]


def test_it_filters_by_a_skill_taught_in_any_spelling(members: dict[str, Any]) -> None:
    assert _names(teaches="k8s") == ["Cy"]
    assert _names(teaches="sql") == ["Ana"]


def test_it_filters_by_a_skill_wanted(members: dict[str, Any]) -> None:
    assert _names(learns="Kubernetes") == ["Ben"]


def test_it_filters_by_team_ignoring_case_timezone_and_openness(members: dict[str, Any]) -> None:
    assert _names(team="DATA") == ["Ana", "Cy"]
    assert _names(timezone="Europe/London") == ["Ben", "Cy"]
    assert _names(open_only=True) == ["Ana", "Cy"]
    assert _names(teaches="figma", open_only=True) == []


def test_an_unknown_skill_matches_nobody_and_creates_nothing(members: dict[str, Any]) -> None:
    from twoway.people.models import Skill

    before = Skill.objects.count()
    search = directory_search(teaches="Kubernets")
    assert list(search.profiles) == []
    assert search.teaches is not None and search.teaches.suggestion is not None
    assert search.teaches.suggestion.name == "Kubernetes"
    assert Skill.objects.count() == before


def test_the_directory_page_shows_cards_and_a_did_you_mean(
    client: Client, members: dict[str, Any], alice: Any
) -> None:
    assert client.login(email=alice.email, password=PASSWORD)
    body = client.get("/people/", {"teaches": "Kubernets"}).content.decode()
    assert "Did you mean" in body and "Kubernetes" in body
    body = client.get("/people/", {"teaches": "k8s"}).content.decode()
    assert "Showing people who can teach Kubernetes." in body
    assert ">Cy</a>" in body and ">Ana</a>" not in body
    # Alice has not finished her profile: she is told so, and is not listed.
    assert "Your profile isn't complete yet." in body


def test_htmx_gets_only_the_results_fragment(
    client: Client, members: dict[str, Any], alice: Any
) -> None:
    assert client.login(email=alice.email, password=PASSWORD)
    fragment = client.get("/people/", {"team": "design"}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body and ">Ben</a>" in body and ">Ana</a>" not in body


def test_it_pages_members_24_at_a_time_keeping_the_filters(client: Client, db: Any) -> None:
    for n in range(30):
        make_complete(_quick_member(f"m{n:02}@example.com", f"Member {n:02}"), team="Ops")
    client.force_login(_quick_member("viewer@example.com", "Viewer"))
    first = client.get("/people/", {"team": "Ops"}).content.decode()
    assert first.count('class="card member-card"') == 24
    assert "page 1 of 2" in first
    assert 'href="?team=Ops&amp;page=2"' in first
    second = client.get("/people/", {"team": "Ops", "page": "2"}).content.decode()
    assert second.count('class="card member-card"') == 6
    assert "Member 29" in second and "Member 00" not in second


def test_the_directory_query_count_does_not_grow_with_members(
    client: Client, db: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        make_complete(_quick_member(f"q{n}@example.com", f"Q{n}"))
    viewer = _quick_member("viewer@example.com", "Viewer")
    make_complete(viewer)
    client.force_login(viewer)
    with django_assert_max_num_queries(14):
        response = client.get("/people/")
    assert response.content.decode().count('class="card member-card"') == 13


def test_the_directory_is_for_signed_in_members(client: Client) -> None:
    assert client.get("/people/").status_code == 302
