"""Partnerships API: suggestions, requests, the partnership, its goals, sessions, learning log,
balance, ending, feedback and skill levels. Every endpoint calls the same service as the pages.

Refusals: 404 when the caller is not in the pair (existence stays private), 403 when it's the
other member's move or the caller's email is unverified, 409 when the state forbids the action,
422 for bad input. Members are named by profile handle; no email ever leaves here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from twoway.core.api import ShortText, errors, member
from twoway.core.web import AuthedRequest
from twoway.partnerships import (
    calendar,
    goals,
    learning,
    requests,
    services,
    sessions,
    suggestions,
)
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
)
from twoway.partnerships.schemas import (
    AgendaItemOut,
    AgreementIn,
    BalanceOut,
    EndIn,
    EntryIn,
    EntryOut,
    FeedbackIn,
    FeedbackOut,
    FeedUrlOut,
    GoalIn,
    GoalOut,
    GoalPatch,
    LevelChangeOut,
    LevelIn,
    MarkIn,
    MarkOut,
    MessageOut,
    PartnershipDetailOut,
    PartnershipOut,
    ReasonIn,
    RequestIn,
    RequestOut,
    RequestsOut,
    SessionIn,
    SessionOut,
    StatusIn,
    SuggestionOut,
    TextIn,
    balance_out,
    calendar_feed_url,
)
from twoway.people.models import Profile

router = Router(tags=["partnerships"])
F = TypeVar("F", bound=Callable[..., Any])


# --- Schemas ----------------------------------------------------------------------------------


def _suggestion(item: suggestions.Suggestion) -> dict[str, Any]:
    return {
        "member": member(item.profile.user),
        "percent": item.percent,
        "two_way": item.two_way,
        "explanation": item.explanation,
        "caveat": item.caveat,
        "i_can_teach": item.i_teach,
        "they_can_teach": item.they_teach,
        "mark": item.mark,
        "request_pending": item.pending,
    }


@router.get(
    "/suggestions",
    response={200: list[SuggestionOut], **errors()},
    summary="Ranked partner suggestions for you",
)
def suggestions_list(
    request: AuthedRequest,
    skill: ShortText = "",
    team: ShortText = "",
    tz: ShortText = "",
    show: ShortText = "",
) -> list[dict[str, Any]]:
    found = suggestions.suggestions_for(user=request.user, skill=skill, team=team, tz=tz, show=show)
    return [_suggestion(item) for item in found.items]


def _other(handle: str) -> Any:
    return get_object_or_404(Profile.objects.select_related("user"), handle=handle).user


@router.put(
    "/suggestions/{handle}/mark",
    response={200: MarkOut, **errors(404)},
    summary="Hide or save a suggested member",
)
def suggestion_mark(request: AuthedRequest, handle: str, payload: MarkIn) -> dict[str, str]:
    mark = suggestions.suggestion_mark(user=request.user, other=_other(handle), kind=payload.kind)
    return {"handle": handle, "kind": mark.kind}


@router.delete(
    "/suggestions/{handle}/mark",
    response={204: None, **errors(404)},
    summary="Clear your mark on a member",
)
def suggestion_unmark(request: AuthedRequest, handle: str) -> Status[None]:
    suggestions.suggestion_unmark(user=request.user, other=_other(handle))
    return Status(204, None)


# --- Requests ---------------------------------------------------------------------------------


@router.get("/requests", response={200: RequestsOut, **errors()}, summary="Your requests")
def requests_list(request: AuthedRequest) -> dict[str, list[Request]]:
    return requests.requests_for(user=request.user)


@router.post(
    "/requests",
    response={201: RequestOut, **errors(403, 404, 409)},
    summary="Ask a member to partner",
)
def request_create(request: AuthedRequest, payload: RequestIn) -> Status[Request]:
    created = requests.request_create(
        sender=request.user,
        receiver=_other(payload.receiver),
        message=payload.message,
        learn_skills=payload.learn_skills,
        teach_skills=payload.teach_skills,
    )
    return Status(201, created)


@router.get("/requests/{pk}", response={200: RequestOut, **errors(404)}, summary="One request")
def request_get(request: AuthedRequest, pk: int) -> Request:
    return requests.request_get(user=request.user, request_id=pk)


@router.post(
    "/requests/{pk}/accept",
    response={200: PartnershipOut, **errors(403, 404, 409)},
    summary="Accept a request (receiver)",
)
def request_accept(request: AuthedRequest, pk: int) -> Partnership:
    return requests.request_accept(user=request.user, request_id=pk)


@router.post(
    "/requests/{pk}/decline",
    response={200: RequestOut, **errors(403, 404, 409)},
    summary="Decline a request (receiver), optionally with a reason",
)
def request_decline(request: AuthedRequest, pk: int, payload: ReasonIn) -> Request:
    return requests.request_decline(user=request.user, request_id=pk, reason=payload.reason)


@router.post(
    "/requests/{pk}/withdraw",
    response={200: RequestOut, **errors(403, 404, 409)},
    summary="Withdraw a request (sender)",
)
def request_withdraw(request: AuthedRequest, pk: int) -> Request:
    return requests.request_withdraw(user=request.user, request_id=pk)


@router.post(
    "/requests/{pk}/messages",
    response={201: MessageOut, **errors(403, 404, 409)},
    summary="Ask for more information (receiver) or reply in the thread",
)
def request_message(request: AuthedRequest, pk: int, payload: TextIn) -> Status[RequestMessage]:
    message = requests.request_message_add(user=request.user, request_id=pk, text=payload.text)
    return Status(201, message)


# --- Partnerships -----------------------------------------------------------------------------


def _partnership(request: AuthedRequest, pk: int) -> Partnership:
    return services.partnership_get(user=request.user, partnership_id=pk)


@router.get(
    "/partnerships", response={200: list[PartnershipOut], **errors()}, summary="Your partnerships"
)
def partnerships_list(request: AuthedRequest) -> list[Partnership]:
    return services.partnerships_for(user=request.user)


@router.get(
    "/partnerships/{pk}",
    response={200: PartnershipDetailOut, **errors(404)},
    summary="A partnership with goals, sessions, learning log and balance",
)
def partnership_get(request: AuthedRequest, pk: int) -> Partnership:
    return _partnership(request, pk)


@router.get(
    "/partnerships/{pk}/balance",
    response={200: BalanceOut, **errors(404)},
    summary="Who learned what, each way",
)
def partnership_balance(request: AuthedRequest, pk: int) -> dict[str, Any]:
    return balance_out(_partnership(request, pk))


@router.patch(
    "/partnerships/{pk}/agreement",
    response={200: PartnershipOut, **errors(404, 409)},
    summary="Change the cadence, planned end date or expectations",
)
def agreement_update(request: AuthedRequest, pk: int, payload: AgreementIn) -> Partnership:
    return services.agreement_update(
        user=request.user,
        partnership=_partnership(request, pk),
        **payload.dict(exclude_unset=True),
    )


@router.post(
    "/partnerships/{pk}/goals",
    response={201: GoalOut, **errors(404, 409)},
    summary="Add a goal: what you want to learn from your partner",
)
def goal_add(request: AuthedRequest, pk: int, payload: GoalIn) -> Status[Goal]:
    goal = goals.goal_add(
        user=request.user,
        partnership=_partnership(request, pk),
        text=payload.text,
        skill=payload.skill,
    )
    return Status(201, goal)


@router.patch(
    "/goals/{goal_id}",
    response={200: GoalOut, **errors(403, 404, 409)},
    summary="Update your goal's progress, done flag or text",
)
def goal_update(request: AuthedRequest, goal_id: int, payload: GoalPatch) -> Goal:
    goal = goals.goal_get(user=request.user, goal_id=goal_id)
    return goals.goal_update(user=request.user, goal=goal, **payload.dict(exclude_unset=True))


@router.post(
    "/partnerships/{pk}/sessions",
    response={201: SessionOut, **errors(404, 409)},
    summary="Schedule a session",
)
def session_schedule(request: AuthedRequest, pk: int, payload: SessionIn) -> Status[Session]:
    session = sessions.session_schedule(
        user=request.user,
        partnership=_partnership(request, pk),
        day=payload.date,
        at=payload.time,
        tz=payload.timezone,
        duration_minutes=payload.duration_minutes,
        place=payload.place,
        link=payload.link,
        agenda=payload.agenda,
    )
    return Status(201, session)


@router.post(
    "/sessions/{session_id}/status",
    response={200: SessionOut, **errors(404, 409)},
    summary="Mark a session held or cancelled",
)
def session_status(request: AuthedRequest, session_id: int, payload: StatusIn) -> Session:
    session = sessions.session_get(user=request.user, session_id=session_id)
    return sessions.session_set_status(user=request.user, session=session, status=payload.status)


@router.post(
    "/sessions/{session_id}/agenda",
    response={201: AgendaItemOut, **errors(404, 409)},
    summary="Add an agenda item (either partner)",
)
def agenda_add(request: AuthedRequest, session_id: int, payload: TextIn) -> Status[AgendaItem]:
    session = sessions.session_get(user=request.user, session_id=session_id)
    return Status(201, sessions.agenda_add(user=request.user, session=session, text=payload.text))


@router.get(
    "/sessions/{session_id}/ics",
    response={200: str, **errors(404)},
    summary="The session as an iCalendar file (text/calendar)",
)
def session_ics(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = sessions.session_get(user=request.user, session_id=session_id)
    body = calendar.session_ics(session, request.user)
    response = HttpResponse(body, content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="twoway-session-{session.pk}.ics"'
    return response


@router.post(
    "/partnerships/{pk}/learning",
    response={201: EntryOut, **errors(404, 409)},
    summary="Log what you learned from your partner, or what you shared",
)
def learning_log(request: AuthedRequest, pk: int, payload: EntryIn) -> Status[LearningEntry]:
    partnership = _partnership(request, pk)
    session = (
        sessions.session_get(user=request.user, session_id=payload.session_id)
        if payload.session_id
        else None
    )
    entry = learning.learning_log(
        user=request.user,
        partnership=partnership,
        kind=payload.kind,
        text=payload.text,
        skills=payload.skills,
        session=session,
    )
    return Status(201, entry)


@router.post(
    "/partnerships/{pk}/end",
    response={200: PartnershipOut, **errors(404, 409)},
    summary="Complete the partnership, or end it early with a reason",
)
def partnership_end(request: AuthedRequest, pk: int, payload: EndIn) -> Partnership:
    return services.partnership_end(
        user=request.user,
        partnership=_partnership(request, pk),
        early=payload.early,
        reason=payload.reason,
    )


@router.post(
    "/partnerships/{pk}/feedback",
    response={201: FeedbackOut, **errors(404, 409)},
    summary="Give feedback once the partnership has ended",
)
def feedback_give(request: AuthedRequest, pk: int, payload: FeedbackIn) -> Status[Feedback]:
    given = services.feedback_give(
        user=request.user,
        partnership=_partnership(request, pk),
        rating=payload.rating,
        text=payload.text,
        managers_only=payload.managers_only,
    )
    return Status(201, given)


@router.get(
    "/partnerships/{pk}/feedback",
    response={200: list[FeedbackOut], **errors(404)},
    summary="Feedback you may read: yours, and your partner's unless kept for managers",
)
def feedback_list(request: AuthedRequest, pk: int) -> list[Feedback]:
    return services.feedback_visible(user=request.user, partnership=_partnership(request, pk))


@router.post(
    "/partnerships/{pk}/levels",
    response={200: LevelChangeOut, 204: None, **errors(404)},
    summary="Update your level in a skill, recorded as growth in this partnership",
)
def level_update(request: AuthedRequest, pk: int, payload: LevelIn) -> Any:
    change = services.level_update(
        user=request.user,
        skill_text=payload.skill,
        level=payload.level,
        partnership=_partnership(request, pk),
    )
    return change if change is not None else Status(204, None)


@router.post(
    "/partnerships/{pk}/calendar-token",
    response={200: FeedUrlOut, **errors(404)},
    summary="Make a new private calendar address; the old one stops working",
)
def feed_regenerate(request: AuthedRequest, pk: int) -> dict[str, str]:
    partnership = services.feed_token_regenerate(
        user=request.user, partnership=_partnership(request, pk)
    )
    return {"feed_url": calendar_feed_url(partnership, request.user)}


@router.get(
    "/me/growth",
    response={200: list[LevelChangeOut], **errors()},
    summary="Your skill level changes over time",
)
def my_growth(request: AuthedRequest) -> list[LevelChange]:
    return list(LevelChange.objects.filter(user=request.user).select_related("skill"))
