"""The partnership page's context, gathered in a fixed number of queries.

:func:`detail_context` is everything the page shows one of its two members, section by section
(:func:`sections_for` names them, in order, for the page's section nav); :func:`levels_for` lists
the skills a member may re-level once the partnership has ended.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.conversations.page_context import thread_context
from twoway.conversations.services import thread_of, unread_count
from twoway.partnerships.calendar import feed_url
from twoway.partnerships.forms import (
    AgendaForm,
    AgreementForm,
    EndForm,
    FeedbackForm,
    GoalForm,
    LearningForm,
    LevelsForm,
    SessionForm,
)
from twoway.partnerships.learning import balance_of
from twoway.partnerships.models import AgendaItem, Feedback, Goal, LearningEntry, Partnership
from twoway.partnerships.services import feedback_visible
from twoway.partnerships.sessions import meeting_room_url
from twoway.people.models import Profile, Skill, Teaching


def _profiles(partnership: Partnership) -> dict[int, Profile]:
    rows = Profile.objects.with_skills().filter(
        user_id__in=[partnership.member_low_id, partnership.member_high_id]
    )
    return {p.user_id: p for p in rows}


def levels_for(user: User, partnership: Partnership) -> list[tuple[Skill, int]]:
    """Skills the member may re-level at the end: what they teach, learned or aimed to learn."""
    profile = Profile.objects.get(user=user)
    current = {t.skill_id: t.level for t in Teaching.objects.filter(profile=profile)}
    ids = set(current)
    ids |= set(
        Goal.objects.filter(partnership=partnership, owner=user, skill__isnull=False).values_list(
            "skill_id", flat=True
        )
    )
    learned = LearningEntry.objects.filter(partnership=partnership, author=user, kind="learned")
    ids |= set(Skill.objects.filter(pk__in=learned.values("skills")).values_list("pk", flat=True))
    skills = Skill.objects.filter(pk__in=ids).order_by("name")
    return [(skill, current.get(skill.pk, 0)) for skill in skills]


def sections_for(partnership: Partnership) -> list[tuple[str, str]]:
    """The page's sections as (anchor, label); a closed partnership leads with its feedback."""
    sections = [
        ("overview", gettext("Overview")),
        ("goals", gettext("Goals")),
        ("sessions", gettext("Sessions")),
        ("learning", gettext("Learning log")),
        ("messages", gettext("Messages")),
        ("agreement", gettext("Agreement")),
    ]
    if not partnership.is_active:
        sections.insert(1, ("feedback", gettext("Feedback")))
    return sections


def _thread(user: User, partnership: Partnership) -> dict[str, Any]:
    # The views fetch the partnership with the partners' own getter; this check costs no query.
    if not partnership.has_member(user):
        raise Http404("No such partnership.")
    thread = thread_of(partnership)
    context = thread_context(user=user, thread=thread)
    context["unread"] = unread_count(user=user, thread=thread)
    return context


def detail_context(user: User, partnership: Partnership) -> dict[str, Any]:
    """Everything the partnership page needs, for one of its two members."""
    profiles = _profiles(partnership)
    partner = partnership.partner_of(user)
    me_profile, partner_profile = profiles[user.pk], profiles[partner.pk]
    # {% when %} reads the reader's zone from user.profile: hand it the profile loaded here.
    user.profile = me_profile
    goals = list(partnership.goals.select_related("skill"))
    sessions = list(
        partnership.sessions.prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("author__profile"))
        )
    )
    entries = list(
        partnership.learning_entries.select_related("author__profile", "session").prefetch_related(
            "skills"
        )
    )
    log_skills = sorted(
        {t.skill for p in (me_profile, partner_profile) for t in p.teaches.all()},
        key=lambda s: s.name,
    )
    feedback = feedback_visible(user=user, partnership=partnership)
    balance = balance_of(partnership, entries)
    my_tz = me_profile.timezone
    return {
        **_thread(user, partnership),
        "sections": sections_for(partnership),
        "i_logged": any(e.author_id == user.pk for e in entries),
        "partnership": partnership,
        "me": user,
        "partner": partner,
        "me_profile": me_profile,
        "partner_profile": partner_profile,
        "my_goals": [g for g in goals if g.owner_id == user.pk],
        "partner_goals": [g for g in goals if g.owner_id != user.pk],
        "sessions": sessions,
        "entries": entries,
        "balance": balance,
        # Seen from the viewer: what flowed from me (teal), what flowed to me (purple).
        "flow_out": balance.one if balance.one.teacher.pk == user.pk else balance.two,
        "flow_in": balance.two if balance.one.teacher.pk == user.pk else balance.one,
        "log_skills": log_skills,
        "feedback": feedback,
        "gave_feedback": Feedback.objects.filter(partnership=partnership, author=user).exists(),
        "feed_url": feed_url(partnership, user),
        "agreement_form": AgreementForm(instance=partnership, auto_id="agreement_%s"),
        "goal_form": GoalForm(auto_id="goal_%s"),
        "session_form": SessionForm(
            initial={"tz": my_tz, "duration_minutes": 60, "link": meeting_room_url()},
            auto_id="session_%s",
        ),
        "agenda_form": AgendaForm(auto_id="agenda_%s"),
        "learning_form": LearningForm(skills=log_skills, sessions=sessions, auto_id="log_%s"),
        "end_form": EndForm(auto_id="end_%s"),
        "feedback_form": FeedbackForm(auto_id="feedback_%s"),
        "levels_form": LevelsForm(levels=levels_for(user, partnership), auto_id="levels_%s")
        if not partnership.is_active
        else None,
    }
