"""Every notification the partnership workflows send reads right for the member who gets it: they
are "you", the other member is named, numbers agree with their nouns ("1 week", never "1
weeks"), no text needs a pronoun (profiles record none), and times are in the reader's own time
zone. Alice lives in Berlin, Bob in Los Angeles; each case runs with Alice acting and with Bob
acting, so a sentence right for one reader only is caught."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from twoway.notifications.models import Notification
from twoway.partnerships import learning, periodic, requests, services, sessions
from twoway.partnerships.models import Partnership
from twoway.partnerships.tests.helpers import partner, swap_profiles
from twoway.people.models import name_of

ZONES = {"alice": "Europe/Berlin", "bob": "America/Los_Angeles"}
# 18:30 in London on Tuesday 4 March 2031: 19:30 in Berlin, 10:30 in Los Angeles.
SESSION_DAY, SESSION_AT = date(2031, 3, 4), time(18, 30)
LOCAL = {
    "alice": "Tue 4 Mar 2031, 19:30 CET, 60 minutes",
    "bob": "Tue 4 Mar 2031, 10:30 PST, 60 minutes",
}
WRONG = re.compile(
    r"\byou (teaches|has|is|was|wants|learns|asks)\b|\b1 (weeks|sessions|minutes|things|days)\b"
    r"|\b(he|she|him|her|his|hers|they|them|their)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Said:
    """A notification someone should get: to whom (a persona's name), its title and body."""

    to: str
    title: str
    body: str | None = None  # None: any body


@dataclass(frozen=True)
class Pair:
    """The acting member and the other one; ``partnership()`` makes theirs (the actor asks)."""

    me: Any
    you: Any

    def partnership(self) -> Partnership:
        return partner(self.me, self.you)


def _asked(pair: Pair) -> list[Said]:
    requests.request_create(sender=pair.me, receiver=pair.you, message="Shall we swap?")
    you = pair.you.first_name.lower()
    return [Said(you, f"{pair.me.first_name} would like to partner with you", "Shall we swap?")]


def _accepted(pair: Pair) -> list[Said]:
    pair.partnership()
    return [Said(pair.me.first_name.lower(), f"{pair.you.first_name} accepted your request", "")]


def _declined(pair: Pair) -> list[Said]:
    asked = requests.request_create(sender=pair.me, receiver=pair.you, message="Shall we swap?")
    requests.request_decline(user=pair.you, request_id=asked.pk, reason="no time this spring")
    me = pair.me.first_name.lower()
    return [Said(me, f"{pair.you.first_name} declined your request", "Reason: no time this spring")]


def _withdrawn(pair: Pair) -> list[Said]:
    asked = requests.request_create(sender=pair.me, receiver=pair.you, message="Shall we swap?")
    requests.request_withdraw(user=pair.me, request_id=asked.pk)
    you = pair.you.first_name.lower()
    return [Said(you, f"{pair.me.first_name} withdrew the request to partner with you", "")]


def _thread(pair: Pair) -> list[Said]:
    asked = requests.request_create(sender=pair.me, receiver=pair.you, message="Shall we swap?")
    requests.request_message_add(user=pair.you, request_id=asked.pk, text="Which evenings?")
    requests.request_message_add(user=pair.me, request_id=asked.pk, text="Tuesdays.")
    requests.request_message_add(user=pair.you, request_id=asked.pk, text="Tuesday it is.")
    me, you = pair.me.first_name, pair.you.first_name
    return [
        Said(me.lower(), f"{you} asked about your request", "Which evenings?"),
        Said(you.lower(), f"{me} replied about the request to partner with you", "Tuesdays."),
        Said(me.lower(), f"{you} replied about your request", "Tuesday it is."),
    ]


def _scheduled_and_due(pair: Pair) -> list[Said]:
    session = sessions.session_schedule(
        user=pair.me, partnership=pair.partnership(), day=SESSION_DAY, at=SESSION_AT,
        tz="Europe/London",
    )  # fmt: skip
    periodic.remind_sessions_due(session.starts_at - timedelta(hours=12))
    me, you = pair.me.first_name, pair.you.first_name
    return [
        Said(you.lower(), f"{me} scheduled a session", LOCAL[you.lower()]),
        Said(me.lower(), f"Your session with {you} is coming up", LOCAL[me.lower()]),
        Said(you.lower(), f"Your session with {me} is coming up", LOCAL[you.lower()]),
    ]


def _quiet_for(weeks: int) -> Callable[[Pair], list[Said]]:
    def case(pair: Pair) -> list[Said]:
        from django.conf import settings

        settings.PARTNERSHIP_QUIET_WEEKS = weeks
        partnership = pair.partnership()
        started = timezone.now() - timedelta(weeks=weeks + 1)
        Partnership.objects.filter(pk=partnership.pk).update(started_at=started)
        periodic.nudge_quiet(timezone.now())
        me, you = pair.me.first_name, pair.you.first_name
        span = "1 week" if weeks == 1 else f"{weeks} weeks"
        return [
            Said(me.lower(), f"You and {you} haven't met for {span}"),
            Said(you.lower(), f"You and {me} haven't met for {span}"),
        ]

    return case


def _one_sided(pair: Pair) -> list[Said]:
    partnership = pair.partnership()
    for text in ("Frames", "Auto layout", "Components", "Variants"):
        learning.learning_log(user=pair.me, partnership=partnership, text=text)
    periodic.nudge_one_sided(timezone.now())
    me, you = pair.me.first_name, pair.you.first_name
    return [
        Said(me.lower(), f"So far learning flows only from {you} to you"),
        Said(you.lower(), f"So far learning flows only from you to {me}"),
    ]


def _ended(early: bool) -> Callable[[Pair], list[Said]]:
    def case(pair: Pair) -> list[Said]:
        partnership = pair.partnership()
        reason = "We both changed teams." if early else ""
        services.partnership_end(user=pair.me, partnership=partnership, early=early, reason=reason)
        verb = "ended your partnership early" if early else "marked your partnership complete"
        body = (reason + "\n\n" if reason else "") + "Share your feedback and update your skill"
        return [Said(pair.you.first_name.lower(), f"{pair.me.first_name} {verb}", body)]

    return case


CASES: dict[str, Callable[[Pair], list[Said]]] = {
    "request received": _asked,
    "request accepted": _accepted,
    "request declined": _declined,
    "request withdrawn": _withdrawn,
    "questions and replies": _thread,
    "session scheduled and due": _scheduled_and_due,
    "quiet for 1 week": _quiet_for(1),
    "quiet for 3 weeks": _quiet_for(3),
    "learning one way": _one_sided,
    "ended early": _ended(True),
    "completed": _ended(False),
}


@pytest.fixture
def people(alice: Any, bob: Any, settings: Any) -> dict[str, Any]:
    swap_profiles(alice, bob)
    for user in (alice, bob):
        user.profile.timezone = ZONES[user.first_name.lower()]
        user.profile.save()
    return {"alice": alice, "bob": bob}


def _found(said: Said, people: dict[str, Any]) -> Notification:
    rows = Notification.objects.filter(recipient=people[said.to], title=said.title)
    titles = list(Notification.objects.filter(recipient=people[said.to]).values_list("title"))
    assert rows.exists(), f"{said.to} never read {said.title!r}; got {titles}"
    return rows.get()


@pytest.mark.parametrize("acting", ["alice", "bob"])
@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_notification_reads_right_for_its_reader(
    case: str, acting: str, people: dict[str, Any]
) -> None:
    me, you = people[acting], people["bob" if acting == "alice" else "alice"]
    expected = CASES[case](Pair(me, you))
    for said in expected:
        row = _found(said, people)
        if said.body is not None:
            assert row.body.startswith(said.body), (row.body, said.body)
    for row in Notification.objects.select_related("recipient__profile"):
        text = f"{row.title}\n{row.body}"
        assert not WRONG.search(text), text
        assert name_of(row.recipient) not in text, f"{row.recipient} named as a stranger: {text}"


def test_the_checks_catch_the_sentences_they_exist_for() -> None:
    for wrong in ("you teaches Figma", "haven't met for 1 weeks", "Alice withdrew their request"):
        assert WRONG.search(wrong), wrong
    assert not WRONG.search("You and Bob haven't met for 1 week")
