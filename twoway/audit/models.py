"""The audit log: one row per security-relevant or manager action (docs/security.md, "Audit log").

Rows are written only through ``twoway.audit.services.record``; nothing edits them afterwards
except erasure (``member_forget``), which blanks what names an erased member, and retention
(``purge_older_than``), which deletes old rows.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What an entry says instead of an erased member's address (docs/security.md, "Audit log").
FORMER_MEMBER = "a former member"


class Action(models.TextChoices):
    """Every code an entry can carry. Keep docs/security.md's table in step with this list."""

    SIGN_IN = "auth.sign_in", gettext_lazy("Signed in")
    SIGN_IN_FAILED = "auth.sign_in_failed", gettext_lazy("Failed sign-in")
    SIGN_OUT = "auth.sign_out", gettext_lazy("Signed out")
    PASSWORD_CHANGE = "password.change", gettext_lazy("Password changed")
    PASSWORD_RESET = "password.reset", gettext_lazy("Password reset by emailed link")
    MFA_CHANGE = "mfa.change", gettext_lazy("Second factor changed")
    MFA_FAILED = "auth.mfa_failed", gettext_lazy("Failed second factor")
    SSO_LINK = "sso.link", gettext_lazy("Single sign-on linked to an account")
    TOKEN_CREATE = "token.create", gettext_lazy("API token created")
    TOKEN_REVOKE = "token.revoke", gettext_lazy("API token revoked")
    ROLE_CHANGE = "role.change", gettext_lazy("Staff, superuser or active status changed")
    GROUP_ADD = "role.group_add", gettext_lazy("Added to a group")
    GROUP_REMOVE = "role.group_remove", gettext_lazy("Removed from a group")
    MANAGER_ADD = "program.manager_add", gettext_lazy("Made a program manager")
    MANAGER_REMOVE = "program.manager_remove", gettext_lazy("No longer a program manager")
    IMPORT_COMMIT = "import.commit", gettext_lazy("Participants file imported")
    ROUND_PUBLISH = "round.publish", gettext_lazy("Match round published")
    ADMIN_ADD = "admin.add", gettext_lazy("Added in the admin")
    ADMIN_CHANGE = "admin.change", gettext_lazy("Changed in the admin")
    ADMIN_DELETE = "admin.delete", gettext_lazy("Deleted in the admin")
    AUDIT_EXPORT = "audit.export", gettext_lazy("Audit log exported")
    DATA_EXPORT = "data.export", gettext_lazy("Member's data exported")
    ACCOUNT_ERASE = "account.erase", gettext_lazy("Account erased")
    RETENTION_RUN = "retention.run", gettext_lazy("Retention job ran")
    SCIM_TOKEN_ISSUE = "scim.token_issue", gettext_lazy("Provisioning token issued")
    SCIM_USER_CREATE = "scim.user_create", gettext_lazy("Member provisioned by a directory")
    SCIM_USER_UPDATE = "scim.user_update", gettext_lazy("Provisioned member changed by a directory")
    SCIM_USER_DEACTIVATE = "scim.user_deactivate", gettext_lazy("Member deactivated by a directory")
    SCIM_USER_REACTIVATE = "scim.user_reactivate", gettext_lazy("Member reactivated by a directory")
    SCIM_USER_DELETE = "scim.user_delete", gettext_lazy("Member deleted (erased) by a directory")
    SCIM_GROUP_CREATE = "scim.group_create", gettext_lazy("Directory group created")
    SCIM_GROUP_UPDATE = "scim.group_update", gettext_lazy("Directory group changed")
    SCIM_GROUP_DELETE = "scim.group_delete", gettext_lazy("Directory group deleted")
    SCIM_GROUP_MAP = "scim.group_map", gettext_lazy("Directory group mapped to a team or program")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def matching(
        self,
        *,
        action: str = "",
        actor: str = "",
        start: datetime | None = None,
        end: datetime | None = None,
        text: str = "",
    ) -> AuditEventQuerySet:
        """Entries with this action code, an actor whose address contains ``actor``, made at or
        after ``start`` and before ``end``, and mentioning ``text`` anywhere (actor, target,
        address, browser or detail). Empty arguments don't filter."""
        rows = self
        if action:
            rows = rows.filter(action=action)
        if actor:
            rows = rows.filter(actor_label__icontains=actor)
        if start is not None:
            rows = rows.filter(created_at__gte=start)
        if end is not None:
            rows = rows.filter(created_at__lt=end)
        if text:
            rows = rows.filter(
                Q(actor_label__icontains=text) | Q(target_label__icontains=text)
                | Q(target_type__icontains=text) | Q(target_id=text) | Q(ip__icontains=text)
                | Q(user_agent__icontains=text) | Q(detail__icontains=text)
            )  # fmt: skip
        return rows


class AuditEvent(models.Model):
    """Who did what to what, from where, and when.

    The actor and target are snapshots as well as pointers: ``actor_label`` and ``target_label``
    keep what they were called at the time, so the entry still reads after the row is gone.
    ``actor`` is empty for visitors (a failed sign-in) and for the system (a worker, a command).
    """

    action = models.CharField(max_length=40, choices=Action.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.who} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        """The actor as the log shows it: their address then, a visitor, or the system."""
        if self.actor_label:
            return self.actor_label
        return _("a visitor") if self.ip or self.user_agent else _("the system")

    @property
    def target(self) -> str:
        """The target as the log shows it: "what (type #id)", or "" when there is none."""
        if not self.target_type:
            return ""
        return f"{self.target_label} ({self.target_type} #{self.target_id})"

    @property
    def detail_text(self) -> str:
        """The detail as "key: value" pairs, for the page."""
        items = self.detail.items() if isinstance(self.detail, dict) else [("detail", self.detail)]
        return "; ".join(f"{key}: {value}" for key, value in items)
