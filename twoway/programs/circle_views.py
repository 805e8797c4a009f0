"""Round page actions that only circle rounds have: lock a proposed circle, publish circles.

Re-running and forbidding a pair use the pair rounds' views (``views.round_rerun``,
``views.round_rule``); the page's circles part is ``_round_circles.html``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from twoway.core.web import AuthedRequest, attempt
from twoway.programs import circle_rounds
from twoway.programs.rounds import round_get
from twoway.programs.services import program_manage


@login_required
@require_POST
def circle_lock(request: AuthedRequest, pk: int, round_id: int, circle_id: int) -> HttpResponse:
    program = program_manage(user=request.user, program_id=pk)
    round_ = round_get(user=request.user, program=program, round_id=round_id)
    locked = request.POST.get("locked") == "1"
    row = attempt(
        request,
        lambda: circle_rounds.circle_lock(
            user=request.user, round_=round_, circle_id=circle_id, locked=locked
        ),
    )
    if row is not None:
        messages.success(
            request,
            (
                gettext("Circle %(number)s is locked: every re-run keeps it.")
                if locked
                else gettext("Circle %(number)s is unlocked.")
            )
            % {"number": row.number},
        )
    return redirect(round_)


@login_required
@require_POST
def circles_publish(request: AuthedRequest, pk: int, round_id: int) -> HttpResponse:
    program = program_manage(user=request.user, program_id=pk)
    round_ = round_get(user=request.user, program=program, round_id=round_id)
    if not request.POST.get("reviewed"):
        messages.error(
            request,
            gettext(
                "Nothing was published: tick “I have reviewed the circles” once you have checked "
                "them, then publish."
            ),
        )
        return redirect(round_)
    done = attempt(request, lambda: circle_rounds.circles_publish(user=request.user, round_=round_))
    if done is not None:
        messages.success(
            request,
            ngettext(
                "Published: %(count)s circle formed; its members are told.",
                "Published: %(count)s circles formed; their members are told.",
                done.created,
            )
            % {"count": done.created}
            if done.created
            else gettext("This round was already published; nothing changed."),
        )
    return redirect(round_)
