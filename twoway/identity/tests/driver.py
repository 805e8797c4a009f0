"""Signing in through a provider over real HTTP, as a browser would but without one: the
requests library follows the redirects between Twoway's live server and the provider."""

from __future__ import annotations

import html
import re
from typing import Any

import requests

INPUT = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)"')
FORM_ACTION = re.compile(r'<form method="post" action="(?P<action>[^"]+)"')
TIMEOUT = 60


def hidden_inputs(page: str) -> dict[str, str]:
    return {m["name"]: html.unescape(m["value"]) for m in INPUT.finditer(page)}


def start(
    live_url: str, login_path: str, browser: requests.Session | None = None, process: str = "login"
) -> tuple[requests.Session, requests.Response]:
    """Press a "Sign in with …" button on Twoway's sign-in page (or, with ``process="connect"``
    and a signed-in ``browser``, a "Connect …" button): the provider's page answers."""
    browser = browser or requests.Session()
    browser.get(f"{live_url}/accounts/login/", timeout=TIMEOUT).raise_for_status()
    data = {"csrfmiddlewaretoken": browser.cookies["csrftoken"], "process": process}
    return browser, browser.post(f"{live_url}{login_path}", data=data, timeout=TIMEOUT)


def oidc_sign_in(
    live_url: str, username: str, password: str, **start_args: Any
) -> tuple[requests.Session, requests.Response]:
    """Through Acme ID (the OIDC provider): its sign-in form, then back to Twoway."""
    browser, page = start(live_url, "/auth/oidc/acme/login/", **start_args)
    form = {**hidden_inputs(page.text), "username": username, "password": password}
    return browser, browser.post(page.url, data=form, timeout=TIMEOUT)


def saml_sign_in(
    live_url: str, slug: str, username: str, password: str
) -> tuple[requests.Session, requests.Response]:
    """Through the SAML IdP for app ``slug``: its sign-in form, then its Response posted to
    Twoway's ACS (what the IdP's page does with a script in a browser)."""
    browser, page = start(live_url, f"/auth/saml/{slug}/login/")
    form = {**hidden_inputs(page.text), "username": username, "password": password}
    idp_login = page.url.split("/sso/")[0] + "/login"
    answer = browser.post(idp_login, data=form, timeout=TIMEOUT)
    action = html.unescape(FORM_ACTION.search(answer.text)["action"])  # type: ignore[index]
    return browser, browser.post(action, data=hidden_inputs(answer.text), timeout=TIMEOUT)
