"""Template tags for the two-factor pages and the settings page's section."""

from __future__ import annotations

from typing import Any

from django import template

from twoway.twofactor import policy

register = template.Library()


@register.simple_tag
def twofactor_status(user: Any) -> dict[str, Any]:
    """What a page says about ``user``'s second factor: whether the policy requires one, which
    kinds they have, whether they have a factor at all, and whether they may add one."""
    kinds = policy.factor_types(user) if user is not None and user.pk else set()
    return {
        "required": policy.is_required(user),
        "totp": "totp" in kinds,
        "webauthn": "webauthn" in kinds,
        "recovery_codes": "recovery_codes" in kinds,
        "enabled": bool(kinds & set(policy.FACTORS)),
        "may_add": bool(getattr(user, "email_verified", False)),
    }


@register.simple_tag(takes_context=True)
def signing_in_user(context: template.Context) -> Any:
    """The member part way through signing in (password done, second factor asked for)."""
    stage = getattr(context.get("request"), "_login_stage", None)
    return stage.login.user if stage is not None else None
