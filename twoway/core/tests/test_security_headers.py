"""Every response carries a nonce-based Content-Security-Policy and a Permissions-Policy, and no
template holds what that policy would block: inline event handlers, inline scripts without the
nonce, inline styles. Priya (a program manager, with a partnership, a program, a post and a
circle) opens the main pages; the browser test (test_browser_csp.py) checks the same in Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from twoway.core.tests.world import World, build_world
from twoway.partnerships.tests.helpers import login

pytestmark = pytest.mark.django_db
TWOWAY = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(TWOWAY.glob("**/templates/**/*.html"))
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(src|nonce)=)(?![^>]*type=\"application/json\")")
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)


@pytest.fixture
def world(priya: Any, bob: Any, charlie: Any) -> World:
    return build_world(priya, bob, charlie)


def _policy(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def test_every_main_page_sends_a_strict_content_security_policy(
    client: Client, world: World
) -> None:
    login(client, world.member)
    for page in world.pages():
        response = client.get(page)
        assert response.status_code == 200, page
        policy = _policy(response["Content-Security-Policy"])
        script = policy["script-src"]
        assert "'self'" in script, page
        if page != "/api/docs":  # ninja's Swagger page loads its scripts from 'self' only
            assert any(v.startswith("'nonce-") for v in script), page
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, page
        assert "'unsafe-inline'" not in policy["style-src"], page
        assert policy["frame-ancestors"] == ["'none'"], page
        assert policy["object-src"] == ["'none'"], page
        assert policy["base-uri"] == ["'self'"], page
        assert policy["form-action"] == ["'self'"], page


def test_every_response_denies_the_camera_microphone_and_location(
    client: Client, world: World
) -> None:
    login(client, world.member)
    for page in [*world.pages(), "/api/me", "/accounts/login/", "/no-such-page/"]:
        header = client.get(page)["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in header, page


def test_a_visitor_gets_the_policy_too(client: Client, db: None) -> None:
    response = client.get("/accounts/login/")
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_HANDLER, "an inline event handler (onclick=…): bind it in a static JS file"),
        (INLINE_SCRIPT, "an inline <script> without nonce: move it to a static JS file"),
        (STYLE_ATTRIBUTE, "a style attribute: use a class, or an SVG attribute for data"),
    ],
)
def test_no_template_holds_what_the_policy_blocks(pattern: re.Pattern[str], what: str) -> None:
    assert len(TEMPLATES) > 50
    found = [
        f"{path.relative_to(TWOWAY)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, f"{what}: {found}"


def test_htmx_runs_without_eval_or_injected_styles(client: Client, db: None) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert '"allowEval": false' in page
    assert '"includeIndicatorStyles": false' in page
