"""The dashboard: real figures, private text kept private, CSV exports, at-risk nudges."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import PASSWORD
from twoway.notifications.models import Notification
from twoway.partnerships.models import Feedback, LearningEntry, LevelChange, Partnership, Session
from twoway.people.models import Skill
from twoway.programs.dashboard import at_risk, program_charts
from twoway.programs.publish import round_publish
from twoway.programs.rounds import round_execute, round_start
from twoway.programs.tests.helpers import enrol, members, program_for

SECRET = "my partner was often late, between us"


def published(manager: Any, size: int = 20) -> tuple[Any, list[Partnership]]:
    program = program_for(manager)
    enrol(program, members(size))
    round_ = round_start(user=manager, program=program)
    round_execute(round_.pk, round_.attempt)
    round_publish(user=manager, round_=round_.__class__.objects.get(pk=round_.pk))
    return program, list(Partnership.objects.order_by("id"))


def rows(program: Any, key: str) -> dict[str, float]:
    chart = next(c for c in program_charts(program) if c.key == key)
    return dict(chart.rows)


def test_the_funnel_counts_each_step(alice: Any) -> None:
    program, partnerships = published(alice)
    first = partnerships[0]
    Session.objects.create(partnership=first, starts_at=timezone.now() - timedelta(days=2),
                           status="held", created_by=first.member_low)  # fmt: skip

    funnel = rows(program, "funnel")

    assert funnel["Enrolled"] == 20
    assert funnel["Complete profile"] == 20
    assert funnel["Matched"] == 2 * len(partnerships)
    assert funnel["Active (met lately)"] == 2
    assert rows(program, "sessions")[next(reversed(rows(program, "sessions")))] in (0, 1)


def test_growth_and_satisfaction_count_both_sides_without_showing_text(
    client: Any, alice: Any
) -> None:
    program, partnerships = published(alice)
    p = partnerships[0]
    skills = list(Skill.objects.order_by("id")[:2])
    for author, skill in ((p.member_low, skills[0]), (p.member_high, skills[1])):
        entry = LearningEntry.objects.create(partnership=p, author=author, text=SECRET)
        entry.skills.set([skill])
    LevelChange.objects.create(user=p.member_low, skill=skills[1], old=1, new=3, partnership=p)
    Partnership.objects.filter(pk=p.pk).update(status="completed")
    Feedback.objects.create(partnership=p, author=p.member_low, rating=5, text=SECRET,
                            managers_only=True)  # fmt: skip
    Feedback.objects.create(partnership=p, author=p.member_high, rating=3, text=SECRET)

    assert rows(program, "growth") == {"Peers learned": 3.0}
    assert rows(program, "satisfaction")["5 / 5"] == 1
    assert client.login(email=alice.email, password=PASSWORD)
    page = client.get(f"/programs/{program.pk}/dashboard/").content.decode()
    assert "Mean 4.0 / 5 from 2 ratings." in page
    assert SECRET not in page
    assert SECRET not in client.get(f"/api/programs/{program.pk}/dashboard").content.decode()
    assert '<title id="growth-title">' in page and '<desc id="growth-desc">' in page


def test_each_chart_exports_as_csv(client: Any, alice: Any) -> None:
    program, _ = published(alice)
    assert client.login(email=alice.email, password=PASSWORD)
    response = client.get(f"/programs/{program.pk}/dashboard/funnel.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "step,people"
    assert lines[2] == "Enrolled,20"
    assert client.get(f"/programs/{program.pk}/dashboard/nope.csv").status_code == 404


def test_quiet_partnerships_are_at_risk_and_can_be_nudged_once_a_week(
    client: Any, alice: Any
) -> None:
    program, partnerships = published(alice)
    quiet = partnerships[0]
    Partnership.objects.filter(pk=quiet.pk).update(started_at=timezone.now() - timedelta(weeks=6))

    found = at_risk(program)
    assert [r.partnership.pk for r in found] == [quiet.pk]
    assert "no session" in found[0].reason

    assert client.login(email=alice.email, password=PASSWORD)
    url = f"/programs/{program.pk}/dashboard/nudge/{quiet.pk}/"
    client.post(url)
    client.post(url)
    nudges = Notification.objects.filter(kind="no_recent_session")
    assert sorted(n.recipient_id for n in nudges) == sorted(
        [quiet.member_low_id, quiet.member_high_id]
    )
    not_at_risk = partnerships[1]
    assert (
        client.post(f"/programs/{program.pk}/dashboard/nudge/{not_at_risk.pk}/").status_code == 404
    )
