"""What single sign-on keeps of its own: the email domains whose members must use it.

The providers themselves are django-allauth's ``SocialApp`` rows (or ``SOCIALACCOUNT_PROVIDERS``
from settings), and each link between a member and a provider is allauth's ``SocialAccount``.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DOMAIN_SHAPE = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    gettext_lazy("Enter a domain such as example.com, without @ or https://."),
    flags=re.IGNORECASE,
)


class SsoOnlyDomainManager(models.Manager["SsoOnlyDomain"]):
    def covering(self, email: str) -> SsoOnlyDomain | None:
        """The SSO-only domain of this address, or None (malformed addresses have none)."""
        domain = email.strip().lower().rpartition("@")[2]
        if not domain:
            return None
        return self.filter(domain=domain).first()


class SsoOnlyDomain(models.Model):
    """Members whose email is at this domain sign in only through single sign-on: the password
    form, password reset and sign-up refuse their addresses with a message saying so."""

    domain = models.CharField(
        max_length=253,
        unique=True,
        validators=[DOMAIN_SHAPE],
        help_text="Exactly the part after @, e.g. example.com (subdomains are separate entries).",
    )
    provider_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="The sign-in button these members should use, as named on the sign-in page "
        "(e.g. Contoso). Blank: the message speaks of single sign-on in general.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SsoOnlyDomainManager()

    class Meta:
        ordering = ["domain"]
        verbose_name = "SSO-only email domain"

    def __str__(self) -> str:
        return self.domain

    def save(self, *args: object, **kwargs: object) -> None:
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        self.domain = self.domain.strip().lower()
        if not self.domain:
            raise ValidationError({"domain": _("Enter a domain such as example.com.")})

    def refusal(self, *, doing: str) -> str:
        """The message for someone at this domain trying ``doing``: ``"login"`` (with a
        password), ``"reset"`` (a password) or ``"signup"`` (with a password)."""
        refused = str(REFUSED[doing]) % {"domain": self.domain}
        if self.provider_name:
            way = _("Use the “Sign in with %(provider)s” button on the sign-in page.") % {
                "provider": self.provider_name
            }
        else:
            way = _("Use your organisation's single sign-on button on the sign-in page.")
        return f"{refused} {way}"


# What an address at an SSO-only domain is refused, by what it tried (SsoOnlyDomain.refusal).
REFUSED = {
    "login": gettext_lazy(
        "Members with an @%(domain)s address can't sign in with a password here: your "
        "organisation signs you in through single sign-on."
    ),
    "reset": gettext_lazy(
        "Members with an @%(domain)s address can't reset a password here: your "
        "organisation signs you in through single sign-on."
    ),
    "signup": gettext_lazy(
        "Members with an @%(domain)s address can't create an account with a password here: "
        "your organisation signs you in through single sign-on."
    ),
}
