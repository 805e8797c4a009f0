"""Pages: my network (graph, list, who can help, introductions, visibility) and circles.

Views are thin: they read a form and call a service. Outsiders get 404 from the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twoway.conversations import views as conversations_views
from twoway.core.web import AuthedRequest, attempt
from twoway.network import circle_queue, circles, schemas, services
from twoway.network.calendar import meeting_ics as meeting_ics_bytes
from twoway.network.forms import (
    AnswerForm,
    CircleForm,
    HelpForm,
    IntroductionForm,
    LearningForm,
    MeetingForm,
    QueueForm,
    VisibilityForm,
)
from twoway.network.graph import network_of
from twoway.network.graph_words import graph_words
from twoway.network.models import CircleMeeting
from twoway.people.models import Profile

T = TypeVar("T")


# --- Network ----------------------------------------------------------------------------------


def _help(request: AuthedRequest) -> dict[str, Any]:
    form = HelpForm(request.GET if "skill" in request.GET else None)
    found: dict[str, Any] = {"help_form": form, "helpers": None, "skill": None}
    if form.is_bound and form.is_valid():
        try:
            skill, helpers = services.who_can_help(
                user=request.user, text=form.cleaned_data["skill"]
            )
            found.update(skill=skill, helpers=helpers)
        except ValidationError as exc:
            form.add_error("skill", " ".join(exc.messages))
    return found


@login_required
@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    network = network_of(owner=user, viewer=user)
    visibility = services.visibility_of(user=user)
    context = {
        "owner": user.profile,
        "mine": True,
        "rows": schemas.list_rows(network),
        "counts": _counts(network),
        "visibility_form": VisibilityForm(initial={"visibility": visibility}),
        "graph_src": "/api/network?depth=2",
        "graph_words": graph_words(),
        **_help(request),
    }
    return render(request, "network/home.html", context)


def _counts(network: Any) -> dict[int, int]:
    out = {1: 0, 2: 0}
    for node in network.nodes.values():
        if node.distance in out:
            out[node.distance] += 1
    return out


@login_required
@require_GET
def member_network(request: AuthedRequest, handle: str) -> HttpResponse:
    """A connection's network, when they share it with their connections; 404 otherwise."""
    owner = get_object_or_404(Profile.objects.select_related("user"), handle=handle)
    if owner.user_id == request.user.pk:
        return redirect("network:home")
    network = network_of(owner=owner.user, viewer=request.user)
    context = {
        "owner": owner,
        "mine": False,
        "rows": schemas.list_rows(network),
        "counts": _counts(network),
        "graph_src": f"/api/network?depth=2&of={owner.handle}",
        "graph_words": graph_words(),
    }
    return render(request, "network/home.html", context)


@login_required
@require_POST
def visibility(request: AuthedRequest) -> HttpResponse:
    form = VisibilityForm(request.POST)
    if form.is_valid():
        services.visibility_set(user=request.user, visibility=form.cleaned_data["visibility"])
        messages.success(request, gettext("Your network visibility is saved."))
    else:
        messages.error(request, gettext("Choose who can see your network."))
    return redirect("network:home")


@login_required
@require_GET
def introductions(request: AuthedRequest) -> HttpResponse:
    found = services.introductions_for(user=request.user)
    return render(request, "network/introductions.html", {**found, "answer_form": AnswerForm()})


@login_required
@require_POST
def introduction_new(request: AuthedRequest) -> HttpResponse:
    form = IntroductionForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Write a short message for the introduction."))
        return redirect("network:home")
    data = form.cleaned_data
    done = attempt(
        request,
        lambda: services.introduction_request(
            requester=request.user,
            target_handle=data["target"],
            via_handle=data["via"],
            skill=data["skill"],
            message=data["message"],
        ),
    )
    if done is not None:
        messages.success(
            request,
            gettext("Asked %(name)s for an introduction.")
            % {"name": done.via.profile.display_name},
        )
    return redirect("network:introductions")


@login_required
@require_POST
def introduction_answer(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("forward", "decline"):
        raise Http404(gettext("No such action."))
    form = AnswerForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    done = attempt(
        request,
        lambda: services.introduction_answer(
            user=request.user, introduction_id=pk, action=action, note=note
        ),
    )
    if done is not None:
        messages.success(
            request,
            gettext("Introduction sent.")
            if action == "forward"
            else gettext("You declined, kindly."),
        )
    return redirect("network:introductions")


# --- Circles ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def circle_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = CircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        circle = attempt(request, lambda: circles.circle_create(user=user, **form.cleaned_data))
        if circle is not None:
            messages.success(
                request,
                gettext("Your circle %(name)s is open for members.") % {"name": circle.name},
            )
            return redirect(circle)
    visible = list(circles.circles_visible(user=user))
    mine = set(
        user.circle_memberships.filter(left_at__isnull=True).values_list("circle_id", flat=True)
    )
    context = {
        "mine": [c for c in visible if c.pk in mine],
        "others": [c for c in visible if c.pk not in mine],
        "form": form,
        "queue": circle_queue.queue_status(user=user),
        "queue_form": QueueForm(),
    }
    return render(request, "network/circles.html", context)


@login_required
@require_POST
def queue_join(request: AuthedRequest) -> HttpResponse:
    """ "Place me in a circle": join the circle queue."""
    form = QueueForm(request.POST)
    if not form.is_valid():
        for errs in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errs))
        return redirect("network:circles")
    done = attempt(
        request,
        lambda: circle_queue.queue_join(
            user=request.user, themes=form.theme_list(), size=form.cleaned_data["size"]
        ),
    )
    if done is not None:
        messages.success(
            request, gettext("You are in the circle queue. We'll tell you when you're placed.")
        )
    return redirect("network:circles")


@login_required
@require_POST
def queue_leave(request: AuthedRequest) -> HttpResponse:
    left = circle_queue.queue_leave(user=request.user)
    messages.success(
        request,
        gettext("You left the circle queue.") if left else gettext("You weren't waiting."),
    )
    return redirect("network:circles")


@login_required
@require_GET
def circle_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    circle = circles.circle_get(user=user, circle_id=pk)
    members = circles.members_of(circle)
    is_member = any(m.pk == user.pk for m in members)
    context: dict[str, Any] = {"circle": circle, "members": members, "is_member": is_member}
    if is_member:
        choices = [(m.profile.handle, m.profile.display_name) for m in members if m.pk != user.pk]
        context.update(
            meetings=circle.meetings.all(),
            learning=circle.learning.select_related(
                "author__profile", "learned_from__profile"
            ).prefetch_related("skills"),
            meeting_form=MeetingForm(initial={"timezone": user.profile.timezone}),
            learning_form=LearningForm(members=choices),
        )
    return render(request, "network/circle.html", context)


@login_required
@require_POST
def circle_join(request: AuthedRequest, pk: int) -> HttpResponse:
    if attempt(request, lambda: circles.circle_join(user=request.user, circle_id=pk)):
        messages.success(request, gettext("Welcome to the circle."))
    return redirect("network:circle", pk=pk)


@login_required
@require_POST
def circle_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    circles.circle_leave(user=request.user, circle_id=pk)
    messages.success(
        request,
        gettext("You left the circle. The members you met with stay in your network."),
    )
    return redirect("network:circles")


def _posted(
    request: AuthedRequest,
    pk: int,
    form: Any,
    action: Callable[[dict[str, Any]], Any],
    done: str,
    anchor: str,
) -> HttpResponse:
    circles.circle_for_member(user=request.user, circle_id=pk)
    if form.is_valid():
        if attempt(request, lambda: action(form.cleaned_data)) is not None:
            messages.success(request, done)
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label or field if field in form.fields else field
            text = gettext("%(label)s: %(errors)s") % {"label": label, "errors": " ".join(errs)}
            messages.error(request, text)
    return redirect(f"/circles/{pk}/#{anchor}")


@login_required
@require_POST
def meeting_add(request: AuthedRequest, pk: int) -> HttpResponse:
    def act(d: dict[str, Any]) -> Any:
        return circles.meeting_add(
            user=request.user,
            circle_id=pk,
            day=d["date"],
            at=d["time"],
            tz=d["timezone"],
            duration_minutes=d["duration_minutes"],
            place=d["place"],
            agenda=d["agenda"],
        )

    done = gettext("Meeting scheduled.")
    return _posted(request, pk, MeetingForm(request.POST), act, done, "meetings")


@login_required
@require_POST
def learning_add(request: AuthedRequest, pk: int) -> HttpResponse:
    circle = circles.circle_for_member(user=request.user, circle_id=pk)
    choices = [(m.profile.handle, m.profile.display_name) for m in circles.members_of(circle)]

    def act(d: dict[str, Any]) -> Any:
        skills = [s for s in d["skills"].split(",") if s.strip()]
        return circles.learning_add(
            user=request.user,
            circle_id=pk,
            learned_from=d["learned_from"],
            text=d["text"],
            skills=skills,
        )

    form = LearningForm(request.POST, members=choices)
    return _posted(request, pk, form, act, gettext("Added to the learning log."), "learning")


@login_required
@require_POST
def message_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """The circle page's older message form: now the circle thread's own post."""
    return conversations_views.circle_thread(request, pk)


@login_required
@require_GET
def meeting_ics(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(CircleMeeting.objects.select_related("circle"), pk=pk)
    circles.circle_for_member(user=request.user, circle_id=meeting.circle_id)
    response = HttpResponse(meeting_ics_bytes(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="circle-meeting-{pk}.ics"'
    return response
