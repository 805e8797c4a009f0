"""Two-factor personas: Alice is a member (she may add a factor), Priya runs the site (staff, so
she must have one; make_user gives staff an authenticator app), Sam is staff who has none yet
(made before the rule, or promoted since)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} at ${document.location.pathname}`);
});
"""


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """allauth keeps used codes and its attempt limits in the cache: each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def priya_staff(make_user: Any) -> Any:
    return make_user("priya@example.com", first_name="Priya", is_staff=True, is_superuser=True)


@pytest.fixture
def sam(make_user: Any) -> Any:
    """Staff without a factor: promoted after joining."""
    from twoway.accounts.models import User

    user = make_user("sam@example.com", first_name="Sam")
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def violations(page: Page) -> list[str]:
    """Content-Security-Policy violations the browser reports (console); the pages' own list is
    ``window.__violations``."""
    found: list[str] = []
    page.add_init_script(LISTEN)
    page.on("console", lambda m: found.append(m.text) if "Content Security" in m.text else None)
    return found
