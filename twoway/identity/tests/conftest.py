"""The single sign-on tests' providers: a real OpenID Connect provider and a real SAML IdP, each
in its own process on a free port, started once per test session and stopped at its end.

People known to both providers (their password is PROVIDER_PASSWORD):
- Dana (dana@corp.example), email verified: new to Twoway, so her account is made just in time.
- Alice (alice@example.com), email verified: already a member (the ``alice`` persona).
- Erin (erin@example.com): the OIDC provider says ``email_verified: false``.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from twoway.identity.tests.providers.keys import certificate_body, key_and_certificate

PROVIDERS = Path(__file__).parent / "providers"
PROVIDER_PASSWORD = "provider pass 1"
# A loaded two-core machine can take a while to start Django and migrate a fresh database.
READY_SECONDS = 120

PEOPLE = [
    {"username": "dana", "uid": "u-dana", "email": "dana@corp.example", "email_verified": True,
     "name": "Dana Diaz", "first_name": "Dana", "last_name": "Diaz"},
    {"username": "alice", "uid": "u-alice", "email": "alice@example.com", "email_verified": True,
     "name": "Alice Adams", "first_name": "Alice", "last_name": "Adams"},
    {"username": "erin", "uid": "u-erin", "email": "erin@example.com", "email_verified": False,
     "name": "Erin Evans", "first_name": "Erin", "last_name": "Evans"},
]  # fmt: skip


@dataclass(frozen=True)
class RunningProvider:
    url: str
    certificate: str = ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(script: str, config: dict[str, Any], ready_url: str, folder: Path) -> Any:
    """Start ``script`` with its config and wait until ``ready_url`` answers (or fail saying
    what the process printed)."""
    config_path = folder / f"{script}.json"
    config_path.write_text(json.dumps(config))
    log_path = folder / f"{script}.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, str(PROVIDERS / script), str(config_path)],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=folder,
    )
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{script} stopped at start:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(ready_url, timeout=3):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    pytest.fail(
        f"{script} did not answer within {READY_SECONDS} s:\n{log_path.read_text()[-3000:]}"
    )


def _stop(process: Any) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def oidc_provider(live_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """django-oauth-toolkit's OIDC provider with one client, "acme", for Twoway's callback."""
    folder = tmp_path_factory.mktemp("oidc-provider")
    key, _cert = key_and_certificate(folder, "oidc")
    port = _free_port()
    callback = f"{live_server.url}/auth/oidc/acme/login/callback/"
    config = {
        "port": port,
        "workdir": str(folder),
        "private_key": str(key),
        "clients": [
            {"client_id": "twoway-acme", "secret": "acme-secret", "redirect_uris": [callback]}
        ],
        "people": [{**person, "password": PROVIDER_PASSWORD} for person in PEOPLE],
    }
    url = f"http://127.0.0.1:{port}"
    process = _start(
        "oidc_provider.py", config, f"{url}/o/.well-known/openid-configuration", folder
    )
    yield RunningProvider(url=url)
    _stop(process)


@pytest.fixture(scope="session")
def saml_idp(live_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """pysaml2's IdP, trusting Twoway's two SAML apps ("globex", whose addresses Twoway trusts,
    and "initech", whose it doesn't) through their live metadata."""
    xmlsec1 = shutil.which("xmlsec1")
    if xmlsec1 is None:
        pytest.skip("The SAML IdP signs with Debian's xmlsec1, which is not installed: "
                    "run `scripts/bootstrap.sh xmlsec1` (make install-dev does).")  # fmt: skip
    folder = tmp_path_factory.mktemp("saml-idp")
    key, cert = key_and_certificate(folder, "saml-idp")
    port = _free_port()
    config = {
        "port": port,
        "key": str(key),
        "cert": str(cert),
        "xmlsec1": xmlsec1,
        "sp": [f"{live_server.url}/auth/saml/{slug}/metadata/" for slug in ("globex", "initech")],
        "people": [{**person, "password": PROVIDER_PASSWORD} for person in PEOPLE],
    }
    url = f"http://127.0.0.1:{port}"
    process = _start("saml_idp.py", config, f"{url}/health", folder)
    yield RunningProvider(url=url, certificate=certificate_body(cert))
    _stop(process)


def saml_app(slug: str, name: str, idp: Any, **extra: Any) -> dict[str, Any]:
    """A SAML app's settings as IT would enter them for an IdP (here the test IdP)."""
    return {
        "name": name,
        "provider_id": slug,
        "client_id": slug,
        "settings": {
            "idp": {
                "entity_id": f"{idp.url}/metadata",
                "sso_url": f"{idp.url}/sso/redirect",
                "x509cert": idp.certificate,
            },
            "attribute_mapping": {
                "uid": "urn:oasis:names:tc:SAML:attribute:subject-id",
                "email": "urn:oid:0.9.2342.19200300.100.1.3",
                "first_name": "urn:oid:2.5.4.42",
                "last_name": "urn:oid:2.5.4.4",
            },
            # "localhost" is a single-label domain, which python3-saml refuses by default.
            "advanced": {"allow_single_label_domains": True, "want_assertion_signed": True,
                         "want_message_signed": True},
            **extra,
        },
    }  # fmt: skip


@pytest.fixture
def oidc_settings(settings: Any, oidc_provider: Any) -> Any:
    """Acme ID, an OpenID Connect provider, configured in settings."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "acme",
                    "name": "Acme ID",
                    "client_id": "twoway-acme",
                    "secret": "acme-secret",
                    "settings": {
                        "server_url": f"{oidc_provider.url}/o",
                        "oauth_pkce_enabled": True,
                    },
                }
            ]
        }
    }
    return settings


@pytest.fixture
def sso_settings(oidc_settings: Any, saml_idp: Any) -> Any:
    """Three providers at once: Acme ID (OIDC) and two SAML apps, Globex (its addresses
    trusted) and Initech (not trusted)."""
    oidc_settings.SOCIALACCOUNT_PROVIDERS = {
        **oidc_settings.SOCIALACCOUNT_PROVIDERS,
        "saml": {
            "APPS": [
                saml_app("globex", "Globex", saml_idp, verified_email=True),
                saml_app("initech", "Initech", saml_idp),
            ]
        },
    }
    return oidc_settings
