"""Scheduling API: my weekly availability, times that suit a partnership, proposals and their
answers. Every endpoint calls the same service as the pages.

Times are UTC instants (``starts_at``) with ``local_start`` in the caller's own time zone. 404
when the caller is not one of the pair, 403 when it's the other partner's move, 409 when the state
forbids the action (the codes are in docs/api.md), 422 for bad input.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta
from typing import Any

from ninja import Query, Router, Schema, Status
from pydantic import AwareDatetime, Field, field_validator

from twoway.accounts.models import User
from twoway.core.api import Id, MemberOut, ShortText, errors, member
from twoway.core.web import AuthedRequest
from twoway.partnerships.models import Session
from twoway.partnerships.schemas import SessionOut
from twoway.partnerships.services import partnership_get
from twoway.scheduling import services
from twoway.scheduling.models import Proposal
from twoway.scheduling.slots import OFFER_MAX, Window

router = Router(tags=["scheduling"])

Minutes = Field(None, ge=15, le=480, description="Session length; the pair's usual one if empty.")


class WindowSchema(Schema):
    weekday: int = Field(ge=0, le=6, description="0 is Monday, 6 is Sunday.")
    start: time = Field(description="A time of day on your own clock, without an offset.")
    end: time = Field(description="After start, on the same day.")

    @field_validator("start", "end")
    @classmethod
    def on_the_members_clock(cls, value: time) -> time:
        """A window is read in the profile's time zone: an offset would contradict it."""
        if value.tzinfo is not None:
            raise ValueError(
                "give the time without an offset (e.g. 09:00): windows are read in your "
                "profile's time zone"
            )
        return value


class AvailabilityOut(Schema):
    timezone: str = Field(description="Your profile's time zone: the windows are read in it.")
    windows: list[WindowSchema]


class AvailabilityIn(Schema):
    windows: list[WindowSchema] = Field(max_length=services.WINDOWS_MAX)


class SlotOut(Schema):
    id: int | None = Field(description="The slot to pick (in a proposal); null in a search.")
    starts_at: datetime
    ends_at: datetime
    local_start: datetime = Field(description="The start in your own time zone.")


class SlotsOut(Schema):
    timezone: str
    minutes: int
    slots: list[SlotOut]
    missing_availability: list[MemberOut] = Field(
        description="Partners who set no availability yet (then no slots are found)."
    )


class FindQuery(Schema):
    minutes: int | None = Minutes


class ProposalIn(Schema):
    slots: list[AwareDatetime] = Field(min_length=1, max_length=OFFER_MAX)
    minutes: int | None = Minutes
    link: ShortText = Field(
        "", description="The session's link. Empty: a new video room when a time is picked."
    )


class ProposalOut(Schema):
    id: int
    partnership_id: int
    proposer: MemberOut
    status: str = Field(description='"open", "picked", "declined", "withdrawn" or "expired".')
    duration_minutes: int
    link: str = Field(description="Empty: a new video room is made when a time is picked.")
    created_at: datetime
    answered_at: datetime | None
    timezone: str = Field(description="Your time zone, the one local_start is in.")
    slots: list[SlotOut]
    session_id: int | None


class PickIn(Schema):
    slot: Id


def _slot(slot_id: int | None, start: datetime, minutes: int, tz: str) -> dict[str, Any]:
    return {
        "id": slot_id,
        "starts_at": start,
        "ends_at": start + timedelta(minutes=minutes),
        "local_start": start.astimezone(zoneinfo.ZoneInfo(tz)),
    }


def _proposal_out(proposal: Proposal, viewer: User) -> dict[str, Any]:
    tz = services.zone_of(viewer)
    minutes = proposal.duration_minutes
    return {
        "id": proposal.pk,
        "partnership_id": proposal.partnership_id,
        "proposer": member(proposal.proposer),
        "status": proposal.status,
        "duration_minutes": minutes,
        "link": proposal.link,
        "created_at": proposal.created_at,
        "answered_at": proposal.answered_at,
        "timezone": tz,
        "slots": [_slot(s.pk, s.starts_at, minutes, tz) for s in proposal.slots.all()],
        "session_id": proposal.session_id,
    }


def _windows(windows: list[Window]) -> list[dict[str, Any]]:
    return [{"weekday": w.weekday, "start": w.start, "end": w.end} for w in windows]


@router.get("/me/availability", response={200: AvailabilityOut, **errors()}, summary="My week")
def availability_get(request: AuthedRequest) -> dict[str, Any]:
    windows = services.availability_of(request.user)
    return {"timezone": services.zone_of(request.user), "windows": _windows(windows)}


@router.put(
    "/me/availability",
    response={200: AvailabilityOut, **errors()},
    summary="Replace my weekly availability",
)
def availability_put(request: AuthedRequest, payload: AvailabilityIn) -> dict[str, Any]:
    windows = [Window(w.weekday, w.start, w.end) for w in payload.windows]
    saved = services.availability_set(user=request.user, windows=windows)
    return {"timezone": services.zone_of(request.user), "windows": _windows(saved)}


@router.get(
    "/partnerships/{pk}/slots",
    response={200: SlotsOut, **errors(404, 409)},
    summary="Up to five times in the next two weeks that suit both partners",
)
def slots_find(request: AuthedRequest, pk: int, query: Query[FindQuery]) -> dict[str, Any]:
    partnership = partnership_get(user=request.user, partnership_id=pk)
    search = services.slots_find(user=request.user, partnership=partnership, minutes=query.minutes)
    tz = services.zone_of(request.user)
    return {
        "timezone": tz,
        "minutes": search.minutes,
        "slots": [_slot(None, s, search.minutes, tz) for s in search.offered],
        "missing_availability": [member(m) for m in search.missing],
    }


@router.get(
    "/partnerships/{pk}/proposals",
    response={200: list[ProposalOut], **errors(404)},
    summary="The partnership's proposals, newest first",
)
def proposal_list(request: AuthedRequest, pk: int) -> list[dict[str, Any]]:
    partnership = partnership_get(user=request.user, partnership_id=pk)
    rows = partnership.proposals.select_related("proposer__profile").prefetch_related("slots")
    return [_proposal_out(p, request.user) for p in rows[:20]]


@router.post(
    "/partnerships/{pk}/proposals",
    response={201: ProposalOut, **errors(404, 409)},
    summary="Propose some of the times found to your partner",
)
def proposal_send(request: AuthedRequest, pk: int, payload: ProposalIn) -> Status[dict[str, Any]]:
    proposal = services.proposal_send(
        user=request.user,
        partnership=partnership_get(user=request.user, partnership_id=pk),
        starts=payload.slots,
        minutes=payload.minutes,
        link=payload.link,
    )
    return Status(201, _proposal_out(proposal, request.user))


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **errors(404)})
def proposal_get(request: AuthedRequest, proposal_id: int) -> dict[str, Any]:
    proposal = services.proposal_get(user=request.user, proposal_id=proposal_id)
    return _proposal_out(proposal, request.user)


@router.post(
    "/proposals/{proposal_id}/pick",
    response={200: SessionOut, **errors(404, 409)},
    summary="Pick one of the proposed times: it becomes a session",
)
def proposal_pick(request: AuthedRequest, proposal_id: int, payload: PickIn) -> Session:
    return services.proposal_pick(user=request.user, proposal_id=proposal_id, slot_id=payload.slot)


@router.post(
    "/proposals/{proposal_id}/decline",
    response={200: ProposalOut, **errors(404, 409)},
    summary="None of the proposed times suit you",
)
def proposal_decline(request: AuthedRequest, proposal_id: int) -> dict[str, Any]:
    proposal = services.proposal_decline(user=request.user, proposal_id=proposal_id)
    return _proposal_out(proposal, request.user)


@router.post(
    "/proposals/{proposal_id}/withdraw",
    response={200: ProposalOut, **errors(403, 404, 409)},
    summary="Take back your open proposal",
)
def proposal_withdraw(request: AuthedRequest, proposal_id: int) -> dict[str, Any]:
    proposal = services.proposal_withdraw(user=request.user, proposal_id=proposal_id)
    return _proposal_out(proposal, request.user)
