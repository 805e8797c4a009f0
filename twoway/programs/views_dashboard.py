"""The program dashboard page, its CSV exports and the nudge action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from twoway.core.web import AuthedRequest
from twoway.programs import dashboard, services


@login_required
@require_GET
def dashboard_page(request: AuthedRequest, pk: int) -> HttpResponse:
    program = services.program_manage(user=request.user, program_id=pk)
    context = {
        "program": program,
        "charts": dashboard.program_charts(program),
        "at_risk": dashboard.at_risk(program),
    }
    return render(request, "programs/dashboard.html", context)


@login_required
@require_GET
def chart_csv(request: AuthedRequest, pk: int, key: str) -> HttpResponse:
    program = services.program_manage(user=request.user, program_id=pk)
    chart = next((c for c in dashboard.program_charts(program) if c.key == key), None)
    if chart is None:
        raise Http404("No such chart.")
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="program-{program.pk}-{key}.csv"'
    return response


@login_required
@require_POST
def nudge(request: AuthedRequest, pk: int, partnership_id: int) -> HttpResponse:
    program = services.program_manage(user=request.user, program_id=pk)
    told = dashboard.partnership_nudge(
        user=request.user, program=program, partnership_id=partnership_id
    )
    if told:
        messages.success(request, "Nudged both partners.")
    else:
        messages.info(request, "They were nudged this week already.")
    return redirect("programs:dashboard", pk=program.pk)
