"""Every programs page, partial and email in the pseudo-locale (docs/i18n.md): any text that
skipped the catalogues shows as plain words.

Personas: Priya manages "Cohort" (a pair program) and "Spring circles" (a circle program); Alice
and Bob are its participants, who swap SQL and Figma; Charlie enrolled with an incomplete profile,
so the round leaves him out. The words a page may show as they are are the test's data: names,
emails, skills, teams, program names, the imported file's name and its own column titles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from twoway.accounts.models import User
from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.notifications.models import Notification
from twoway.partnerships.tests.helpers import swap_profiles
from twoway.people.models import Profile, Skill
from twoway.programs.dashboard import at_risk, partnership_nudge
from twoway.programs.imports import import_check
from twoway.programs.models import Invitation, Program, Round
from twoway.programs.publish import round_publish, round_tell
from twoway.programs.rounds import round_execute, round_start
from twoway.programs.services import (
    enrol_member,
    enrolment_welcome,
    invitation_send,
)
from twoway.programs.services import invitation_token as token_of
from twoway.programs.tests.helpers import enrol, members, program_for

pytestmark = pytest.mark.django_db

# A sheet with one good row and a problem in each checked column.
SHEET = (
    "Work Email,Full name,Role,Capacity,Can teach\r\n"
    "dana@example.com,Dana,mentor,2,SQL:4\r\n"
    "not-an-address,Eve,boss,9,:3\r\n"
    "dana@example.com,Dana again,mentee,1,Figma\r\n"
)
CLEAN = "Work Email,Full name,Can teach\r\ndana@example.com,Dana,SQL:4\r\n"
HEADERS = ["Work Email", "Full name", "Role", "Capacity", "Can teach", "people.csv"]


@dataclass
class World:
    priya: User
    alice: User
    program: Program
    round: Round
    circles: Round
    checked: int  # an import with problems
    clean: int  # an import that checks out

    @property
    def pages(self) -> dict[str, str]:
        p = self.program
        return {
            "list": "/programs/",
            "new": "/programs/new/",
            "manage": p.get_absolute_url(),
            "edit": f"/programs/{p.pk}/edit/",
            "import": f"/programs/{p.pk}/import/",
            "import report with problems": f"/programs/{p.pk}/import/{self.checked}/",
            "import report that checks out": f"/programs/{p.pk}/import/{self.clean}/",
            "round": self.round.get_absolute_url(),
            "round with a search": self.round.get_absolute_url() + "?q=a",
            "round with one person chosen": self.round.get_absolute_url()
            + f"?a={self.alice.pk}&q=b",
            "circle round": self.circles.get_absolute_url(),
            "dashboard": f"/programs/{p.pk}/dashboard/",
        }


def _allowed() -> list[str]:
    """Everything the test's data put on the pages."""
    words = [*HEADERS, "Cohort", "Spring circles", "Dana", "Eve", "Dana again", "not-an-address"]
    words += list(Profile.objects.values_list("display_name", flat=True))
    words += list(Profile.objects.values_list("team", flat=True))
    words += list(User.objects.values_list("email", flat=True))
    words += list(User.objects.values_list("first_name", flat=True))
    words += list(Skill.objects.values_list("name", flat=True))
    words += ["dana@example.com", "boss", "SQL", "Figma", "SQL:4", ":3"]
    return [w for w in words if w]


@pytest.fixture
def world(priya: Any, alice: Any, bob: Any, charlie: Any, pseudo_locale: str) -> World:
    swap_profiles(alice, bob)
    program = program_for(
        priya, name="Cohort", description="", open_enrolment=True, exclude_same_team=True
    )
    enrol(program, [alice, bob, charlie])
    round_ = round_start(user=priya, program=program)
    assert round_execute(round_.pk, round_.attempt) == "proposed"
    circles = program_for(priya, name="Spring circles", mode=Program.Mode.CIRCLES)
    enrol(circles, members(14, prefix="c"))
    circle_round = round_start(user=priya, program=circles)
    assert round_execute(circle_round.pk, circle_round.attempt) == "proposed"
    checked = import_check(
        user=priya, program=program, filename="people.csv", data=SHEET.encode(), mapping={}
    )
    clean = import_check(
        user=priya, program=program, filename="people.csv", data=CLEAN.encode(), mapping={}
    )
    for person in (priya, alice):
        person.profile.interface_language = PSEUDO
        person.profile.save()
    round_.refresh_from_db()
    circle_round.refresh_from_db()
    return World(priya, alice, program, round_, circle_round, checked.pk, clean.pk)


MANAGER_PAGES = [
    "list",
    "new",
    "manage",
    "edit",
    "import",
    "import report with problems",
    "import report that checks out",
    "round",
    "round with a search",
    "round with one person chosen",
    "circle round",
    "dashboard",
]


@pytest.mark.parametrize("page", MANAGER_PAGES)
def test_every_managers_page_is_translated(world: World, client: Client, page: str) -> None:
    client.force_login(world.priya)
    response = client.get(world.pages[page])
    assert response.status_code == 200
    assert untranslated(main_of(response.content.decode()), allowed=_allowed()) == []


def _participant_pages(world: World) -> dict[str, str]:
    program = world.program
    return {
        "list": "/programs/",
        "program": program.get_absolute_url(),
        "join": f"/programs/{program.pk}/join/",
        "join by link": f"/programs/join/{program.invite_token}/",
    }


@pytest.mark.parametrize("page", ["list", "program", "join", "join by link"])
def test_every_participants_page_is_translated(world: World, client: Client, page: str) -> None:
    client.force_login(world.alice)
    response = client.get(_participant_pages(world)[page])
    assert response.status_code == 200
    assert untranslated(main_of(response.content.decode()), allowed=_allowed()) == []


def test_the_invitation_page_is_translated_for_a_visitor(world: World, client: Client) -> None:
    invitation = Invitation.objects.create(program=world.program, email="dana@example.com")
    response = client.get(
        f"/programs/invitations/{token_of(invitation)}/", HTTP_ACCEPT_LANGUAGE=PSEUDO
    )
    assert response.status_code == 200
    assert untranslated(main_of(response.content.decode()), allowed=_allowed()) == []
    broken = client.get("/programs/invitations/nonsense/", HTTP_ACCEPT_LANGUAGE=PSEUDO)
    assert untranslated(main_of(broken.content.decode()), allowed=_allowed()) == []


PARTIALS: dict[str, Callable[[World], tuple[str, dict[str, str]]]] = {
    "search results": lambda w: (
        w.round.get_absolute_url() + "?q=o",
        {"HX-Target": "pair-results"},
    ),
    "pair picker": lambda w: (
        w.round.get_absolute_url() + f"?a={w.alice.pk}",
        {"HX-Target": "pair-picker"},
    ),
    "round progress": lambda w: (f"{w.round.get_absolute_url()}progress/", {}),
    "import progress": lambda w: (
        f"/programs/{w.program.pk}/import/{w.checked}/progress/",
        {},
    ),
}


@pytest.mark.parametrize("partial", list(PARTIALS))
def test_every_htmx_partial_is_translated(world: World, client: Client, partial: str) -> None:
    client.force_login(world.priya)
    url, headers = PARTIALS[partial](world)
    response = client.get(url, headers={"HX-Request": "true", **headers})
    assert response.status_code == 200
    assert untranslated(response.content.decode(), allowed=_allowed()) == []


def test_every_email_and_notice_is_translated(world: World, bob: Any) -> None:
    """The invitation email, the enrolment notice, the "you're matched" news and a nudge, each
    in the pseudo-locale of a recipient who chose it."""
    bob.profile.interface_language = PSEUDO
    bob.profile.save()
    invitation = Invitation.objects.create(
        program=world.program, email=bob.email, name="Bob", invited_by=world.priya
    )
    assert invitation_send(invitation=invitation)
    enrolment, _ = enrol_member(program=world.program, user=bob, role="either")
    enrolment_welcome(enrolment=enrolment)
    round_publish(user=world.priya, round_=world.round)
    round_tell(world.round.pk)
    risk = at_risk(world.program)
    if risk:
        partnership_nudge(
            user=world.priya, program=world.program, partnership_id=risk[0].partnership.pk
        )
    texts = [mail.outbox[0].subject, mail.outbox[0].body]
    texts += [
        text
        for notice in Notification.objects.filter(recipient__in=[bob, world.alice])
        for text in (notice.title, notice.body)
    ]
    assert len(texts) >= 6
    # The link is data (its signed token carries the time it was made).
    link = next(w for w in mail.outbox[0].body.split() if w.startswith(settings.SITE_URL))
    allowed = [*_allowed(), link]
    for text in texts:
        assert untranslated(text.replace("\n", " "), allowed=allowed) == [], text
