"""Everything about one member, as plain data (``collect``) and as a zip archive (``archive``).

What goes in, and what stays out on purpose:

- their account, profile, skills, languages and weekly availability;
- requests they sent and received, with the short thread each one carries;
- each partnership's shared record (dates, agreement, sessions and their agendas) with *their*
  goals, *their* learning-log entries and the feedback *they* gave. The partner's goals, log
  entries and feedback are the partner's and stay out;
- messages: every message of their partnership threads (written to them or by them), and only
  their own messages in circle threads (the rest was written to the whole circle);
- their posts, their comments, their notifications and notification choices;
- circles (seats, what they wrote in circle logs), program enrolments, introductions they
  asked for, circle-queue places, level changes, saved or hidden suggestions;
- API tokens (name and last four characters, never the secret) and signed-in sessions.

Other members appear by display name only, never by email.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.conversations.models import Message
from twoway.network.models import CircleLearning, CircleWait, Introduction, Membership
from twoway.notifications.models import Notification
from twoway.partnerships.models import (
    AgendaItem,
    Feedback,
    Goal,
    LearningEntry,
    LevelChange,
    Partnership,
    Request,
    RequestMessage,
    Session,
    SuggestionMark,
)
from twoway.people.models import Profile, name_of
from twoway.posts.models import Comment, Post
from twoway.programs.models import Enrolment
from twoway.scheduling.models import Availability

FORMAT = "twoway-data-export/1"
JSON_NAME = "twoway-data.json"
SUMMARY_NAME = "summary.html"


def _rows(rows: QuerySet[Any], *fields: str, **named: Any) -> list[dict[str, Any]]:
    return list(rows.values(*fields, **named))


def collect(user: User) -> dict[str, Any]:
    """The member's data as JSON-ready dicts and lists (dates stay datetimes until dumped)."""
    return {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "account": _account(user),
        "profile": _profile(user),
        "availability": _rows(Availability.objects.filter(user=user), "weekday", "start", "end"),
        "requests": _requests(user),
        "partnerships": [_partnership(p, user) for p in _partnerships(user)],
        "messages": _messages(user),
        "posts": _rows(
            Post.objects.filter(author=user),
            *("title", "slug", "status", "visibility", "body", "published_at", "created_at"),
        ),
        "comments": _rows(
            Comment.objects.filter(author=user),
            *("body", "status", "name", "website", "created_at", "published_at"),
            post_title=F("post__title"),
        ),
        "notifications": _rows(
            Notification.objects.filter(recipient=user),
            *("kind", "title", "body", "url", "created_at", "read_at", "emailed_at"),
        ),
        "notification_choices": _rows(
            user.notification_preferences.all(), "kind", "in_app", "email"
        ),
        "circles": _circles(user),
        "programs": _rows(
            Enrolment.objects.filter(user=user),
            *("role", "status", "source", "team", "capacity", "answers", "created_at"),
            program_name=F("program__name"),
        ),
        "network": _network(user),
        "growth": _rows(
            LevelChange.objects.filter(user=user), "old", "new", "at", skill_name=F("skill__name")
        ),
        "security": _security(user),
    }


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "email_verified": user.email_verified,
        "name": user.first_name,
        "joined": user.date_joined,
        "last_login": user.last_login,
    }


def _profile(user: User) -> dict[str, Any]:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return {}
    data: dict[str, Any] = Profile.objects.filter(pk=profile.pk).values(
        *("display_name", "handle", "headline", "bio", "role", "organisation", "team"),
        *("years_experience", "timezone", "open_to_partners", "capacity", "created_at"),
    )[0]
    data["languages"] = profile.language_list
    data["has_photo"] = bool(profile.photo)
    data["teaches"] = _rows(profile.teaches.all(), "level", "note", skill_name=F("skill__name"))
    data["learns"] = _rows(profile.learns.all(), "priority", "why", skill_name=F("skill__name"))
    return data


def _names(users: Iterable[Any]) -> dict[int, str]:
    ids = {getattr(u, "pk", u) for u in users}
    return {u.pk: name_of(u) for u in User.objects.filter(pk__in=ids).select_related("profile")}


def _requests(user: User) -> dict[str, list[dict[str, Any]]]:
    rows = list(Request.objects.involving(user).prefetch_related("learn_skills", "teach_skills"))
    names = _names([r.sender_id for r in rows] + [r.receiver_id for r in rows])
    thread = _thread_by_request([r.pk for r in rows], names)
    out: dict[str, list[dict[str, Any]]] = {"sent": [], "received": []}
    for r in rows:
        sent = r.sender_id == user.pk
        out["sent" if sent else "received"].append(
            {
                ("to" if sent else "from"): names[r.receiver_id if sent else r.sender_id],
                "message": r.message,
                "status": r.status,
                "decline_reason": r.decline_reason,
                "sender_learns": [s.name for s in r.learn_skills.all()],
                "sender_teaches": [s.name for s in r.teach_skills.all()],
                "created_at": r.created_at,
                "answered_at": r.answered_at,
                "thread": thread.get(r.pk, []),
            }
        )
    return out


def _thread_by_request(ids: list[int], names: dict[int, str]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for m in RequestMessage.objects.filter(request_id__in=ids):
        out.setdefault(m.request_id, []).append(
            {"by": names.get(m.author_id, ""), "text": m.text, "at": m.created_at}
        )
    return out


def _partnerships(user: User) -> QuerySet[Partnership]:
    return Partnership.objects.involving(user).select_related(
        "member_low__profile", "member_high__profile"
    )


def _partnership(p: Partnership, user: User) -> dict[str, Any]:
    """The shared record, with only this member's own goals, log entries and feedback."""
    mine = {"partnership": p}
    return {
        "partner": name_of(p.partner_of(user)),
        "status": p.status,
        "cadence": p.cadence,
        "expectations": p.expectations,
        "planned_end": p.planned_end,
        "started_at": p.started_at,
        "ended_at": p.ended_at,
        "end_reason": p.end_reason,
        "sessions": _sessions(p, user),
        "my_goals": _rows(
            Goal.objects.filter(**mine, owner=user),
            *("text", "progress", "done", "created_at"),
            skill_name=F("skill__name"),
        ),
        "my_learning_log": [
            {
                "kind": e.kind,
                "text": e.text,
                "skills": [s.name for s in e.skills.all()],
                "created_at": e.created_at,
            }
            for e in LearningEntry.objects.filter(**mine, author=user).prefetch_related("skills")
        ],
        "my_feedback": _rows(
            Feedback.objects.filter(**mine, author=user),
            *("rating", "text", "managers_only", "created_at"),
        ),
    }


def _sessions(p: Partnership, user: User) -> list[dict[str, Any]]:
    sessions = Session.objects.filter(partnership=p)
    agenda: dict[int, list[dict[str, Any]]] = {}
    for item in AgendaItem.objects.filter(session__partnership=p):
        by_me = item.author_id == user.pk
        agenda.setdefault(item.session_id, []).append({"text": item.text, "by_me": by_me})
    return [
        {
            "starts_at": s.starts_at,
            "timezone": s.timezone,
            "duration_minutes": s.duration_minutes,
            "place": s.place,
            "link": s.link,
            "status": s.status,
            "agenda": agenda.get(s.pk, []),
        }
        for s in sessions
    ]


def _messages(user: User) -> list[dict[str, Any]]:
    partnerships = Partnership.objects.involving(user).values("pk")
    rows = (
        Message.objects.filter(Q(thread__partnership__in=partnerships) | Q(author=user))
        .select_related(
            "thread__circle",
            "author__profile",
            "thread__partnership__member_low__profile",
            "thread__partnership__member_high__profile",
        )
        .order_by("created_at", "id")
    )
    return [
        {
            "thread": _thread_name(m, user),
            "by": name_of(m.author),
            "by_me": m.author_id == user.pk,
            "text": m.text,
            "at": m.created_at,
        }
        for m in rows
    ]


def _thread_name(message: Message, user: User) -> str:
    thread = message.thread
    if thread.circle is not None:
        return gettext("Circle: %(name)s") % {"name": thread.circle.name}
    assert thread.partnership is not None
    return gettext("Partnership with %(name)s") % {
        "name": name_of(thread.partnership.partner_of(user))
    }


def _circles(user: User) -> dict[str, Any]:
    return {
        "seats": _rows(
            Membership.objects.filter(user=user),
            "joined_at",
            "left_at",
            circle_name=F("circle__name"),
        ),
        "my_learning_log": _rows(
            CircleLearning.objects.filter(author=user),
            "text",
            "created_at",
            circle_name=F("circle__name"),
            learned_from_name=F("learned_from__profile__display_name"),
        ),
        "queue": _rows(
            CircleWait.objects.filter(user=user),
            *("status", "size", "created_at", "ended_at"),
            circle_name=F("circle__name"),
        ),
    }


def _network(user: User) -> dict[str, Any]:
    settings = getattr(user, "network_settings", None)
    return {
        "visibility": settings.visibility if settings else "connections",
        "introductions_asked": _rows(
            Introduction.objects.filter(requester=user),
            *("message", "status", "note", "created_at", "answered_at"),
            via_name=F("via__profile__display_name"),
            to_name=F("target__profile__display_name"),
            skill_name=F("skill__name"),
        ),
        "suggestions_marked": _rows(
            SuggestionMark.objects.filter(owner=user),
            "kind",
            "created_at",
            member_name=F("other__profile__display_name"),
        ),
    }


def _security(user: User) -> dict[str, Any]:
    return {
        "api_tokens": _rows(
            user.api_tokens.all(), "name", "hint", "created_at", "last_used_at", "revoked_at"
        ),
        "sessions": _rows(
            user.member_sessions.all(), "user_agent", "ip", "created_at", "last_seen_at"
        ),
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def archive(data: dict[str, Any]) -> bytes:
    """A zip holding the data as JSON and a readable HTML summary of the same data."""
    text = to_json(data)
    # The summary reads the JSON back, so it shows exactly what the file holds.
    summary = render_to_string("privacy/export_summary.html", {"data": json.loads(text)})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(JSON_NAME, text)
        zf.writestr(SUMMARY_NAME, summary)
    return buffer.getvalue()
