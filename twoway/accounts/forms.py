"""Account forms. They check input shape; the rules live in services.py and models.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from twoway.accounts import services
from twoway.accounts.models import User
from twoway.core.i18n import speaking_to
from twoway.identity.services import sso_only_refusal


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("Shown to other members. A first name is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 8 characters; avoid common passwords."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        return _not_sso_only(self.cleaned_data["email"], "signup")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password"), data.get("password_again")
        if first and second and first != second:
            self.add_error(
                "password_again", _("The two passwords don't match. Type the same password twice.")
            )
        return data

    def signup(self, request: Any) -> bool:
        """Run the public sign-up; on a refusal, show its reasons on the form and return False."""
        try:
            services.user_signup_request(
                email=self.cleaned_data["email"],
                password=self.cleaned_data["password"],
                display_name=self.cleaned_data["display_name"],
                request=request,
            )
        except ValidationError as exc:
            self.add_error(None, exc)
            return False
        return True


def _not_sso_only(email: str, doing: str) -> str:
    """The address, unless its domain signs in only through single sign-on (twoway/identity)."""
    refusal = sso_only_refusal(email=email, doing=doing)
    if refusal:
        raise ValidationError(refusal, code="sso_only")
    return email


def _login_check(form: AuthenticationForm) -> None:
    """Check a login form's email and password through ``user_authenticate`` (rate limited)."""
    email = form.cleaned_data.get("username")
    password = form.cleaned_data.get("password")
    if email and password:
        _not_sso_only(email, "login")
        try:
            form.user_cache = services.user_authenticate(
                request=form.request, email=email, password=password
            )
        except services.LoginLimited as exc:
            raise ValidationError(str(exc), code="limited") from None
        form.confirm_login_allowed(form.user_cache)


class LoginForm(AuthenticationForm):
    """Django's login form, checked through ``user_authenticate`` so failures are rate limited."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean(self) -> dict[str, Any]:
        _login_check(self)
        return self.cleaned_data


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login form (/admin/login/), limited exactly like the login page."""

    def clean(self) -> dict[str, Any]:
        _login_check(self)
        return self.cleaned_data


class ResetRequestForm(PasswordResetForm):
    """Django's reset form, with the address and client counted before any email is sent."""

    def clean_email(self) -> str:
        return _not_sso_only(self.cleaned_data["email"], "reset")

    def allow(self, request: Any) -> bool:
        """Count this request; when over the limit, say so on the form and return False."""
        try:
            services.password_reset_allow(email=self.cleaned_data["email"], request=request)
        except ValidationError as exc:
            self.add_error(None, exc)
            return False
        return True

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """The reset email, in its recipient's language (docs/i18n.md)."""
        with speaking_to(context.get("user")):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name=html_email_template_name,
            )


class DisplayNameForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["first_name"]
        labels = {"first_name": _("Your name")}
        help_texts = {"first_name": _("Shown to other members.")}

    def clean_first_name(self) -> str:
        name = str(self.cleaned_data["first_name"]).strip()
        if not name:
            raise ValidationError(_("Enter the name other members should see."))
        return name


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("Say where you'll use it, e.g. “laptop script” or “HR import”."),
    )
