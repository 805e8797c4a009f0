"""The demo's members as plain data: well-formed for any seed, and the same for the same seed."""

from __future__ import annotations

import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.core.demo.data import TEAMS
from twoway.core.demo.plan import demo_plan, prose
from twoway.engine.skills import Catalogue

ZONES = zoneinfo.available_timezones()


@settings(max_examples=25, deadline=None)
@given(members=st.integers(min_value=5, max_value=400), seed=st.integers(0, 2**32))
def test_every_plan_is_well_formed(members: int, seed: int) -> None:
    plans = demo_plan(members=members, seed=seed)
    assert len(plans) == members + 1  # the admin comes on top
    assert len({p.email for p in plans}) == len(plans)
    for plan in plans:
        taught = {skill for skill, _ in plan.teaches}
        wanted = {skill for skill, _ in plan.learns}
        assert taught and wanted and not taught & wanted
        assert all(1 <= level <= 5 for _, level in plan.teaches)
        assert all(1 <= priority <= 3 for _, priority in plan.learns)
        assert len(plan.headline) <= 140 and len(plan.bio) <= 2000
        assert plan.timezone in ZONES and plan.languages
        assert 1 <= plan.capacity <= 5


@given(seed=st.integers(0, 2**32))
@settings(max_examples=10, deadline=None)
def test_the_same_seed_gives_the_same_plan(seed: int) -> None:
    assert demo_plan(members=50, seed=seed) == demo_plan(members=50, seed=seed)


def test_different_seeds_give_different_people() -> None:
    assert demo_plan(members=50, seed=1) != demo_plan(members=50, seed=2)


def test_every_demo_skill_is_spelled_as_in_the_catalogue() -> None:
    catalogue = Catalogue.from_csv()
    canonical = {skill.name for skill in catalogue.skills}
    used = {s for team in TEAMS for s in (*team.skills, *team.new_tools, *team.craft)}
    used |= {s for plan in demo_plan(members=300) for s, _ in (*plan.teaches, *plan.learns)}
    assert used - canonical == set()


def test_skill_names_read_naturally_mid_sentence() -> None:
    assert prose("Public speaking") == "public speaking"
    assert prose("Negotiation") == "negotiation"
    assert [prose(s) for s in ("Rust", "GitHub Actions", "REST API design")] == [
        "Rust",
        "GitHub Actions",
        "REST API design",
    ]
    assert prose("Android development") == "Android development"
