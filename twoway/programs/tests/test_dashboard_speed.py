"""The dashboard's figures: aggregated in SQL, cached per program, right after every event.

Alice manages the program; its members come from ``published`` (a round of 20 run and
published). Each test reads the figures once (so they are cached), changes something the way the
site does, and reads them again. Nothing here times anything: benchmarks/web_pages.py does.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.test import Client
from django.utils import timezone

from twoway.partnerships.models import Feedback, LearningEntry, Partnership, Session
from twoway.people.models import Skill
from twoway.people.services import teaching_remove
from twoway.programs.dashboard import at_risk, program_charts
from twoway.programs.models import Enrolment, Invitation
from twoway.programs.publish import round_publish
from twoway.programs.rounds import round_execute, round_start
from twoway.programs.services import enrol_member
from twoway.programs.tests.helpers import enrol, members, program_for
from twoway.programs.tests.test_dashboard import published, rows


def _activity(partnerships: list[Partnership]) -> None:
    """Every partnership: two sessions (one held), three log entries with a skill, a rating."""
    now, skill = timezone.now(), Skill.objects.order_by("id")[0]
    for p in partnerships:
        for days, status in ((3, "held"), (-3, "scheduled")):
            Session.objects.create(partnership=p, starts_at=now - timedelta(days=days),
                                   status=status, created_by=p.member_low)  # fmt: skip
        for author in (p.member_low, p.member_high, p.member_low):
            LearningEntry.objects.create(partnership=p, author=author, text="x").skills.set([skill])
        Feedback.objects.create(partnership=p, author=p.member_low, rating=4)


def test_the_dashboard_page_runs_the_same_few_queries_however_big_the_program(
    client: Client, alice: Any, django_assert_max_num_queries: Any
) -> None:
    program, partnerships = published(alice, size=40)
    _activity(partnerships)
    client.force_login(alice)
    url = f"/programs/{program.pk}/dashboard/"
    with django_assert_max_num_queries(32):  # figures computed: a fixed number of queries
        first = client.get(url)
    with django_assert_max_num_queries(11):  # figures from the cache
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content.count(b"chart-card") == 5
    assert first.context["charts"][0].rows == second.context["charts"][0].rows


def test_the_cached_figures_are_the_figures_of_the_moment(alice: Any) -> None:
    program, partnerships = published(alice)
    _activity(partnerships[:3])
    program_charts(program)
    Feedback.objects.create(partnership=partnerships[0], author=partnerships[0].member_high,
                            rating=2)  # fmt: skip
    fresh = program_charts(program, timezone.now())
    assert [c.rows for c in program_charts(program)] == [c.rows for c in fresh]
    assert [c.note for c in program_charts(program)] == [c.note for c in fresh]


def test_a_new_enrolment_counts_at_once(alice: Any) -> None:
    program, _ = published(alice)
    assert rows(program, "funnel")["Enrolled"] == 20
    (newcomer,) = members(1, prefix="n")
    with transaction.atomic():
        enrol_member(program=program, user=newcomer, role="either")
    assert rows(program, "funnel")["Enrolled"] == 21


def test_a_member_who_empties_their_teach_list_leaves_the_complete_step_at_once(
    alice: Any,
) -> None:
    program, _ = published(alice)
    assert rows(program, "funnel")["Complete profile"] == 20
    member = Enrolment.objects.filter(program=program).first().user  # type: ignore[union-attr]
    for teaching in list(member.profile.teaches.all()):
        teaching_remove(profile=member.profile, skill=teaching.skill)
    assert rows(program, "funnel")["Complete profile"] == 19


def test_a_published_round_counts_its_partnerships_at_once(alice: Any) -> None:
    program = program_for(alice)
    enrol(program, members(20))
    assert rows(program, "funnel")["Matched"] == 0
    round_ = round_start(user=alice, program=program)
    round_execute(round_.pk, round_.attempt)
    round_publish(user=alice, round_=round_.__class__.objects.get(pk=round_.pk))
    assert rows(program, "funnel")["Matched"] == 2 * Partnership.objects.count() > 0


def test_a_held_session_a_rating_and_a_log_entry_count_at_once(alice: Any) -> None:
    program, partnerships = published(alice)
    assert rows(program, "funnel")["Active (met lately)"] == 0
    assert rows(program, "satisfaction")["4 / 5"] == 0
    _activity(partnerships[:1])
    assert rows(program, "funnel")["Active (met lately)"] == 2
    assert sum(rows(program, "sessions").values()) == 1
    assert rows(program, "satisfaction")["4 / 5"] == 1
    assert rows(program, "growth") == {"Peers learned": 2.0}


def test_invitations_an_import_writes_in_bulk_count_at_once(alice: Any) -> None:
    program, _ = published(alice)
    assert rows(program, "funnel")["Invited or joined"] == 20
    Invitation.objects.bulk_create(
        Invitation(program=program, email=f"new{i}@example.com") for i in range(3)
    )
    assert rows(program, "funnel")["Invited or joined"] == 23


def test_learning_flowing_one_way_puts_a_partnership_at_risk_at_once(alice: Any) -> None:
    program, partnerships = published(alice)
    assert at_risk(program) == []
    p = partnerships[0]
    for _ in range(4):
        LearningEntry.objects.create(partnership=p, author=p.member_high, text="learned")
    (risk,) = at_risk(program)
    assert risk.partnership.pk == p.pk and risk.one_sided
    assert "flows only from" in risk.reason


def test_an_ended_partnership_leaves_the_at_risk_list_at_once(alice: Any) -> None:
    program, partnerships = published(alice)
    p = partnerships[0]
    for _ in range(4):
        LearningEntry.objects.create(partnership=p, author=p.member_high, text="learned")
    assert len(at_risk(program)) == 1
    p.status = Partnership.Status.COMPLETED
    p.save()
    assert at_risk(program) == []
