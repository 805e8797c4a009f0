"""The demo logins as `seed_demo` and `demo_logins` print them."""

from __future__ import annotations

from django.core.management.base import OutputWrapper
from django.core.management.color import Style

from twoway.core.demo.data import DEMO_PASSWORD
from twoway.core.demo.seed import DemoLogin


def logins_print(out: OutputWrapper, style: Style, logins: list[DemoLogin]) -> None:
    """The fixed demo accounts and the shared password; nothing when the demo isn't there."""
    if not logins:
        return
    width = max(len(login.email) for login in logins)
    out.write("")
    out.write(style.MIGRATE_HEADING("Demo logins"))
    out.write(f"  Password for every demo account: {DEMO_PASSWORD}")
    for login in logins:
        out.write(f"  {login.email.ljust(width)}  {login.note}")
    out.write("  Every other demo member uses the same password. See docs/demo.md.")
    out.write("")
