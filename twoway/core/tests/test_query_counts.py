"""The busiest pages keep a fixed number of queries however much they show (no query per row).

Each page is built with a realistic amount of data (ROWS partners, goals, sessions, log entries,
members, partnerships, messages, threads), fetched once to warm per-process caches, then fetched
again under pytest-django's ``django_assert_max_num_queries``. Every collection on these pages
holds at least ROWS rows, so a page that starts to query per row goes past its maximum by several
queries.

Alice is the member whose pages are counted; Bob is her partner; Priya manages the program.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from twoway.conversations.models import Message
from twoway.conversations.services import thread_of
from twoway.network.models import Circle
from twoway.network.tests.helpers import circle_learned, circle_with, member, partnered
from twoway.partnerships.models import (
    AgendaItem,
    Feedback,
    Goal,
    LearningEntry,
    LevelChange,
    Partnership,
    Session,
)
from twoway.partnerships.tests.helpers import partner, swap_profiles
from twoway.people.models import Skill
from twoway.people.tests.helpers import make_complete
from twoway.programs.publish import round_publish
from twoway.programs.rounds import program_partnerships, round_execute, round_start
from twoway.programs.tests.helpers import enrol, members, program_for

ROWS = 8
SKILLS = ["SQL", "Figma", "Python", "Go", "Kubernetes", "Rust", "TypeScript", "Docker"]

# Each maximum is the count measured on 2026-12-02 (SQLite) plus 2; the counts were the same with
# ROWS = 8 and ROWS = 24. When a page needs more queries on purpose, measure again and write the
# new count here.
# Every member's page also counts their unread messages once for the top bar's "Messages" link.
# The partnership page (16 before its messages section) needs 5 more for the section, whatever
# the number of messages: the thread, its latest messages, the unread count, and reading it (the
# read mark and the thread's notifications, one UPDATE each).
PARTNERSHIP_PAGE_MAX = 16 + 5 + 1 + 2
NETWORK_PAGE_MAX = 38 + 1 + 2
SUGGESTIONS_PAGE_MAX = 22 + 1 + 2
DASHBOARD_PAGE_MAX = 26 + 1 + 2
# Measured on 2026-12-02 with the top bar's count included.
CIRCLE_PAGE_MAX = 17 + 2
INBOX_PAGE_MAX = 9 + 2


@pytest.fixture(autouse=True)
def _quick_passwords(settings: Any) -> None:
    # Dozens of members each hash a password: Argon2 would make these tests slow, not stricter.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def page_within(client: Client, user: Any, url: str, most: int, guard: Any) -> str:
    """Fetch ``url`` as ``user`` once to warm caches, then again within ``most`` queries."""
    assert client.login(email=user.email, password=PASSWORD)
    assert client.get(url).status_code == 200
    with guard(most):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def skills(*names: str) -> list[Skill]:
    found = {s.name: s for s in Skill.objects.filter(name__in=names)}
    return [found[name] for name in names]


def busy_partnership(alice: Any, bob: Any, rows: int = ROWS) -> Partnership:
    """Alice and Bob's partnership with ``rows`` goals, sessions (two agenda items each) and log
    entries (two skills each) and messages, written by both in turn."""
    swap_profiles(alice, bob)
    partnership = partner(alice, bob)
    catalogue = skills(*SKILLS)
    now = timezone.now()
    for i in range(rows):
        owner = (alice, bob)[i % 2]
        skill = catalogue[i % len(catalogue)]
        Goal.objects.create(
            partnership=partnership,
            owner=owner,
            text=f"Goal {i}",
            skill=skill,
            progress=i * 10 % 100,
        )
        session = Session.objects.create(
            partnership=partnership,
            starts_at=now + timedelta(days=2 * i - rows),
            created_by=owner,
            status="held" if 2 * i < rows else "scheduled",
        )
        for j in range(2):
            AgendaItem.objects.create(session=session, author=owner, text=f"Point {i}.{j}")
        entry = LearningEntry.objects.create(
            partnership=partnership, session=session, author=owner, text=f"Learned {i}"
        )
        entry.skills.set([skill, catalogue[(i + 1) % len(catalogue)]])
        Message.objects.create(thread=thread_of(partnership), author=owner, text=f"Message {i}")
    return partnership


def busy_network(make_user: Any, rows: int = ROWS) -> Any:
    """Alice with ``rows`` past partners (each with a partner of their own, two steps from her,
    and log entries both ways) and a circle of ``rows`` more members with its own log."""
    alice = member(make_user, "Alice", teaches={"SQL": 4})
    circle = [alice]
    for i in range(rows):
        skill = SKILLS[1 + i % (len(SKILLS) - 1)]
        friend = member(make_user, f"Friend{i}", teaches={skill: 4, "Kubernetes": 3})
        further = member(make_user, f"Further{i}", teaches={"Kubernetes": 5})
        partnered(alice, friend, learned=[(alice, skill), (friend, "SQL")])
        partnered(friend, further, learned=[(friend, "Kubernetes")])
        circle.append(member(make_user, f"Circler{i}", teaches={"Kubernetes": 2}))
    group = circle_with(circle)
    for teacher in circle[1:]:
        circle_learned(group, alice, teacher, "Kubernetes")
    return alice


def chatty_network(make_user: Any, rows: int = ROWS) -> Any:
    """:func:`busy_network`'s Alice with a message from each past partner (``rows`` threads) and
    one from each member of her circle (``rows`` messages), none of them read yet."""
    alice = busy_network(make_user, rows)
    circle = Circle.objects.get()
    for membership in circle.current().exclude(user=alice).select_related("user"):
        Message.objects.create(thread=thread_of(circle), author=membership.user, text="Hello all")
    for partnership in Partnership.objects.involving(alice):
        friend = partnership.partner_of(alice)
        Message.objects.create(thread=thread_of(partnership), author=friend, text="Thanks again")
    return alice


def crowd(make_user: Any, alice: Any, bob: Any, rows: int = ROWS) -> None:
    """Alice teaches SQL and wants Figma; Bob and ``rows`` others teach Figma and want SQL."""
    swap_profiles(alice, bob)
    for i in range(rows):
        peer = make_user(f"peer{i}@example.com", first_name=f"Peer{i}")
        other = SKILLS[2 + i % (len(SKILLS) - 2)]
        make_complete(peer, teaches={"Figma": 3 + i % 3, other: 4}, learns={"SQL": 3, other: 1})


def busy_program(priya: Any, rows: int = ROWS) -> Any:
    """A published round of ``2 × rows`` participants; every partnership has sessions, log
    entries, a level raised and, for half of them, feedback after completing; the other half
    has gone quiet with learning flowing one way (at risk)."""
    program = program_for(priya, name="Busy cohort")
    enrol(program, members(2 * rows))
    round_ = round_start(user=priya, program=program)
    round_execute(round_.pk, round_.attempt)
    round_.refresh_from_db()
    round_publish(user=priya, round_=round_)
    long_ago = timezone.now() - timedelta(weeks=10)
    for i, partnership in enumerate(program_partnerships(program).order_by("pk")):
        low, high = partnership.member_low, partnership.member_high
        skill = low.profile.teaches.first().skill
        Session.objects.create(
            partnership=partnership, starts_at=long_ago, created_by=low, status="held"
        )
        LearningEntry.objects.create(partnership=partnership, author=high, text="Learned")
        LevelChange.objects.create(user=high, skill=skill, old=1, new=3, partnership=partnership)
        if i % 2:
            Partnership.objects.filter(pk=partnership.pk).update(started_at=long_ago)
            continue
        LearningEntry.objects.create(partnership=partnership, author=low, text="Learned too")
        Session.objects.create(
            partnership=partnership,
            created_by=high,
            starts_at=timezone.now() - timedelta(days=3),
            status="held",
        )
        Partnership.objects.filter(pk=partnership.pk).update(status="completed")
        Feedback.objects.create(partnership=partnership, author=low, rating=4)
        Feedback.objects.create(partnership=partnership, author=high, rating=5)
    return program


def test_the_partnership_page_does_not_query_per_goal_session_or_entry(
    client: Client, alice: Any, bob: Any, django_assert_max_num_queries: Any
) -> None:
    url = busy_partnership(alice, bob).get_absolute_url()
    page = page_within(client, alice, url, PARTNERSHIP_PAGE_MAX, django_assert_max_num_queries)
    assert f"Goal {ROWS - 1}" in page and f"Point {ROWS - 1}.1" in page
    assert f"Message {ROWS - 1}" in page


def test_the_circle_page_does_not_query_per_member_entry_or_message(
    client: Client, make_user: Any, django_assert_max_num_queries: Any
) -> None:
    alice = chatty_network(make_user)
    url = Circle.objects.get().get_absolute_url()
    page = page_within(client, alice, url, CIRCLE_PAGE_MAX, django_assert_max_num_queries)
    assert page.count("Hello all") == ROWS and f"Circler{ROWS - 1}" in page


def test_the_messages_inbox_does_not_query_per_thread(
    client: Client, make_user: Any, django_assert_max_num_queries: Any
) -> None:
    alice = chatty_network(make_user)
    page = page_within(client, alice, "/messages/", INBOX_PAGE_MAX, django_assert_max_num_queries)
    assert page.count("Thanks again") == ROWS and page.count('class="card inbox-row"') == ROWS + 1


def test_the_network_page_does_not_query_per_connection(
    client: Client, make_user: Any, django_assert_max_num_queries: Any
) -> None:
    alice = busy_network(make_user)
    url = "/network/?skill=Kubernetes"
    page = page_within(client, alice, url, NETWORK_PAGE_MAX, django_assert_max_num_queries)
    assert f"Further{ROWS - 1}" in page and f"Circler{ROWS - 1}" in page


def test_the_suggestions_page_does_not_query_per_suggestion(
    client: Client, make_user: Any, alice: Any, bob: Any, django_assert_max_num_queries: Any
) -> None:
    crowd(make_user, alice, bob)
    page = page_within(
        client, alice, "/suggestions/", SUGGESTIONS_PAGE_MAX, django_assert_max_num_queries
    )
    assert f"Peer{ROWS - 1}" in page


def test_the_program_dashboard_does_not_query_per_partnership(
    client: Client, priya: Any, django_assert_max_num_queries: Any
) -> None:
    program = busy_program(priya)
    url = f"/programs/{program.pk}/dashboard/"
    page = page_within(client, priya, url, DASHBOARD_PAGE_MAX, django_assert_max_num_queries)
    assert "no session in" in page
