"""Pages: the availability form, and finding a time with a partner (a full page that works
without script, and the same content as an htmx partial inside the partnership page).

Views are thin: they read a form and call a service. Outsiders get 404 from the services.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import dateformat, timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twoway.core.errors import Refused
from twoway.core.web import AuthedRequest, attempt, form_errors, is_htmx, redirect_next
from twoway.partnerships.models import Partnership
from twoway.partnerships.services import partnership_get
from twoway.people.models import name_of
from twoway.scheduling import services
from twoway.scheduling.forms import FindForm, ProposeForm, window_formset

# --- Availability -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if request.method == "GET":
        formset = window_formset(windows=services.availability_of(user))
    else:
        formset = window_formset(request.POST, add_row="add_row" in request.POST)
        if "add_row" not in request.POST and formset.is_valid():
            try:
                services.availability_set(user=user, windows=formset.windows())
            except ValidationError as exc:
                formset.non_form_errors().extend(exc.messages)
            else:
                messages.success(request, gettext("Your availability is saved."))
                return redirect("scheduling:availability")
    context = {"formset": formset, "zone": services.zone_of(user)}
    return render(request, "scheduling/availability.html", context)


# --- Finding a time ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotRow:
    """A time as the viewer reads it, and as their partner does."""

    id: int | None
    iso: str
    mine: str
    theirs: str
    past: bool


# A time offered to meet, in Django's date-format letters: "Tuesday 4 March, 10:00" in English.
SLOT_FORMAT = pgettext_lazy("slot date format", "l j F, H:i")


def _label(instant: datetime, tz: str, *, with_day: bool = True) -> str:
    local = instant.astimezone(zoneinfo.ZoneInfo(tz))
    return dateformat.format(local, str(SLOT_FORMAT)) if with_day else f"{local:%H:%M}"


def _rows(starts: Iterable[tuple[int | None, datetime]], me: str, them: str) -> list[SlotRow]:
    now = timezone.now()
    rows = []
    for slot_id, start in starts:
        same_day = start.astimezone(zoneinfo.ZoneInfo(me)).date() == (
            start.astimezone(zoneinfo.ZoneInfo(them)).date()
        )
        theirs = "" if me == them else _label(start, them, with_day=not same_day)
        rows.append(SlotRow(slot_id, start.isoformat(), _label(start, me), theirs, start <= now))
    return rows


def _back(request: AuthedRequest, partnership: Partnership) -> str:
    """Where the forms return: the partnership page when shown inside it, else this page."""
    page = urlsplit(request.headers.get("HX-Current-URL", "")).path if is_htmx(request) else ""
    return f"{page}#find-time" if page else services.find_time_url(partnership)


def _context(
    request: AuthedRequest, partnership: Partnership, propose_form: ProposeForm | None = None
) -> dict[str, Any]:
    user = request.user
    partner = partnership.partner_of(user)
    me, them = services.zone_of(user), services.zone_of(partner)
    context: dict[str, Any] = {
        "partnership": partnership,
        "partner_name": name_of(partner),
        "my_zone": me,
        "back": _back(request, partnership),
    }
    if not partnership.is_active:
        return context
    open_ = services.proposal_open(partnership)
    if open_ is not None:
        key = "mine" if open_.proposer_id == user.pk else "to_answer"
        context[key] = open_
        context["slots"] = _rows(((s.pk, s.starts_at) for s in open_.slots.all()), me, them)
        if key == "to_answer":
            return context
    length = services.session_length(partnership)
    find = FindForm(request.GET or None, length=length, initial={"minutes": length})
    context["find_form"] = find
    if propose_form is not None or find.is_valid():
        minutes = (propose_form or find).cleaned_data["minutes"]
        search = services.slots_find(user=user, partnership=partnership, minutes=minutes)
        context["search"] = search
        context["found"] = _rows(((None, s) for s in search.offered), me, them)
        context["missing_me"] = user in search.missing
        context["propose_form"] = propose_form or ProposeForm(initial={"minutes": search.minutes})
    return context


def _render_find(
    request: AuthedRequest, partnership: Partnership, propose_form: ProposeForm | None = None
) -> HttpResponse:
    context = _context(request, partnership, propose_form)
    if is_htmx(request):
        return render(request, "scheduling/_find_time.html", context)
    context["full_page"] = True
    status = 422 if propose_form is not None else 200
    return render(request, "scheduling/find_time.html", context, status=status)


@login_required
@require_GET
def find_time(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_find(request, partnership_get(user=request.user, partnership_id=pk))


@login_required
@require_POST
def propose(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = partnership_get(user=request.user, partnership_id=pk)
    form = ProposeForm(request.POST)
    if form.is_valid():
        try:
            proposal = services.proposal_send(
                user=request.user,
                partnership=partnership,
                starts=form.cleaned_data["slots"],
                minutes=form.cleaned_data["minutes"],
                link=form.cleaned_data["link"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        except Refused as exc:
            messages.error(request, str(exc))
            return redirect_next(request, services.find_time_url(partnership))
        else:
            count = proposal.slots.count()
            partner = name_of(partnership.partner_of(request.user))
            text = ngettext(
                "We sent %(name)s %(count)s time.", "We sent %(name)s %(count)s times.", count
            )
            messages.success(request, text % {"name": partner, "count": count})
            return redirect_next(request, services.find_time_url(partnership))
    if "minutes" not in form.data or form.has_error("minutes"):
        return redirect(services.find_time_url(partnership))
    return _render_find(request, partnership, form)


def _answer(request: AuthedRequest, proposal_id: int, action: Any, done: str) -> HttpResponse:
    proposal = services.proposal_get(user=request.user, proposal_id=proposal_id)
    if attempt(request, action) is not None:
        messages.success(request, done)
    return redirect_next(request, services.find_time_url(proposal.partnership))


@login_required
@require_POST
def pick(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = services.proposal_get(user=request.user, proposal_id=proposal_id)
    slot = request.POST.get("slot", "")
    slot_id = int(slot) if slot.isdigit() and len(slot) < 19 else 0  # else: "not offered"
    session = attempt(
        request,
        lambda: services.proposal_pick(user=request.user, proposal_id=proposal.pk, slot_id=slot_id),
    )
    if session is None:
        return redirect_next(request, services.find_time_url(proposal.partnership))
    messages.success(request, gettext("Your session is booked. Add it to your calendar below."))
    return redirect(f"{proposal.partnership.get_absolute_url()}#session-{session.pk}")


@login_required
@require_POST
def decline(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    return _answer(
        request,
        proposal_id,
        lambda: services.proposal_decline(user=request.user, proposal_id=proposal_id),
        gettext("We told your partner none of the times suit you."),
    )


@login_required
@require_POST
def withdraw(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    return _answer(
        request,
        proposal_id,
        lambda: services.proposal_withdraw(user=request.user, proposal_id=proposal_id),
        gettext("Your proposal is withdrawn."),
    )
