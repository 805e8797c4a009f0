"""Account pages. Each view is thin: it reads the form, calls a service and picks a page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.accounts import services
from twoway.accounts.forms import (
    DisplayNameForm,
    LoginForm,
    ResetRequestForm,
    SignupForm,
    TokenForm,
)
from twoway.accounts.models import LoginFailure, MemberSession, User
from twoway.twofactor.views import SecondFactorLoginMixin


class LoginView(SecondFactorLoginMixin, auth_views.LoginView):
    """Email and password; then, for a member who has one, the second factor (twoway/twofactor)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Django puts the request's host in "site_name"; the page wants the product's name.
        context["site_name"] = settings.SITE_NAME
        return context


login_view = LoginView.as_view()


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("home")


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.signup(request):
        # The same page whether the address was new or taken: the email tells the difference.
        email = form.cleaned_data["email"].strip().lower()
        return render(request, "accounts/signup_sent.html", {"email": email})
    return render(request, "accounts/signup.html", {"form": form})


def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user, newly = services.email_verification_confirm(token=token)
    except ValidationError as exc:
        context = {"expired": exc.code == "expired"}
        return render(request, "accounts/verify_failed.html", context, status=400)
    if not newly:
        return render(request, "accounts/verify_done.html", {"verified_user": user})
    # The link logs in only once, so a forwarded or leaked old email is not a standing key.
    if request.user != user:
        login(request, user, backend=services.BACKEND)
    messages.success(request, _("Thank you: your email is verified."))
    return redirect(services.url_after_join())


@login_required
@require_POST
def verify_resend(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.email_verified:
        messages.info(request, _("Your email is already verified."))
        return redirect("accounts:settings")
    try:
        wait = services.email_verification_resend(user=user, request=request)
    except OSError:
        messages.error(request, _("We couldn't send the email just now. Please try again later."))
        return redirect("accounts:settings")
    # One notice about the link, not two: this page says it, so the banner stays out of it.
    context = {"email": user.email, "wait": wait, "verify_page": True}
    return render(request, "accounts/verify_sent.html", context)


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = DisplayNameForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your name is saved."))
        return redirect("accounts:settings")
    return _settings_page(request, name_form=form)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST)
    context: dict[str, Any] = {"token_form": form}
    if form.is_valid():
        token, secret = services.token_create(user=user, name=form.cleaned_data["name"])
        context = {"token_form": TokenForm(), "new_token": token, "new_secret": secret}
    # The page is rendered, not redirected to: the secret must appear once and never again.
    if request.headers.get("HX-Request"):
        return _tokens_partial(request, context)
    return _settings_page(request, **context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = services.token_revoke(user=user, token_id=token_id)
    if request.headers.get("HX-Request"):
        return _tokens_partial(request, {"token_form": TokenForm(), "revoked": token})
    messages.success(
        request, _("Token “%(name)s” is revoked. It no longer works.") % {"name": token.name}
    )
    return redirect("accounts:settings")


@login_required
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    ended = services.sessions_end_others(request=request)
    if ended:
        messages.success(
            request, _("You are signed out everywhere else. This device stays signed in.")
        )
    else:
        messages.info(request, _("You were not signed in anywhere else."))
    return redirect("accounts:settings")


def _tokens_context(user: User) -> dict[str, Any]:
    return {"tokens": user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at")}


def _tokens_partial(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    context = {**_tokens_context(request.user), **context}  # type: ignore[arg-type]
    return render(request, "accounts/_tokens.html", context)


def _settings_page(request: HttpRequest, **context: Any) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context.setdefault("name_form", DisplayNameForm(instance=user))
    context.setdefault("token_form", TokenForm())
    context.update(_tokens_context(user))
    services.session_seen(request=request)  # so a session's first page already lists itself
    context["member_sessions"] = MemberSession.objects.live_for(user)
    context["this_session"] = request.session.session_key
    return render(request, "accounts/settings.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, with requests counted per address and per client (no email flood)."""

    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    # Django names the site after the request's host; the email names the product.
    extra_email_context = {"site_name": settings.SITE_NAME}

    def form_valid(self, form: Any) -> HttpResponse:
        if not form.allow(self.request):
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password also lifts the failed-login lock on that email. Like every
    password change it revokes the member's tokens and ends their sessions (User.save)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        LoginFailure.objects.clear(email=form.user.email)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password revokes the member's tokens and ends their other sessions
    (User.save); Django then moves this session to a new key, so this device stays in."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(
            self.request,
            _(
                "Your password is changed. Your other devices are signed out and any API tokens "
                "are revoked: create new ones for your scripts."
            ),
        )
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
