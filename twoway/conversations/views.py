"""The thread's pages: polled and posted to with htmx from the partnership and circle pages.

Without JavaScript the form is a plain POST that redirects back to the owner's page at its
messages section; with htmx the answer is the thread partial, swapped in place. A poll asks for
messages after the last one shown and gets 204 (nothing to swap) when there are none.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from twoway.conversations import services
from twoway.conversations.forms import MessageForm
from twoway.conversations.models import Thread
from twoway.conversations.page_context import thread_context
from twoway.core.errors import Refused
from twoway.core.throttle import Throttled
from twoway.core.web import AuthedRequest, form_errors, is_htmx


@login_required
@require_GET
def inbox(request: AuthedRequest) -> HttpResponse:
    threads = services.threads_for(user=request.user)
    return render(request, "conversations/inbox.html", {"threads": threads})


@login_required
@require_http_methods(["GET", "POST"])
def partnership_thread(request: AuthedRequest, pk: int) -> HttpResponse:
    thread = services.thread_for_partnership(user=request.user, partnership_id=pk)
    return _thread(request, thread)


@login_required
@require_http_methods(["GET", "POST"])
def circle_thread(request: AuthedRequest, pk: int) -> HttpResponse:
    thread = services.thread_for_circle(user=request.user, circle_id=pk)
    return _thread(request, thread)


def _thread(request: AuthedRequest, thread: Thread) -> HttpResponse:
    if request.method == "POST":
        return _post(request, thread)
    if not is_htmx(request):
        return redirect(thread)
    after = _int(request.GET.get("after", ""))
    if after and not thread.messages.filter(id__gt=after).exists():
        return HttpResponse(status=204)  # nothing new: htmx leaves the page as it is
    services.thread_mark_read(user=request.user, thread=thread)
    context = thread_context(user=request.user, thread=thread)
    return render(request, "conversations/_messages.html", context)


def _int(value: str) -> int:
    return int(value) if value.isdecimal() and len(value) < 19 else 0


def _post(request: AuthedRequest, thread: Thread) -> HttpResponse:
    form = MessageForm(request.POST, auto_id=f"thread-{thread.pk}-%s")
    if form.is_valid():
        try:
            services.message_post(user=request.user, thread=thread, text=form.cleaned_data["text"])
        except (Refused, Throttled) as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            form = MessageForm(auto_id=f"thread-{thread.pk}-%s")
    if is_htmx(request):
        context = thread_context(user=request.user, thread=thread, form=form)
        return render(request, "conversations/_thread.html", context)
    for errors in form.errors.values():
        messages.error(request, " ".join(str(e) for e in errors))
    if not form.errors:
        messages.success(request, gettext("Message sent."))
    return redirect(thread)
