"""`twoway seed_demo` fills an empty database with a demo company that shows the two-way idea."""

from __future__ import annotations

from io import StringIO
from itertools import product
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from twoway.accounts.models import User
from twoway.core.demo.data import ADMIN_EMAIL, DEMO_PASSWORD, MEMBER_DOMAIN
from twoway.core.demo.personas import LOGIN_NOTES
from twoway.core.demo.seed import demo_accounts
from twoway.engine.model import Person, Weights
from twoway.engine.scoring import gain
from twoway.people.models import Learning, Profile, Skill, Teaching

pytestmark = pytest.mark.django_db
JUNIOR_MAX_YEARS, SENIOR_MIN_YEARS = 3, 8


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def people() -> dict[str, tuple[Profile, Person]]:
    """Every demo profile with its engine form, keyed by email."""
    found = {}
    for profile in Profile.objects.select_related("user").with_skills():
        person = Person(
            id=profile.user.email,
            teaches={t.skill.name: t.level for t in profile.teaches.all()},
            learns={lrn.skill.name: lrn.priority for lrn in profile.learns.all()},
        )
        found[profile.user.email] = (profile, person)
    return found


def snapshot() -> list[tuple[Any, ...]]:
    rows = Profile.objects.order_by("user__email").values_list(
        "user__email", "display_name", "handle", "team", "role", "timezone", "languages", "bio"
    )
    skills = Teaching.objects.order_by("profile__user__email", "skill__name").values_list(
        "profile__user__email", "skill__name", "level"
    )
    return [*rows, *skills]


def test_it_creates_at_least_150_verified_members_with_complete_profiles() -> None:
    seed()
    members = demo_accounts()
    assert members.count() >= 150
    assert not members.filter(email_verified=False).exists()
    assert Profile.objects.complete().count() == members.count()
    assert all(p.is_complete for p in Profile.objects.all())
    domains = {email.rsplit("@", 1)[1] for email in members.values_list("email", flat=True)}
    assert domains == {MEMBER_DOMAIN, ADMIN_EMAIL.rsplit("@", 1)[1]}


def test_every_demo_profile_passes_the_models_own_validation() -> None:
    seed("--members", "40")
    for profile in Profile.objects.all():
        profile.full_clean()
    for row in [*Teaching.objects.all(), *Learning.objects.all()]:
        row.full_clean()


def test_the_demo_is_varied() -> None:
    seed()
    profiles = Profile.objects.all()
    assert len(set(profiles.values_list("team", flat=True))) >= 8
    assert len(set(profiles.values_list("timezone", flat=True))) >= 8
    assert len(set(profiles.values_list("role", flat=True))) >= 25
    assert len(set(profiles.values_list("display_name", flat=True))) == profiles.count()
    assert profiles.filter(years_experience__lte=JUNIOR_MAX_YEARS).count() >= 40
    assert profiles.filter(years_experience__gte=SENIOR_MIN_YEARS).count() >= 30
    assert profiles.filter(open_to_partners=False).exists()


def test_skills_come_from_the_catalogue_in_both_directions() -> None:
    seed()
    assert not Skill.objects.filter(source=Skill.Source.MEMBER).exists()
    assert Teaching.objects.values("skill").distinct().count() >= 60
    assert Learning.objects.values("skill").distinct().count() >= 40


def test_juniors_teach_the_new_tools_that_seniors_want() -> None:
    seed()
    everyone = people().values()
    juniors = [(p, x) for p, x in everyone if (p.years_experience or 0) <= JUNIOR_MAX_YEARS]
    seniors = [(p, x) for p, x in everyone if (p.years_experience or 0) >= SENIOR_MIN_YEARS]
    weights = Weights()
    two_way = [
        (j, s)
        for (_, j), (_, s) in product(juniors, seniors)
        if gain(j, s, weights) > 0 and gain(s, j, weights) > 0
    ]
    # Reverse mentoring is everywhere, not a lucky pair: most seniors find a junior to learn from.
    assert len(two_way) >= 150
    seniors_taught = {s.id for _, s in two_way}
    assert len(seniors_taught) >= 0.8 * len(seniors)


def test_sam_and_ana_can_each_teach_the_other() -> None:
    seed()
    found = people()
    sam, ana = found[f"sam@{MEMBER_DOMAIN}"][1], found[f"ana@{MEMBER_DOMAIN}"][1]
    assert gain(ana, sam, Weights()) > 0 and gain(sam, ana, Weights()) > 0
    assert "SQL" in ana.teaches and "SQL" in sam.learns
    assert "Figma" in sam.teaches and "Figma" in ana.learns


def test_there_are_program_managers_and_an_admin() -> None:
    seed()
    managers = Group.objects.get(name="Program managers").user_set.all()
    assert 3 <= managers.count() <= 4
    assert managers.filter(email=f"priya@{MEMBER_DOMAIN}").exists()
    admin = User.objects.get(email=ADMIN_EMAIL)
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.exclude(email=ADMIN_EMAIL).filter(is_staff=True).exists()


def test_every_printed_login_works_with_the_published_password(client: Client) -> None:
    output = seed("--members", "10")
    assert DEMO_PASSWORD in output
    for email in LOGIN_NOTES:
        assert email in output
        assert client.login(email=email, password=DEMO_PASSWORD), email
        client.logout()
    generated = User.objects.order_by("-id")[0]
    assert client.login(email=generated.email, password=DEMO_PASSWORD)


def test_if_empty_does_nothing_when_the_database_has_accounts(alice: Any) -> None:
    output = seed("--if-empty")
    assert "not seeded" in output
    assert list(User.objects.all()) == [alice]


def test_if_empty_shows_the_logins_again_when_the_demo_is_there() -> None:
    seed("--members", "10")
    output = seed("--if-empty")
    assert "not seeded" in output and f"sam@{MEMBER_DOMAIN}" in output
    assert demo_accounts().count() == 11


def test_it_refuses_a_database_with_accounts_unless_told_what_to_do(alice: Any) -> None:
    with pytest.raises(CommandError, match="--reset"):
        seed()
    assert User.objects.count() == 1


def test_reset_replaces_the_demo_and_keeps_other_accounts(alice: Any) -> None:
    seed("--reset", "--members", "20")
    assert demo_accounts().count() == 21
    seed("--reset", "--members", "12")
    assert demo_accounts().count() == 13
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_same_seed_gives_the_same_people_and_another_seed_does_not() -> None:
    seed("--seed", "7", "--members", "60")
    first = snapshot()
    seed("--reset", "--seed", "7", "--members", "60")
    assert snapshot() == first
    seed("--reset", "--seed", "8", "--members", "60")
    assert snapshot() != first


def test_it_refuses_to_run_in_production(settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        seed()
    assert not User.objects.exists()


@pytest.mark.parametrize("members", ["4", "10001"])
def test_it_refuses_a_member_count_it_cannot_make(members: str) -> None:
    with pytest.raises(CommandError, match="--members must be between"):
        seed("--members", members)


def test_sam_and_ana_find_times_that_suit_them_both_in_the_demo() -> None:
    from datetime import date, timedelta

    from twoway.scheduling.models import Availability
    from twoway.scheduling.services import availability_of, zone_of
    from twoway.scheduling.slots import instants, intersect

    seed()
    sam, ana = (User.objects.get(email=f"{who}@{MEMBER_DOMAIN}") for who in ("sam", "ana"))
    first = date(2031, 3, 3)
    free = [
        instants(availability_of(u), zone_of(u), first, first + timedelta(days=13))
        for u in (sam, ana)
    ]
    assert intersect(*free), "Find a time would offer Sam and Ana nothing in the demo"
    assert not Availability.objects.filter(user__is_staff=True).exists()
