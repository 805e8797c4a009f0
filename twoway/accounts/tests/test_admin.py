from typing import Any

from django.test import Client

from twoway.accounts.models import ApiToken


def test_staff_see_members_and_tokens_in_the_admin(
    client: Client, make_user: Any, alice: Any
) -> None:
    staff = make_user("priya@example.com", is_staff=True, is_superuser=True)
    token, secret = ApiToken.objects.issue(user=alice, name="alice script")
    client.force_login(staff)
    members = client.get("/admin/accounts/user/").content.decode()
    assert "alice@example.com" in members
    detail = client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert token.digest in detail
    assert secret not in detail
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_staff_can_add_a_member_in_the_admin(client: Client, make_user: Any) -> None:
    staff = make_user("priya@example.com", is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New@Example.com",
            "first_name": "New",
            "usable_password": "true",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from twoway.accounts.models import User

    assert User.objects.filter(email="new@example.com").exists()


def test_members_cannot_open_the_admin(client: Client, alice: Any) -> None:
    client.force_login(alice)
    assert client.get("/admin/accounts/user/").status_code == 302
