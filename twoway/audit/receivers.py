"""Audit entries for changes made anywhere: sign-ins and sign-outs, passwords, API tokens, roles,
group and program-manager memberships, the admin's own log, and erasure.

Signals catch every surface at once (pages, API, admin, commands), so the owning apps need no
audit calls for these. The request, when there is one, comes from ``AuditRequestMiddleware``.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from twoway.accounts.models import ApiToken, User
from twoway.audit.context import current_request
from twoway.audit.models import Action
from twoway.audit.services import Target, member_forget, record, signed_in
from twoway.programs.models import Program

ROLE_FIELDS = ("is_staff", "is_superuser", "is_active")
ADMIN_ACTIONS = {
    ADDITION: Action.ADMIN_ADD,
    CHANGE: Action.ADMIN_CHANGE,
    DELETION: Action.ADMIN_DELETE,
}


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    via = request.path if request is not None else ""
    record(Action.SIGN_IN, actor=user, target=user, request=request, via=via)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def _signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record(Action.SIGN_OUT, actor=user, target=user, request=request)


@receiver(pre_save, sender=User, dispatch_uid="audit_roles_before")
def _roles_before(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    """Remember the role flags as stored, when this save may change them (one small query)."""
    touched = update_fields is None or set(ROLE_FIELDS) & set(update_fields)
    if instance.pk is not None and touched:
        stored = User.objects.filter(pk=instance.pk).values(*ROLE_FIELDS).first()
        instance._audit_roles = stored  # type: ignore[attr-defined]


@receiver(post_save, sender=User, dispatch_uid="audit_user_saved")
def _user_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_audit_roles", None)  # None: this save left the flags alone
    instance._audit_roles = None  # type: ignore[attr-defined]
    if created:  # a new account's flags count from an ordinary member's
        before = {"is_staff": False, "is_superuser": False, "is_active": True}
    changes: dict[str, Any] = {
        name: [before[name], getattr(instance, name)]
        for name in ROLE_FIELDS
        if before and before[name] != getattr(instance, name)
    }
    if changes:
        record(Action.ROLE_CHANGE, target=instance, **changes)
    # set_password() leaves the new password in _password until the row is saved (User.save).
    if not created and getattr(instance, "_password", None) is not None:
        _password_changed(instance)


def _password_changed(user: User) -> None:
    """Set by a signed-in member (their settings, or staff in the admin), by nobody signed in
    (the emailed reset link), or outside any request (``changepassword``: the system)."""
    request = current_request()
    reset = request is not None and signed_in(request) is None
    if reset:
        record(Action.PASSWORD_RESET, actor=user, target=user)
    else:
        record(Action.PASSWORD_CHANGE, target=user)


@receiver(post_save, sender=ApiToken, dispatch_uid="audit_token_saved")
def _token_saved(sender: Any, instance: ApiToken, created: bool, **kwargs: Any) -> None:
    """Created (by its owner), or revoked through ``ApiToken.revoke`` (its owner, or staff in the
    admin). A password change revokes every token in one update: its own entry says so."""
    fields = kwargs.get("update_fields") or ()
    owner = instance.user
    if created:
        actor = signed_in(current_request()) or owner
        record(Action.TOKEN_CREATE, actor=actor, target=instance, owner=owner.email)
    elif "revoked_at" in fields and instance.revoked_at is not None:
        record(Action.TOKEN_REVOKE, target=instance, owner=owner.email)


def _memberships(instance: Model, model: type[Model], pks: Any) -> list[tuple[User, Model]]:
    """The (member, group or program) pairs an m2m change touched, from either side."""
    others = list(model._default_manager.filter(pk__in=pks or ()))
    if isinstance(instance, User):
        return [(instance, other) for other in others]
    return [(other, instance) for other in others if isinstance(other, User)]


def _membership_changed(
    instance: Model, action: str, model: type[Model], pk_set: Any, codes: tuple[str, str]
) -> None:
    if action == "pre_clear":  # which rows go is known only before they go
        related = model._default_manager.filter(**_reverse_filter(instance, model))
        instance._audit_cleared = list(related.values_list("pk", flat=True))  # type: ignore[attr-defined]
        return
    if action == "post_clear":
        action, pk_set = "post_remove", getattr(instance, "_audit_cleared", [])
    if action not in ("post_add", "post_remove"):
        return
    code = codes[0] if action == "post_add" else codes[1]
    for user, thing in _memberships(instance, model, pk_set):
        key = "group" if isinstance(thing, Group) else "program"
        record(code, target=user, **{key: str(thing), f"{key}_id": thing.pk})


def _reverse_filter(instance: Model, model: type[Model]) -> dict[str, Any]:
    if isinstance(instance, User):
        return {"user" if model is Group else "managers": instance}
    return {"groups" if isinstance(instance, Group) else "managed_programs": instance}


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_groups")
def _groups_changed(sender: Any, instance: Model, action: str, model: Any, pk_set: Any,
                    **kwargs: Any) -> None:  # fmt: skip
    codes = (Action.GROUP_ADD, Action.GROUP_REMOVE)
    _membership_changed(instance, action, model, pk_set, codes)


@receiver(m2m_changed, sender=Program.managers.through, dispatch_uid="audit_managers")
def _managers_changed(sender: Any, instance: Model, action: str, model: Any, pk_set: Any,
                      **kwargs: Any) -> None:  # fmt: skip
    codes = (Action.MANAGER_ADD, Action.MANAGER_REMOVE)
    _membership_changed(instance, action, model, pk_set, codes)


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_log")
def _admin_logged(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """Mirror the admin's own log, so staff actions there are filtered, exported and purged with
    everything else. The change itself (a role, a token) has its own entry too."""
    if not created or instance.action_flag not in ADMIN_ACTIONS:
        return
    kind = cast("ContentType | None", instance.content_type)
    name = f"{kind.app_label}.{kind.model}" if kind else "admin"
    target = Target(name, str(instance.object_id or ""), instance.object_repr)
    record(ADMIN_ACTIONS[instance.action_flag], actor=instance.user, target=target,
           change=instance.get_change_message())  # fmt: skip


@receiver(pre_delete, sender=User, dispatch_uid="audit_forget")
def _member_deleted(sender: Any, instance: User, **kwargs: Any) -> None:
    member_forget(user=instance)
