"""Pages for programs: list, settings, participants, joining, imports, rounds, the dashboard.

Views are thin: they read a form and call a service. Refusals become a message on the page.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twoway.accounts.models import User
from twoway.core.errors import Refused
from twoway.core.web import AuthedRequest, attempt, form_errors, is_htmx
from twoway.programs import dashboard, imports, publish, round_page, rounds, services
from twoway.programs.forms import (
    CHOOSE_TWO,
    ImportForm,
    InvitationForm,
    JoinForm,
    ManagerForm,
    PairForm,
    PairRuleForm,
    PairSearchForm,
    ParticipantForm,
    ProgramForm,
    PublishForm,
)
from twoway.programs.kept_out import kept_out_words
from twoway.programs.models import Enrolment, Program, Round
from twoway.programs.round_words import warning_words

T = TypeVar("T")
STATUS_NOW: dict[str, Promise] = {
    Enrolment.Status.PENDING: gettext_lazy("%(name)s: waiting for approval."),
    Enrolment.Status.ACTIVE: gettext_lazy("%(name)s: enrolled."),
    Enrolment.Status.WITHDRAWN: gettext_lazy("%(name)s: withdrawn."),
}
PAIRS_PER_PAGE = 100
INVITED_SHOWN = 100


def _uid(request: AuthedRequest) -> int:
    return int(request.user.pk or 0)


def _refused(request: HttpRequest, form: Form, back_to: Program | Round) -> HttpResponse:
    """A form that didn't validate: say what is wrong as a message and go back to the page."""
    for errors in form.errors.values():
        messages.error(request, " ".join(str(e) for e in errors))
    return redirect(back_to)


@login_required
@require_GET
def program_list(request: AuthedRequest) -> HttpResponse:
    context: dict[str, Any] = dict(services.programs_for(user=request.user))
    context["can_create"] = services.can_create_programs(request.user)
    return render(request, "programs/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def program_new(request: AuthedRequest) -> HttpResponse:
    if not services.can_create_programs(request.user):
        raise PermissionDenied(gettext("Only program managers can create programs."))
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(user=request.user, **form.settings())
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, gettext("Program created. Next: add participants."))
            return redirect(program)
    return render(request, "programs/edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    program = services.program_manage(user=request.user, program_id=pk)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(user=request.user, program=program, **form.settings())
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, gettext("Saved. The next round uses these rules."))
            return redirect(program)
    return render(request, "programs/edit.html", {"form": form, "program": program})


@login_required
@require_GET
def program_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    program = services.program_get(user=request.user, program_id=pk)
    if not program.is_manager(request.user):
        enrolment = program.enrolments.filter(user_id=_uid(request)).first()
        return render(
            request, "programs/participant.html", {"program": program, "enrolment": enrolment}
        )
    enrolments = program.enrolments.select_related("user__profile").order_by("status", "id")
    page = Paginator(enrolments, 100).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "page": page,
        "counts": dashboard.enrolment_counts(program),
        "rounds": program.rounds.all()[:10],
        "invitations": program.invitations.waiting().count(),
        "invited": program.invitations.waiting()[:INVITED_SHOWN],
        "invite_url": request.build_absolute_uri(f"/programs/join/{program.invite_token}/"),
        "managers": program.managers.select_related("profile"),
    }
    return render(request, "programs/manage.html", context)


@login_required
@require_POST
def participant_action(request: AuthedRequest, pk: int, enrolment_id: int) -> HttpResponse:
    program = services.program_manage(user=request.user, program_id=pk)
    form = ParticipantForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, program)
    done = attempt(
        request,
        lambda: services.enrolment_set(
            user=request.user,
            program=program,
            enrolment_id=enrolment_id,
            action=form.cleaned_data["action"],
            role=form.cleaned_data["role"],
        ),
    )
    if done is not None:
        messages.success(
            request,
            str(STATUS_NOW[done.status]) % {"name": done.user.display_name},
        )
    return redirect(program)


@login_required
@require_POST
def manager_add(request: AuthedRequest, pk: int) -> HttpResponse:
    program = services.program_manage(user=request.user, program_id=pk)
    form = ManagerForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, program)
    added = attempt(
        request,
        lambda: services.program_manager_add(
            user=request.user, program=program, email=form.cleaned_data["email"]
        ),
    )
    if added is not None:
        messages.success(
            request, gettext("%(name)s now manages this program.") % {"name": added.display_name}
        )
    return redirect(program)


def _join(request: AuthedRequest, program: Program, token: str) -> HttpResponse:
    form = JoinForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_join(
                user=request.user,
                program=program,
                role=form.cleaned_data["role"],
                answers=form.answers(),
                token=token,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        except Refused as exc:
            messages.info(request, str(exc))
            return redirect(program)
        else:
            waiting = enrolment.status == Enrolment.Status.PENDING
            messages.success(
                request,
                gettext("Thanks! A manager will confirm your place.")
                if waiting
                else gettext("You're in!"),
            )
            return redirect(program)
    return render(request, "programs/join.html", {"program": program, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def program_join(request: AuthedRequest, pk: int) -> HttpResponse:
    program = Program.objects.filter(pk=pk, open_enrolment=True).first()
    if program is None:
        raise Http404(gettext("No such program."))
    return _join(request, program, "")


@login_required
@require_http_methods(["GET", "POST"])
def program_join_by_link(request: AuthedRequest, token: str) -> HttpResponse:
    program = Program.objects.filter(invite_token=token).first()
    if program is None:
        raise Http404(
            gettext("This invite link is not valid any more. Ask the manager for a new one.")
        )
    return _join(request, program, token)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = services.invitation_from_token(token)
    except ValidationError as exc:
        return render(request, "programs/invitation.html", {"broken": exc.messages[0]}, status=404)
    form = InvitationForm(request.POST or None, initial={"display_name": found.name})
    member = request.user if isinstance(request.user, User) else None
    signed_in = member is not None
    if request.method == "POST" and (signed_in or form.is_valid()):
        try:
            enrolment = services.invitation_accept(
                token=token,
                user=member,
                password=form.cleaned_data.get("password", "") if not signed_in else "",
                display_name=form.cleaned_data.get("display_name", "") if not signed_in else "",
                request=request,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                gettext("Welcome to %(program)s! Complete your profile.")
                % {"program": enrolment.program.name},
            )
            return redirect("people:me") if not signed_in else redirect(enrolment.program)
    context = {"invitation": found, "form": form, "signed_in": signed_in}
    return render(request, "programs/invitation.html", context)


# ---------------------------------------------------------------------------------------------
# Import


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: AuthedRequest, pk: int) -> HttpResponse:
    program = services.program_manage(user=request.user, program_id=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = imports.import_check(
            user=request.user,
            program=program,
            filename=upload.name,
            data=upload.read(),
            mapping=form.mapping(),
        )
        return redirect("programs:import", pk=program.pk, batch_id=batch.pk)
    return render(request, "programs/import.html", {"program": program, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request: AuthedRequest, pk: int, batch_id: int) -> HttpResponse:
    program = services.program_manage(user=request.user, program_id=pk)
    batch = imports.import_get(user=request.user, program=program, batch_id=batch_id)
    if request.method == "POST":
        try:
            batch = imports.import_commit(user=request.user, program=program, batch_id=batch.pk)
        except imports.ImportFailed as exc:
            batch.report = exc.report.as_dict()
            messages.error(request, str(exc))
        except Refused as exc:
            messages.info(request, str(exc))
        else:
            return redirect("programs:import", pk=program.pk, batch_id=batch.pk)
    return render(request, "programs/import_report.html", {"program": program, "batch": batch})


@login_required
@require_GET
def import_progress(request: AuthedRequest, pk: int, batch_id: int) -> HttpResponse:
    program = services.program_manage(user=request.user, program_id=pk)
    batch = imports.import_get(user=request.user, program=program, batch_id=batch_id)
    context = {"batch": batch, "program": program}
    response = render(request, "programs/_import_progress.html", context)
    if not batch.in_progress and request.GET.get("was") == "running":
        response["HX-Refresh"] = "true"  # done: show the whole report
    return response


# ---------------------------------------------------------------------------------------------
# Rounds


@login_required
@require_POST
def round_start(request: AuthedRequest, pk: int) -> HttpResponse:
    program = services.program_manage(user=request.user, program_id=pk)
    round_ = attempt(request, lambda: rounds.round_start(user=request.user, program=program))
    return redirect(round_) if round_ is not None else redirect(program)


def _round(request: AuthedRequest, pk: int, round_id: int) -> Round:
    program = services.program_manage(user=request.user, program_id=pk)
    return rounds.round_get(user=request.user, program=program, round_id=round_id)


# The round page's parts an htmx request may ask for, by the element it targets.
ROUND_PARTIALS = {
    "pair-results": "programs/_pair_results.html",
    "pair-picker": "programs/_pair_picker.html",
}


@login_required
@require_GET
def round_detail(request: AuthedRequest, pk: int, round_id: int) -> HttpResponse:
    round_ = _round(request, pk, round_id)
    picker = None
    if round_.status == Round.Status.PROPOSED and round_.program.mode != "circles":
        search = PairSearchForm(request.GET)
        picker = round_page.pair_picker(program=round_.program, round_=round_, **search.picked())
    partial = ROUND_PARTIALS.get(request.headers.get("HX-Target", "")) if picker else None
    # A history restore (back button after hx-push-url) needs the whole page.
    if is_htmx(request) and partial and not request.headers.get("HX-History-Restore-Request"):
        return render(
            request, partial, {"program": round_.program, "round": round_, "picker": picker}
        )
    pairs = round_.pairs.select_related("member_low__profile", "member_high__profile", "mentor")
    unmatched = round_.unmatched.select_related("user__profile")
    rules = {(r.member_low_id, r.member_high_id): r.kind for r in round_.program.pair_rules.all()}
    page = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    round_page.pairs_in_words(page)
    for pair in page:
        pair.rule = rules.get((pair.member_low_id, pair.member_high_id), "")
    context = {
        "program": round_.program,
        "round": round_,
        "page": page,
        "unmatched": unmatched[:300],
        "unmatched_count": unmatched.count(),
        "figures": dashboard.round_figures(round_),
        "kept_out": kept_out_words(round_.summary or {}),
        "picker": picker,
        "forbidden": round_.program.pair_rules.filter(kind="forbid").select_related(
            "member_low__profile", "member_high__profile"
        ),
    }
    return render(request, "programs/round.html", context)


@login_required
@require_GET
def round_progress(request: AuthedRequest, pk: int, round_id: int) -> HttpResponse:
    round_ = _round(request, pk, round_id)
    response = render(
        request, "programs/_progress.html", {"round": round_, "program": round_.program}
    )
    if not round_.in_progress and request.GET.get("was") == "running":
        response["HX-Refresh"] = "true"  # the proposal is ready: show the whole page
    return response


@login_required
@require_POST
def round_rerun(request: AuthedRequest, pk: int, round_id: int) -> HttpResponse:
    round_ = _round(request, pk, round_id)
    attempt(request, lambda: rounds.round_rerun(user=request.user, round_=round_))
    return redirect(round_)


@login_required
@require_POST
def round_rule(request: AuthedRequest, pk: int, round_id: int) -> HttpResponse:
    round_ = _round(request, pk, round_id)
    form = PairRuleForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, round_)
    kind = form.cleaned_data["kind"]
    rule = attempt(
        request,
        lambda: rounds.pair_rule_set(
            user=request.user,
            program=round_.program,
            a_id=form.cleaned_data["a"],
            b_id=form.cleaned_data["b"],
            kind="" if kind == "clear" else kind,
        ),
    )
    words = {
        "lock": gettext("Locked: this pair stays in every re-run. Re-run to apply."),
        "forbid": gettext(
            "Forbidden: this pair won't be proposed in every re-run. Re-run to apply."
        ),
    }
    if rule is not None or kind == "clear":
        messages.success(
            request, words.get(kind, gettext("Cleared in every re-run. Re-run to apply."))
        )
    return redirect(round_)


@login_required
@require_POST
def round_pair_add(request: AuthedRequest, pk: int, round_id: int) -> HttpResponse:
    round_ = _round(request, pk, round_id)
    form = PairForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(CHOOSE_TWO))
        return redirect(round_)
    a_id, b_id = form.cleaned_data["a"], form.cleaned_data["b"]
    try:
        row = attempt(
            request,
            lambda: rounds.pair_add(user=request.user, round_=round_, a_id=a_id, b_id=b_id),
        )
    except Http404:
        messages.error(request, gettext("Both people must be two different active participants."))
        return redirect(round_)
    if row is not None:
        if row.warning:
            messages.warning(
                request,
                gettext("Added and locked, but note: %(warning)s.")
                % {"warning": warning_words(row.warning)},
            )
        else:
            messages.success(request, gettext("Added and locked."))
    return redirect(round_)


@login_required
@require_POST
def round_publish(request: AuthedRequest, pk: int, round_id: int) -> HttpResponse:
    round_ = _round(request, pk, round_id)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, round_)
    result = attempt(request, lambda: publish.round_publish(user=request.user, round_=round_))
    if result is not None:
        messages.success(
            request,
            ngettext(
                "Published: %(count)s partnership created; both partners in each pair are "
                "being told.",
                "Published: %(count)s partnerships created; both partners in each pair are "
                "being told.",
                result.created,
            )
            % {"count": result.created}
            if result.created or result.linked
            else gettext("This round was already published; nothing changed."),
        )
    return redirect(round_)


# ---------------------------------------------------------------------------------------------
# Dashboard


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
        raise Http404(gettext("No such chart."))
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
        messages.success(request, gettext("Nudged both partners."))
    else:
        messages.info(request, gettext("They were nudged this week already."))
    return redirect("programs:dashboard", pk=program.pk)
