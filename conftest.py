"""Fixtures shared by every app's tests.

Personas, used across the suite: Alice is a member, Bob is her partner-to-be, Charlie is a stranger
who must be refused, and Priya is a program manager.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


# A browser assertion waits up to 15 s (Playwright's default is 5 s) before it fails: CI shares two
# cores between two test workers, a browser and a server, and a page that renders in 0.3 s alone
# took over 5 s there. A passing assertion returns as soon as it holds, so this slows nothing.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def _pseudo_catalogues(tmp_path_factory: Any) -> Any:
    from twoway.core.tests.pseudo import build

    return build(tmp_path_factory.mktemp("pseudo-locale"))


@pytest.fixture
def pseudo_locale(_pseudo_catalogues: Any, settings: Any) -> str:
    """The pseudo-locale (twoway/core/tests/pseudo.py) made a language of the site: ask for it
    with ``Accept-Language``, a member's ``interface_language``, or ``translation.override``."""
    from twoway.core.tests.pseudo import PSEUDO, PSEUDO_RTL

    settings.LOCALE_PATHS = [_pseudo_catalogues, *settings.LOCALE_PATHS]
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO, "Ƥšéüðö"), (PSEUDO_RTL, "Ƥšéüðö ŔŢĹ")]
    return PSEUDO


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    """A page leaves its reader's language active in the thread (as Django's LocaleMiddleware
    does); no test inherits the previous one's."""
    yield
    from django.utils import translation

    from twoway.people.skill_names import labels_forget

    translation.deactivate()
    # A test's rolled-back names must not live on in this process's map of skill labels.
    labels_forget()


@pytest.fixture(autouse=True)
def _fast_and_quiet_mail(settings: Any) -> Iterator[None]:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield


PASSWORD = "correct horse battery staple"


@pytest.fixture
def make_user(db: Any) -> Any:
    from twoway.accounts.models import User

    def make(email: str, *, verified: bool = True, **extra: Any) -> User:
        user = User.objects.create_user(
            email=email, password=PASSWORD, email_verified=verified, **extra
        )
        if user.is_staff or user.is_superuser:
            # Staff must sign in with a second factor (docs/security.md): like real staff, they
            # have an authenticator app (twoway/twofactor/tests/helpers.py computes its codes).
            from twoway.twofactor.tests.helpers import give_totp

            give_totp(user)
        return user

    return make


@pytest.fixture
def alice(make_user: Any) -> Any:
    return make_user("alice@example.com", first_name="Alice")


@pytest.fixture
def bob(make_user: Any) -> Any:
    return make_user("bob@example.com", first_name="Bob")


@pytest.fixture
def charlie(make_user: Any) -> Any:
    return make_user("charlie@example.com", first_name="Charlie")


@pytest.fixture
def priya(make_user: Any) -> Any:
    """A member of the "Program managers" group, so she may create programs."""
    from django.contrib.auth.models import Group

    from twoway.programs.services import PROGRAM_MANAGERS_GROUP

    user = make_user("priya@example.com", first_name="Priya")
    user.groups.add(Group.objects.get_or_create(name=PROGRAM_MANAGERS_GROUP)[0])
    return user


def pytest_report_header(config: Any) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"twoway database: {engine}"
