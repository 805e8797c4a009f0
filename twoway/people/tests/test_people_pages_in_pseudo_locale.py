"""Every page and htmx partial of the people app goes through the catalogues (docs/i18n.md).

Alice reads Twoway in the pseudo-locale, where every translated word is accented and bracketed:
any plain word left on a page that is not the test's own data skipped the translation machinery.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twoway.core.tests.pseudo import main_of, untranslated
from twoway.people.forms import COMMON_TIMEZONES
from twoway.people.services import profile_ensure
from twoway.people.tests.helpers import make_complete

pytestmark = pytest.mark.django_db

# The test's data: names, what members wrote, skills, and the time zones offered in selects.
ZONES = [zone.replace("_", " ") for zone in COMMON_TIMEZONES]
DATA = [
    "Alice",
    "Bob Builder",
    "Bob",
    "Data engineer learning design",
    "Staff engineer",
    "Globex",
    "Platform",
    "Loves queues.",
    "Python",
    "Figma",
    "Kubernetes",
    "Kubernets",
    "SQL",
    "English, French",
    "English",
    "French",
    "Programming",
    "Design",
    "DevOps",
    "Infrastructure",
    "Underwater weaving",
    # Languages' own names (the pseudo-locale's word pattern reads only ASCII letters).
    "Español",
    "Français",
    *ZONES,
]
# The growth chart on a profile belongs to the partnerships app, which checks its own words.
GROWTH_CHART = re.compile(r'<section class="card growth".*?</section>', re.S)


def words_left(html: str) -> list[str]:
    return untranslated(GROWTH_CHART.sub("", main_of(html)), allowed=DATA)


@pytest.fixture
def reader(client: Client, alice: Any, bob: Any, pseudo_locale: str) -> Client:
    """Alice, signed in, reading in the pseudo-locale; Bob has a complete, detailed profile."""
    make_complete(
        bob,
        display_name="Bob Builder",
        headline="Data engineer learning design",
        role="Staff engineer",
        organisation="Globex",
        team="Platform",
        years_experience=7,
        bio="Loves queues.",
        languages="English, French",
        timezone="Europe/Paris",
        teaches={"Python": 4, "SQL": 2},
        learns={"Figma": 3},
    )
    profile = profile_ensure(user=alice)
    profile.interface_language = pseudo_locale
    profile.save()
    assert client.login(email=alice.email, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/onboarding/",
        "/onboarding/teach/",
        "/onboarding/learn/",
        "/me/edit/",
        "/people/alice/",
        "/people/bob/",
        "/people/",
        "/people/?teaches=py&learns=figma&team=Platform&open=on",
        "/people/?teaches=Kubernets",
        "/people/?learns=Underwater+weaving",
    ],
)
def test_every_people_page_is_translated(reader: Client, url: str) -> None:
    page = reader.get(url)
    assert page.status_code == 200
    assert words_left(page.content.decode()) == []


def test_a_complete_profile_of_my_own_and_its_edit_page_are_translated(
    reader: Client, alice: Any
) -> None:
    make_complete(alice, role="Staff engineer", years_experience=1, open_to_partners=False)
    for url in ("/people/alice/", "/me/edit/"):
        assert words_left(reader.get(url).content.decode()) == []


def test_the_directorys_htmx_results_are_translated(reader: Client, make_user: Any) -> None:
    for n in range(25):  # two pages of results
        make_complete(make_user(f"member{n}@example.com", first_name="Bob"))
    page = reader.get("/people/?teaches=python", HTTP_HX_REQUEST="true")
    assert "pagination" in page.content.decode()
    assert words_left(page.content.decode()) == []


def test_the_skill_panels_htmx_answers_are_translated(reader: Client) -> None:
    added = reader.post(
        "/me/teaches/", {"skill": "Kubernets", "level": "3"}, HTTP_HX_REQUEST="true"
    )
    assert "Kubernets" in added.content.decode()
    assert words_left(added.content.decode()) == []
    refused = reader.post("/me/learns/", {"skill": "", "priority": "9"}, HTTP_HX_REQUEST="true")
    assert 'class="error"' in refused.content.decode()
    # The "required" message is Django's own (not in our catalogues): only ours are checked.
    assert words_left(refused.content.decode().replace("This field is required.", "")) == []
    options = reader.get("/skills/options/?skill=kube", HTTP_HX_REQUEST="true")
    assert words_left(options.content.decode()) == []


def test_the_profile_forms_refusals_are_translated(reader: Client) -> None:
    form = {"display_name": "Alice", "timezone": "UTC", "languages": "1Klingon", "capacity": "1"}
    page = reader.post("/me/edit/", {**form, "handle": "alice"})
    body = page.content.decode()
    assert 'class="error"' in body
    assert words_left(body.replace("1Klingon", "")) == []
