"""A real SAML 2.0 identity provider for the tests, built on pysaml2, on 127.0.0.1.

Run: ``python saml_idp.py CONFIG.json``. The config names the port, the IdP's key and
certificate, the service providers' metadata URLs (read at the first sign-in, so Twoway's own
metadata endpoint is what the IdP trusts) and the people who may sign in (username, password,
uid, email, first_name, last_name). It answers an AuthnRequest sent by HTTP-Redirect to
``/sso/redirect`` with a sign-in form, then posts a signed Response (signed assertion inside)
to the service provider's ACS. Its entity id is ``http://127.0.0.1:PORT/metadata``.
"""

from __future__ import annotations

import base64
import html
import json
import sys
import urllib.request
from http import HTTPStatus
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIServer, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import AUTHN_PASSWORD_PROTECTED, NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

CONFIG: dict[str, Any] = json.loads(Path(sys.argv[1]).read_text()) if __name__ == "__main__" else {}
BASE = f"http://127.0.0.1:{CONFIG.get('port', 0)}"
ENTITY_ID = f"{BASE}/metadata"
_server: Server | None = None

LOGIN_PAGE = """<!doctype html><html lang="en"><head><title>Test SAML IdP</title></head><body>
<h1>Test SAML identity provider: sign in</h1>{error}
<form method="post" action="/login">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<input type="hidden" name="SAMLRequest" value="{request}">
<input type="hidden" name="RelayState" value="{relay}">
<button type="submit">Sign in to the IdP</button></form></body></html>"""

POST_PAGE = """<!doctype html><html lang="en"><head><title>Back to the service</title></head>
<body><form method="post" action="{action}" id="back">
<input type="hidden" name="SAMLResponse" value="{response}">
<input type="hidden" name="RelayState" value="{relay}">
<button type="submit">Continue to the service</button></form>
<script>document.getElementById("back").submit();</script></body></html>"""


def server() -> Server:
    """The pysaml2 IdP, built at the first sign-in from the service providers' live metadata."""
    global _server
    if _server is None:
        inline = [urllib.request.urlopen(url, timeout=30).read().decode() for url in CONFIG["sp"]]
        config = IdPConfig()
        config.load(
            {
                "entityid": ENTITY_ID,
                "service": {
                    "idp": {
                        "name": "Test SAML IdP",
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{BASE}/sso/redirect", BINDING_HTTP_REDIRECT)
                            ]
                        },
                        "policy": {"default": {"name_form": NAME_FORMAT_URI}},
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    }
                },
                "key_file": CONFIG["key"],
                "cert_file": CONFIG["cert"],
                "xmlsec_binary": CONFIG.get("xmlsec1", "/usr/bin/xmlsec1"),
                "metadata": {"inline": inline},
            }
        )
        _server = Server(config=config)
    return _server


def person_for(username: str, password: str) -> dict[str, Any] | None:
    for person in CONFIG["people"]:
        if person["username"] == username and person["password"] == password:
            return dict(person)
    return None


def assertion_for(person: dict[str, Any], saml_request: str) -> tuple[str, str]:
    """The ACS address and the base64 signed Response for ``person``."""
    idp = server()
    request = idp.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT).message
    args = idp.response_args(request, [BINDING_HTTP_POST])
    identity = {
        "urn:oasis:names:tc:SAML:attribute:subject-id": [person["uid"]],
        "urn:oid:0.9.2342.19200300.100.1.3": [person["email"]],
        "urn:oid:2.5.4.42": [person.get("first_name", "")],
        "urn:oid:2.5.4.4": [person.get("last_name", "")],
    }
    name_id = NameID(format=NAMEID_FORMAT_PERSISTENT, text=person["uid"])
    response = idp.create_authn_response(
        identity,
        in_response_to=args["in_response_to"],
        destination=args["destination"],
        sp_entity_id=args["sp_entity_id"],
        name_id=name_id,
        authn={"class_ref": AUTHN_PASSWORD_PROTECTED, "authn_auth": BASE},
        sign_response=True,
        sign_assertion=True,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    return args["destination"], base64.b64encode(str(response).encode()).decode()


def page(start_response: Any, body: str, status: HTTPStatus = HTTPStatus.OK) -> list[bytes]:
    start_response(
        f"{status.value} {status.phrase}", [("Content-Type", "text/html; charset=utf-8")]
    )
    return [body.encode()]


def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
    if path == "/health":
        return page(start_response, "ok")
    if path == "/sso/redirect":
        query = {key: values[0] for key, values in parse_qs(environ["QUERY_STRING"]).items()}
        return login_form(start_response, query.get("SAMLRequest", ""), query.get("RelayState", ""))
    if path == "/login" and method == "POST":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
        person = person_for(form.get("username", ""), form.get("password", ""))
        if person is None:
            error = '<p role="alert">Wrong username or password.</p>'
            return login_form(
                start_response, form["SAMLRequest"], form.get("RelayState", ""), error
            )
        action, response = assertion_for(person, form["SAMLRequest"])
        body = POST_PAGE.format(
            action=html.escape(action),
            response=response,
            relay=html.escape(form.get("RelayState", "")),
        )
        return page(start_response, body)
    return page(start_response, "Not found", HTTPStatus.NOT_FOUND)


def login_form(start_response: Any, request: str, relay: str, error: str = "") -> list[bytes]:
    if not request:
        return page(start_response, "No SAMLRequest", HTTPStatus.BAD_REQUEST)
    body = LOGIN_PAGE.format(error=error, request=html.escape(request), relay=html.escape(relay))
    return page(start_response, body)


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


if __name__ == "__main__":
    httpd = make_server("127.0.0.1", int(CONFIG["port"]), app, server_class=ThreadingServer)
    print(f"SAML IdP ready on port {CONFIG['port']}", flush=True)
    httpd.serve_forever()
