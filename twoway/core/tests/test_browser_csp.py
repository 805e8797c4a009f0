"""In Chromium, with the Content-Security-Policy enforced: Priya opens every main page signed in and
the browser reports no violation (a ``securitypolicyviolation`` event or a console error), htmx
still works (the bell loads, a token is created in place), and the token's Copy button and
select-on-focus, once inline handlers, work from the static script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.core.tests.world import World, build_world

pytestmark = [pytest.mark.browser]
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || document.location.pathname}:${e.lineNumber}`);
});
"""


@pytest.fixture
def world(transactional_db: None, priya: Any, bob: Any, charlie: Any) -> World:
    return build_world(priya, bob, charlie)


@pytest.fixture
def violations(page: Page) -> list[str]:
    """Every violation the pages report, from the event and from Chromium's console."""
    found: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def _sign_in(page: Page, base: str, world: World) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(world.member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_priya_opens_every_main_page_without_a_policy_violation(
    page: Page, live_server: Any, world: World, violations: list[str], tmp_path: Path
) -> None:
    _sign_in(page, live_server.url, world)
    for path in world.pages():
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.ok, path
        assert "script-src" in response.headers.get("content-security-policy", ""), path
        page.wait_for_load_state("networkidle")
        violations.extend(f"{path}: {v}" for v in page.evaluate("window.__violations"))
    screenshot(page, "csp-last-page", tmp_path)
    assert not violations


def test_htmx_and_the_token_buttons_work_under_the_policy(
    page: Page, live_server: Any, world: World, violations: list[str]
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    _sign_in(page, live_server.url, world)
    page.goto(f"{live_server.url}/accounts/settings/")
    expect(page.locator(".nav-bell")).not_to_be_empty()  # hx-trigger="load" fetched the bell
    page.get_by_label("Token name").fill("laptop script")
    page.get_by_role("button", name="Create token").click()

    secret = page.get_by_label("Your new token")
    expect(secret).to_be_focused()
    selected = page.evaluate(
        "(() => { const f = document.activeElement; return f.value.slice(f.selectionStart, "
        "f.selectionEnd); })()"
    )
    assert selected == secret.input_value()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret.input_value()
    assert not violations + page.evaluate("window.__violations")
