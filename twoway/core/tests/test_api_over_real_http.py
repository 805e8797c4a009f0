"""The API through a real HTTP server: bearer tokens write without a session or CSRF cookie."""

import json
import urllib.error
import urllib.request
from typing import Any

from twoway.accounts.models import ApiToken


def _call(url: str, method: str, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_a_bearer_token_can_write_over_real_http(live_server: Any, alice: Any) -> None:
    _, secret = ApiToken.objects.issue(user=alice, name="script")
    status, body = _call(
        f"{live_server.url}/api/me",
        "PATCH",
        {"headline": "Learning Rust from my team"},
        {"Authorization": f"Bearer {secret}"},
    )
    assert status == 200, body
    alice.profile.refresh_from_db()
    assert alice.profile.headline == "Learning Rust from my team"


def test_a_write_without_credentials_gets_401_with_the_error_shape(live_server: Any) -> None:
    status, body = _call(f"{live_server.url}/api/me", "PATCH", {"headline": "x"}, {})
    assert status == 401
    assert body["error"]["code"] == "unauthenticated"
