"""Pages: suggestions, requests, the partnership page and its actions, calendar files.

Views are thin: they read a form and call a service. A refusal becomes a message on the page it
came from. Outsiders get 404 from the services, never a page saying the partnership exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twoway.partnerships import calendar, services, suggestions, work
from twoway.partnerships.forms import (
    AgendaForm,
    AgreementForm,
    DeclineForm,
    EndForm,
    FeedbackForm,
    GoalForm,
    GoalProgressForm,
    LearningForm,
    LevelsForm,
    MessageForm,
    RequestForm,
    SessionForm,
)
from twoway.partnerships.models import Partnership, Request
from twoway.partnerships.pages import detail_context, levels_for
from twoway.people.models import Profile
from twoway.people.services import profile_ensure

T = TypeVar("T")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _attempt(request: HttpRequest, action: Callable[[], T]) -> T | None:
    """Run a service; a refusal becomes an error message and None."""
    try:
        return action()
    except (services.Refused, PermissionDenied) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return None


def _user(request: HttpRequest) -> Any:
    return request.user


# --- Suggestions ------------------------------------------------------------------------------


@login_required
@require_GET
def suggestion_list(request: HttpRequest) -> HttpResponse:
    q = request.GET
    found = suggestions.suggestions_for(
        user=_user(request),
        skill=q.get("skill", ""),
        team=q.get("team", ""),
        tz=q.get("tz", ""),
        show=q.get("show", ""),
    )
    context = {"found": found, "filters": q, "show": q.get("show", "")}
    template = "partnerships/_suggestion_list.html" if _is_htmx(request) else None
    return render(request, template or "partnerships/suggestions.html", context)


@login_required
@require_POST
def suggestion_mark(request: HttpRequest, handle: str) -> HttpResponse:
    other = get_object_or_404(Profile.objects.select_related("user"), handle=handle).user
    kind = request.POST.get("kind", "")
    if kind == "clear":
        suggestions.suggestion_unmark(user=_user(request), other=other)
    else:
        _attempt(
            request,
            lambda: suggestions.suggestion_mark(user=_user(request), other=other, kind=kind),
        )
    if _is_htmx(request):
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect(request.POST.get("next") or "partnerships:suggestions")


# --- Requests ---------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "requests": services.requests_for(user=_user(request)),
        "partnerships": services.partnerships_for(user=_user(request)),
    }
    return render(request, "partnerships/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, handle: str) -> HttpResponse:
    me = profile_ensure(user=_user(request))
    them = get_object_or_404(Profile.objects.with_skills().select_related("user"), handle=handle)
    if them.user_id == me.user_id:
        raise Http404("You can't partner with yourself.")
    learn, teach = _focus_skills(me, them)
    form = RequestForm(request.POST or None, learn=learn, teach=teach)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sent = _attempt(
            request,
            lambda: services.request_create(
                sender=_user(request),
                receiver=them.user,
                message=data["message"],
                learn_skills=data["learn_skills"],
                teach_skills=data["teach_skills"],
            ),
        )
        if sent is not None:
            messages.success(request, f"Your request is on its way to {them.display_name}.")
            return redirect(sent)
    return render(request, "partnerships/request_new.html", {"form": form, "them": them})


def _focus_skills(me: Profile, them: Profile) -> tuple[list[Any], list[Any]]:
    """Skills to offer as the proposed focus: what they teach that I want, and the reverse."""
    mine = Profile.objects.with_skills().get(pk=me.pk)
    my_wants = {item.skill_id for item in mine.learns.all()}
    their_wants = {item.skill_id for item in them.learns.all()}
    learn = [t.skill for t in them.teaches.all() if t.skill_id in my_wants]
    teach = [t.skill for t in mine.teaches.all() if t.skill_id in their_wants]
    return learn, teach


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.request_get(user=_user(request), request_id=pk)
    return render(request, "partnerships/request.html", _request_context(request, found))


def _request_context(request: HttpRequest, found: Request) -> dict[str, Any]:
    me = _user(request)
    thread = list(found.thread.select_related("author__profile"))
    return {
        "req": found,
        "other": found.partner_of(me),
        "is_receiver": found.receiver_id == me.pk,
        "thread": thread,
        "can_write": found.status == "open" and (thread or found.receiver_id == me.pk),
        "decline_form": DeclineForm(auto_id="decline_%s"),
        "message_form": MessageForm(auto_id="message_%s"),
    }


def _answer(request: HttpRequest, pk: int, action: Callable[[], Any]) -> HttpResponse:
    result = _attempt(request, action)
    if isinstance(result, Partnership):
        messages.success(request, "You are partners now. Agree how you'll work together.")
        if _is_htmx(request):
            return HttpResponse(headers={"HX-Redirect": result.get_absolute_url()})
        return redirect(result)
    if _is_htmx(request):
        found = services.request_get(user=_user(request), request_id=pk)
        context = _request_context(request, found)
        return render(request, "partnerships/_request_panel.html", context)
    return redirect("partnerships:request", pk=pk)


@login_required
@require_POST
def request_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, lambda: services.request_accept(user=_user(request), request_id=pk))


@login_required
@require_POST
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _answer(
        request,
        pk,
        lambda: services.request_decline(user=_user(request), request_id=pk, reason=reason),
    )


@login_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(
        request, pk, lambda: services.request_withdraw(user=_user(request), request_id=pk)
    )


@login_required
@require_POST
def request_message(request: HttpRequest, pk: int) -> HttpResponse:
    text = request.POST.get("text", "")
    return _answer(
        request,
        pk,
        lambda: services.request_message_add(user=_user(request), request_id=pk, text=text),
    )


# --- The partnership page ---------------------------------------------------------------------


def _partnership(request: HttpRequest, pk: int) -> Partnership:
    return services.partnership_get(user=_user(request), partnership_id=pk)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    return render(request, "partnerships/detail.html", detail_context(_user(request), partnership))


def _back(partnership: Partnership, anchor: str) -> HttpResponse:
    return redirect(partnership.get_absolute_url() + f"#{anchor}")


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _submit(
    request: HttpRequest,
    partnership: Partnership,
    form: Any,
    action: Callable[[dict[str, Any]], object],
    success: str,
    anchor: str,
) -> HttpResponse:
    """Run action on a valid form's data; say how it went, then go back to the anchor."""
    if form.is_valid():
        data = form.cleaned_data
        if _attempt(request, lambda: action(data)):
            messages.success(request, success)
    else:
        _form_errors(request, form)
    return _back(partnership, anchor)


@login_required
@require_POST
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = AgreementForm(request.POST, instance=Partnership.objects.get(pk=pk))
    return _submit(
        request,
        partnership,
        form,
        lambda data: services.agreement_update(
            user=_user(request),
            partnership=partnership,
            cadence=data["cadence"],
            planned_end=data["planned_end"],
            expectations=data["expectations"],
        ),
        "Agreement saved.",
        "agreement",
    )


@login_required
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = GoalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _attempt(
            request,
            lambda: work.goal_add(
                user=_user(request), partnership=partnership, text=data["text"], skill=data["skill"]
            ),
        )
    else:
        _form_errors(request, form)
    if _is_htmx(request):
        context = detail_context(_user(request), partnership)
        return render(request, "partnerships/_goals.html", context)
    return _back(partnership, "goals")


@login_required
@require_POST
def goal_update(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = work.goal_get(user=_user(request), goal_id=goal_id)
    form = GoalProgressForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _attempt(
            request,
            lambda: work.goal_update(
                user=_user(request), goal=goal, progress=data["progress"], done=data["done"]
            ),
        )
    else:
        _form_errors(request, form)
    if _is_htmx(request):
        context = detail_context(_user(request), goal.partnership)
        return render(request, "partnerships/_goals.html", context)
    return _back(goal.partnership, "goals")


@login_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    return _submit(
        request,
        partnership,
        SessionForm(request.POST),
        lambda data: work.session_schedule(
            user=_user(request),
            partnership=partnership,
            day=data["day"],
            at=data["at"],
            tz=data["tz"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            link=data["link"],
            agenda=data["agenda"].splitlines(),
        ),
        "Session scheduled. Add it to your calendar below.",
        "sessions",
    )


@login_required
@require_POST
def session_status(request: HttpRequest, session_id: int) -> HttpResponse:
    session = work.session_get(user=_user(request), session_id=session_id)
    status = request.POST.get("status", "")
    _attempt(
        request,
        lambda: work.session_set_status(user=_user(request), session=session, status=status),
    )
    return _back(session.partnership, f"session-{session.pk}")


@login_required
@require_POST
def agenda_add(request: HttpRequest, session_id: int) -> HttpResponse:
    session = work.session_get(user=_user(request), session_id=session_id)
    form = AgendaForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]
        _attempt(request, lambda: work.agenda_add(user=_user(request), session=session, text=text))
    else:
        _form_errors(request, form)
    if _is_htmx(request):
        session = work.session_get(user=_user(request), session_id=session_id)
        context = {"session": session, "can_edit": session.partnership.is_active}
        return render(request, "partnerships/_agenda.html", context)
    return _back(session.partnership, f"session-{session.pk}")


@login_required
@require_GET
def session_ics(request: HttpRequest, session_id: int) -> HttpResponse:
    session = work.session_get(user=_user(request), session_id=session_id)
    return _ics(calendar.session_ics(session), f"twoway-session-{session.pk}.ics")


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar feed: no login, the token is the key; an old token is a 404."""
    partnership = calendar.partnership_for_feed(token)
    if partnership is None:
        raise Http404("No such calendar.")
    response = _ics(calendar.feed_ics(partnership), "twoway.ics")
    response["Content-Disposition"] = 'inline; filename="twoway.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def feed_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    services.feed_token_regenerate(user=_user(request), partnership=partnership)
    messages.success(request, "New calendar address made. The old one no longer works.")
    return _back(partnership, "calendar")


@login_required
@require_POST
def learning_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    context = detail_context(_user(request), partnership)
    form = LearningForm(request.POST, skills=context["log_skills"], sessions=context["sessions"])

    def log(data: dict[str, Any]) -> object:
        # session_get only raises Http404, which _attempt lets through as before.
        session = (
            work.session_get(user=_user(request), session_id=data["session"])
            if data["session"]
            else None
        )
        return work.learning_log(
            user=_user(request),
            partnership=partnership,
            kind=data["kind"],
            text=data["text"],
            skills=data["skills"],
            session=session,
        )

    return _submit(
        request,
        partnership,
        form,
        log,
        "Logged. Thank you for keeping the two-way record.",
        "learning",
    )


@login_required
@require_http_methods(["GET", "POST"])
def end(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            request,
            lambda: services.partnership_end(
                user=_user(request),
                partnership=partnership,
                early=data["early"],
                reason=data["reason"],
            ),
        )
        if done:
            messages.success(request, "The partnership is closed. Please share your feedback.")
            return _back(partnership, "feedback")
    context = {
        "partnership": partnership,
        "form": form,
        "partner": partnership.partner_of(_user(request)),
    }
    return render(request, "partnerships/end.html", context)


@login_required
@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    return _submit(
        request,
        partnership,
        FeedbackForm(request.POST),
        lambda data: services.feedback_give(
            user=_user(request),
            partnership=partnership,
            rating=data["rating"],
            text=data["text"],
            managers_only=data["managers_only"],
        ),
        "Thank you for your feedback.",
        "feedback",
    )


@login_required
@require_POST
def levels(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = LevelsForm(request.POST, levels=levels_for(_user(request), partnership))
    if form.is_valid():
        changed = 0
        for name, skill in form.skills.items():
            level = form.cleaned_data.get(name)
            if level:
                changed += _relevel(request, partnership, skill.name, level)
        messages.success(request, f"Skill levels saved ({changed} changed).")
    return _back(partnership, "growth")


def _relevel(request: HttpRequest, partnership: Partnership, skill: str, level: int) -> bool:
    change = _attempt(
        request,
        lambda: services.level_update(
            user=_user(request), skill_text=skill, level=level, partnership=partnership
        ),
    )
    return change is not None
