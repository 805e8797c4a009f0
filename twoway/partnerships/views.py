"""Pages: suggestions, requests, the partnership page and its actions, calendar files.

Views are thin: they read a form and call a service. A refusal becomes a message on the page it
came from. Outsiders get 404 from the services, never a page saying the partnership exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twoway.conversations.services import thread_mark_read
from twoway.core.web import AuthedRequest, attempt, is_htmx, redirect_next
from twoway.partnerships import (
    calendar,
    goals,
    learning,
    requests,
    services,
    sessions,
    suggestions,
)
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
from twoway.partnerships.page_context import detail_context, levels_for
from twoway.people.models import Profile
from twoway.people.services import profile_ensure

T = TypeVar("T")


# --- Suggestions ------------------------------------------------------------------------------


@login_required
@require_GET
def suggestion_list(request: AuthedRequest) -> HttpResponse:
    q = request.GET
    found = suggestions.suggestions_for(
        user=request.user,
        skill=q.get("skill", ""),
        team=q.get("team", ""),
        tz=q.get("tz", ""),
        show=q.get("show", ""),
    )
    context = {"found": found, "filters": q, "show": q.get("show", "")}
    template = "partnerships/_suggestion_list.html" if is_htmx(request) else None
    return render(request, template or "partnerships/suggestions.html", context)


@login_required
@require_POST
def suggestion_mark(request: AuthedRequest, handle: str) -> HttpResponse:
    other = get_object_or_404(Profile.objects.select_related("user"), handle=handle).user
    kind = request.POST.get("kind", "")
    if kind == "clear":
        suggestions.suggestion_unmark(user=request.user, other=other)
    else:
        attempt(
            request,
            lambda: suggestions.suggestion_mark(user=request.user, other=other, kind=kind),
        )
    if is_htmx(request):
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect_next(request, "partnerships:suggestions")


# --- Requests ---------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    context = {
        "requests": requests.requests_for(user=request.user),
        "partnerships": services.partnerships_for(user=request.user),
    }
    return render(request, "partnerships/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: AuthedRequest, handle: str) -> HttpResponse:
    me = profile_ensure(user=request.user)
    them = get_object_or_404(Profile.objects.with_skills().select_related("user"), handle=handle)
    if them.user_id == me.user_id:
        raise Http404("You can't partner with yourself.")
    learn, teach = _focus_skills(me, them)
    form = RequestForm(request.POST or None, learn=learn, teach=teach)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sent = attempt(
            request,
            lambda: requests.request_create(
                sender=request.user,
                receiver=them.user,
                message=data["message"],
                learn_skills=data["learn_skills"],
                teach_skills=data["teach_skills"],
            ),
        )
        if sent is not None:
            messages.success(
                request,
                gettext("Your request is on its way to %(name)s.") % {"name": them.display_name},
            )
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
def request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    found = requests.request_get(user=request.user, request_id=pk)
    return render(request, "partnerships/request.html", _request_context(request, found))


def _request_context(request: AuthedRequest, found: Request) -> dict[str, Any]:
    me = request.user
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


def _answer(request: AuthedRequest, pk: int, action: Callable[[], Any]) -> HttpResponse:
    result = attempt(request, action)
    if isinstance(result, Partnership):
        messages.success(request, gettext("You are partners now. Agree how you'll work together."))
        if is_htmx(request):
            return HttpResponse(headers={"HX-Redirect": result.get_absolute_url()})
        return redirect(result)
    if is_htmx(request):
        found = requests.request_get(user=request.user, request_id=pk)
        context = _request_context(request, found)
        return render(request, "partnerships/_request_panel.html", context)
    return redirect("partnerships:request", pk=pk)


@login_required
@require_POST
def request_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, lambda: requests.request_accept(user=request.user, request_id=pk))


@login_required
@require_POST
def request_decline(request: AuthedRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _answer(
        request,
        pk,
        lambda: requests.request_decline(user=request.user, request_id=pk, reason=reason),
    )


@login_required
@require_POST
def request_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, lambda: requests.request_withdraw(user=request.user, request_id=pk))


@login_required
@require_POST
def request_message(request: AuthedRequest, pk: int) -> HttpResponse:
    text = request.POST.get("text", "")
    return _answer(
        request,
        pk,
        lambda: requests.request_message_add(user=request.user, request_id=pk, text=text),
    )


# --- The partnership page ---------------------------------------------------------------------


def _partnership(request: AuthedRequest, pk: int) -> Partnership:
    return services.partnership_get(user=request.user, partnership_id=pk)


@login_required
@require_GET
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    context = detail_context(request.user, partnership)
    # The page shows the messages: they are read now (the nav's unread count is from before).
    thread_mark_read(user=request.user, thread=context["thread"])
    return render(request, "partnerships/detail.html", context)


def _back(partnership: Partnership, anchor: str) -> HttpResponse:
    return redirect(partnership.get_absolute_url() + f"#{anchor}")


def _form_errors(request: AuthedRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(str(e) for e in errors)
        if label:
            text = gettext("%(field)s: %(errors)s") % {"field": label, "errors": text}
        messages.error(request, text)


def _submit(
    request: AuthedRequest,
    partnership: Partnership,
    form: Any,
    action: Callable[[dict[str, Any]], object],
    success: str,
    anchor: str,
) -> HttpResponse:
    """Run action on a valid form's data; say how it went, then go back to the anchor."""
    if form.is_valid():
        data = form.cleaned_data
        if attempt(request, lambda: action(data)):
            messages.success(request, success)
    else:
        _form_errors(request, form)
    return _back(partnership, anchor)


@login_required
@require_POST
def agreement(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = AgreementForm(request.POST, instance=Partnership.objects.get(pk=pk))
    return _submit(
        request,
        partnership,
        form,
        lambda data: services.agreement_update(
            user=request.user,
            partnership=partnership,
            cadence=data["cadence"],
            planned_end=data["planned_end"],
            expectations=data["expectations"],
        ),
        gettext("Agreement saved."),
        "agreement",
    )


@login_required
@require_POST
def goal_add(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = GoalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: goals.goal_add(
                user=request.user, partnership=partnership, text=data["text"], skill=data["skill"]
            ),
        )
    else:
        _form_errors(request, form)
    if is_htmx(request):
        context = detail_context(request.user, partnership)
        return render(request, "partnerships/_goals.html", context)
    return _back(partnership, "goals")


@login_required
@require_POST
def goal_update(request: AuthedRequest, goal_id: int) -> HttpResponse:
    goal = goals.goal_get(user=request.user, goal_id=goal_id)
    form = GoalProgressForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(
            request,
            lambda: goals.goal_update(
                user=request.user, goal=goal, progress=data["progress"], done=data["done"]
            ),
        )
    else:
        _form_errors(request, form)
    if is_htmx(request):
        context = detail_context(request.user, goal.partnership)
        return render(request, "partnerships/_goals.html", context)
    return _back(goal.partnership, "goals")


@login_required
@require_POST
def session_add(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    return _submit(
        request,
        partnership,
        SessionForm(request.POST),
        lambda data: sessions.session_schedule(
            user=request.user,
            partnership=partnership,
            day=data["day"],
            at=data["at"],
            tz=data["tz"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            link=data["link"],
            agenda=data["agenda"].splitlines(),
        ),
        gettext("Session scheduled. Add it to your calendar below."),
        "sessions",
    )


@login_required
@require_POST
def session_status(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = sessions.session_get(user=request.user, session_id=session_id)
    status = request.POST.get("status", "")
    attempt(
        request,
        lambda: sessions.session_set_status(user=request.user, session=session, status=status),
    )
    return _back(session.partnership, f"session-{session.pk}")


@login_required
@require_POST
def agenda_add(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = sessions.session_get(user=request.user, session_id=session_id)
    form = AgendaForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]
        attempt(request, lambda: sessions.agenda_add(user=request.user, session=session, text=text))
    else:
        _form_errors(request, form)
    if is_htmx(request):
        session = sessions.session_get(user=request.user, session_id=session_id)
        context = {"session": session, "can_edit": session.partnership.is_active}
        return render(request, "partnerships/_agenda.html", context)
    return _back(session.partnership, f"session-{session.pk}")


@login_required
@require_GET
def session_ics(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = sessions.session_get(user=request.user, session_id=session_id)
    body = calendar.session_ics(session, request.user)
    return _ics(body, f"twoway-session-{session.pk}.ics")


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
    reader = calendar.feed_reader(partnership, request.GET.get("for", ""))
    response = _ics(calendar.feed_ics(partnership, reader), "twoway.ics")
    response["Content-Disposition"] = 'inline; filename="twoway.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def feed_regenerate(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    services.feed_token_regenerate(user=request.user, partnership=partnership)
    messages.success(request, gettext("New calendar address made. The old one no longer works."))
    return _back(partnership, "calendar")


@login_required
@require_POST
def learning_add(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    context = detail_context(request.user, partnership)
    form = LearningForm(request.POST, skills=context["log_skills"], sessions=context["sessions"])

    def log(data: dict[str, Any]) -> object:
        # session_get only raises Http404, which _attempt lets through as before.
        session = (
            sessions.session_get(user=request.user, session_id=data["session"])
            if data["session"]
            else None
        )
        return learning.learning_log(
            user=request.user,
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
        gettext("Logged. Thank you for keeping the two-way record."),
        "learning",
    )


@login_required
@require_http_methods(["GET", "POST"])
def end(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: services.partnership_end(
                user=request.user,
                partnership=partnership,
                early=data["early"],
                reason=data["reason"],
            ),
        )
        if done:
            messages.success(
                request, gettext("The partnership is closed. Please share your feedback.")
            )
            return _back(partnership, "feedback")
    context = {
        "partnership": partnership,
        "form": form,
        "partner": partnership.partner_of(request.user),
    }
    return render(request, "partnerships/end.html", context)


@login_required
@require_POST
def feedback(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    return _submit(
        request,
        partnership,
        FeedbackForm(request.POST),
        lambda data: services.feedback_give(
            user=request.user,
            partnership=partnership,
            rating=data["rating"],
            text=data["text"],
            managers_only=data["managers_only"],
        ),
        gettext("Thank you for your feedback."),
        "feedback",
    )


@login_required
@require_POST
def levels(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = LevelsForm(request.POST, levels=levels_for(request.user, partnership))
    if form.is_valid():
        changed, added = 0, []
        for name, skill in form.skills.items():
            level = form.cleaned_data.get(name)
            if level and _relevel(request, partnership, skill.name, level):
                changed += 1
                added += [skill.name] if name in form.adds else []
        text = ngettext(
            "Skill levels saved (%(count)s change).",
            "Skill levels saved (%(count)s changes).",
            changed,
        ) % {"count": changed}
        if added:
            more = gettext("Added to what you can teach: %(skills)s.") % {
                "skills": ", ".join(added)
            }
            text = f"{text} {more}"  # two whole sentences
        messages.success(request, text)
    return _back(partnership, "growth")


def _relevel(request: AuthedRequest, partnership: Partnership, skill: str, level: int) -> bool:
    change = attempt(
        request,
        lambda: services.level_update(
            user=request.user, skill_text=skill, level=level, partnership=partnership
        ),
    )
    return change is not None
