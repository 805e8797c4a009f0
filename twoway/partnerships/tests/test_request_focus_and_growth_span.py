"""Two small fixes. The request form starts with the skills that fit both ways ticked, so a
request sent as it is proposes that focus (it used to read "can teach —"). The growth chart runs
from when the member joined until now, so a change made today is a step at the right, not one
point squeezed against the left edge; with no history it says so."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from twoway.partnerships.growth import PAD_LEFT, PAD_RIGHT, WIDTH, growth_of
from twoway.partnerships.models import Request
from twoway.partnerships.services import level_update
from twoway.partnerships.tests.helpers import login, partner, swap_profiles


def _ticked(page: str, name: str) -> list[str]:
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
    return sorted(re.search(r'value="([^"]+)"', i)[1] for i in inputs if " checked" in i)  # type: ignore[index]


def test_alice_finds_the_skills_that_fit_both_ways_ticked(
    client: Client, alice: Any, bob: Any
) -> None:
    swap_profiles(alice, bob)  # Alice teaches SQL and wants Figma; Bob the reverse
    page = login(client, alice).get("/partnerships/ask/bob/").content.decode()
    assert _ticked(page, "learn_skills") == ["figma"]
    assert _ticked(page, "teach_skills") == ["sql"]


def test_a_request_sent_as_it_is_names_its_focus(client: Client, alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    login(client, alice)
    page = client.get("/partnerships/ask/bob/").content.decode()
    data = {"message": "Shall we swap?", "learn_skills": _ticked(page, "learn_skills")}
    data["teach_skills"] = _ticked(page, "teach_skills")
    client.post("/partnerships/ask/bob/", data)
    sent = Request.objects.get(sender=alice)
    assert [s.name for s in sent.learn_skills.all()] == ["Figma"]
    assert [s.name for s in sent.teach_skills.all()] == ["SQL"]
    shown = client.get(sent.get_absolute_url()).content.decode()
    assert "None chosen" not in shown and "—</li>" not in shown


def _xs(points: str) -> list[float]:
    return [float(p.split(",")[0]) for p in points.split()]


def test_a_change_made_today_is_a_step_between_the_start_and_now(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    level_update(user=alice, skill_text="Figma", level=2, partnership=partner(alice, bob))
    [series] = growth_of(alice).series
    xs = _xs(series.points)
    assert xs[0] == PAD_LEFT and xs[-1] == WIDTH - PAD_RIGHT  # from the start until now
    assert xs[1] > WIDTH / 2  # the change sits near now, not on the start


def test_a_member_who_joined_long_ago_sees_the_axis_from_the_day_they_joined(
    alice: Any, bob: Any
) -> None:
    swap_profiles(alice, bob)
    joined = timezone.now() - timedelta(days=90)
    type(alice).objects.filter(pk=alice.pk).update(date_joined=joined)
    alice.refresh_from_db()
    level_update(user=alice, skill_text="Figma", level=3, partnership=partner(alice, bob))
    growth = growth_of(alice)
    assert growth.start == joined
    assert growth.start_label == f"{joined:%a} {joined.day} {joined:%b %Y}"


def test_with_no_history_the_chart_says_so(client: Client, alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    own = login(client, alice).get("/people/alice/").content.decode()
    assert "No skill level changes yet" in own and "<polyline" not in own
    other = login(client, bob).get("/people/alice/").content.decode()
    assert "Alice hasn't recorded any skill level changes yet" in other
