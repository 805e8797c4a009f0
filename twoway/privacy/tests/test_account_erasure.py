"""Bo erases his account: what is his alone goes; what he shared with Ana and Cy stays for them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twoway.accounts.models import ApiToken, User
from twoway.audit.models import AuditEvent
from twoway.conversations.models import Message
from twoway.network.models import Membership
from twoway.notifications.models import Kind, Notification
from twoway.partnerships.models import Goal, LearningEntry, Partnership, Session
from twoway.people.models import Profile, Teaching
from twoway.posts.models import Comment, Post
from twoway.privacy.erasure import account_erase
from twoway.privacy.models import FORMER_MEMBER, Erasure
from twoway.scheduling.models import Availability

from .conftest import World, signed_in


def _erase_on_the_page(client: Client, password: str = PASSWORD, posts: str = "keep") -> Any:
    return client.post("/account/data/erase/", {"password": password, "posts": posts})


def test_bo_erases_his_account_after_typing_his_password(world: World) -> None:
    bo = signed_in(world.bo)
    response = _erase_on_the_page(bo)
    assert response.status_code == 302
    assert response["Location"] == "/account/data/erased/"
    erased = User.objects.get(pk=world.bo.pk)
    assert Erasure.objects.filter(user=erased, by_staff=False).exists()
    assert (erased.is_active, erased.first_name) == (False, FORMER_MEMBER)
    assert erased.email.endswith("@erased.invalid")
    assert not erased.has_usable_password()
    assert bo.get("/account/data/").status_code == 302  # signed out
    assert not Client().login(email="borislav.q@example.com", password=PASSWORD)
    [entry] = AuditEvent.objects.filter(action="account.erase")
    assert (entry.actor_id, entry.target_id) == (erased.pk, str(erased.pk))
    assert (entry.actor_label, entry.ip, entry.user_agent) == (erased.email, None, "")
    assert not AuditEvent.objects.filter(actor=erased).exclude(ip=None).exists()


def test_a_wrong_password_erases_nothing(world: World) -> None:
    response = _erase_on_the_page(signed_in(world.bo), password="not my password")
    assert response.status_code == 200
    assert "That password isn&#x27;t right" in response.content.decode()
    assert not Erasure.objects.exists()
    assert User.objects.get(pk=world.bo.pk).is_active


def test_what_is_bos_alone_goes(world: World) -> None:
    ApiToken.objects.issue(user=world.bo, name="laptop")
    account_erase(user=world.bo)
    bo = world.bo
    assert not Teaching.objects.filter(profile__user=bo).exists()
    assert not Availability.objects.filter(user=bo).exists()
    assert not ApiToken.objects.filter(user=bo).exists()
    assert not Notification.objects.filter(recipient=bo).exists()
    assert not Goal.objects.filter(owner=bo).exists()
    assert not LearningEntry.objects.filter(author=bo).exists()
    profile = Profile.objects.get(user=bo)
    assert (profile.display_name, profile.bio, profile.languages) == (FORMER_MEMBER, "", "")
    assert not Membership.objects.filter(user=bo, left_at__isnull=True).exists()


def test_anas_partnership_stays_with_her_goals_log_and_sessions(world: World) -> None:
    account_erase(user=world.bo)
    partnership = Partnership.objects.get(pk=world.partnership.pk)
    assert partnership.status == Partnership.Status.ENDED
    assert [g.text for g in Goal.objects.filter(partnership=partnership)] == ["Learn auto layout"]
    assert [e.text for e in LearningEntry.objects.filter(partnership=partnership)] == [
        "Frames and constraints"
    ]
    assert Session.objects.filter(pk=world.session.pk).exists()
    told = Notification.objects.filter(recipient=world.ana, kind=Kind.PARTNERSHIP_ENDED).get()
    assert told.title == f"{FORMER_MEMBER} ended your partnership early"
    page = signed_in(world.ana).get(partnership.get_absolute_url())
    assert page.status_code == 200
    assert FORMER_MEMBER in page.content.decode()


def test_bos_messages_in_shared_threads_stay_signed_a_former_member(world: World) -> None:
    account_erase(user=world.bo)
    assert Message.objects.filter(author=world.bo).count() == 2
    page = signed_in(world.cy).get(world.circle.get_absolute_url()).content.decode()
    assert "Hello circle" in page
    assert FORMER_MEMBER in page


def test_bos_reply_keeps_neither_his_email_nor_his_name(world: World) -> None:
    account_erase(user=world.bo)
    comment = Comment.objects.get(pk=world.bo_comment.pk)
    assert (comment.email, comment.name, comment.ip) == ("", FORMER_MEMBER, None)
    assert comment.body == "Happy to answer questions."


@pytest.mark.parametrize(("posts", "kept"), [("keep", True), ("delete", False)])
def test_bo_chooses_whether_his_posts_stay(world: World, posts: str, kept: bool) -> None:
    _erase_on_the_page(signed_in(world.bo), posts=posts)
    assert Post.objects.filter(pk=world.post.pk).exists() is kept
    if kept:
        page = Client().get(world.post.get_absolute_url()).content.decode()
        assert "Rotate who drives." in page
        assert FORMER_MEMBER in page


def test_erasing_twice_changes_nothing(world: World) -> None:
    first = account_erase(user=world.bo)
    email = User.objects.get(pk=world.bo.pk).email
    assert account_erase(user=world.bo) == first
    assert User.objects.get(pk=world.bo.pk).email == email


def test_bo_erases_through_the_api_with_his_session_and_password(world: World) -> None:
    bo = signed_in(world.bo)
    wrong = bo.post("/api/me/erase", {"password": "nope"}, content_type="application/json")
    assert wrong.status_code == 422
    assert wrong.json()["error"]["fields"][0]["field"] == "password"
    right = bo.post(
        "/api/me/erase",
        {"password": PASSWORD, "delete_posts": True},
        content_type="application/json",
    )
    assert right.status_code == 204
    assert Erasure.objects.get(user=world.bo).posts_deleted
    assert not Post.objects.filter(pk=world.post.pk).exists()


def test_a_token_cannot_erase_the_account(world: World, client: Client) -> None:
    _, secret = ApiToken.objects.issue(user=world.bo, name="script")
    response = client.post(
        "/api/me/erase",
        {"password": PASSWORD},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 401
    assert not Erasure.objects.exists()
