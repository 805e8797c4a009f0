"""Sam (staff) deletes Bo in the Django admin: Bo is erased, Ana's data is untouched."""

from __future__ import annotations

from typing import Any

from twoway.accounts.models import User
from twoway.partnerships.models import Goal, LearningEntry, Partnership
from twoway.posts.models import Post
from twoway.privacy.models import FORMER_MEMBER, Erasure

from .conftest import World, signed_in


def _anas_data(world: World) -> tuple[Any, ...]:
    return (
        Partnership.objects.filter(pk=world.partnership.pk).exists(),
        list(Goal.objects.filter(owner=world.ana).values_list("text", flat=True)),
        list(LearningEntry.objects.filter(author=world.ana).values_list("text", flat=True)),
    )


def test_the_confirmation_page_says_bo_will_be_erased_not_deleted(world: World, sam: Any) -> None:
    page = signed_in(sam).get(f"/admin/accounts/user/{world.bo.pk}/delete/").content.decode()
    assert "Erased, not deleted" in page
    assert "Learn auto layout" not in page  # no cascade list of Ana's goals


def test_deleting_bo_in_the_admin_keeps_anas_partnership_goal_and_log(
    world: World, sam: Any
) -> None:
    before = _anas_data(world)
    response = signed_in(sam).post(f"/admin/accounts/user/{world.bo.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _anas_data(world) == before == (True, ["Learn auto layout"], ["Frames and constraints"])
    assert Erasure.objects.get(user=world.bo).by_staff
    assert User.objects.get(pk=world.bo.pk).first_name == FORMER_MEMBER
    page = signed_in(world.ana).get(world.partnership.get_absolute_url())
    assert page.status_code == 200


def test_the_bulk_delete_erases_each_member_selected(world: World, sam: Any) -> None:
    body = {"action": "delete_selected", "_selected_action": [world.bo.pk, world.cy.pk]}
    admin = signed_in(sam)
    assert admin.post("/admin/accounts/user/", body).status_code == 200  # the confirmation
    response = admin.post("/admin/accounts/user/", {**body, "post": "yes"})
    assert response.status_code == 302
    assert set(Erasure.objects.values_list("user", flat=True)) == {world.bo.pk, world.cy.pk}
    assert User.objects.filter(pk__in=[world.bo.pk, world.cy.pk]).count() == 2
    assert Post.objects.filter(pk=world.post.pk).exists()  # kept, anonymised
    assert _anas_data(world)[0]


def test_staff_may_erase_bo_with_his_posts(world: World, sam: Any) -> None:
    body = {"action": "erase_with_posts", "_selected_action": [world.bo.pk]}
    assert signed_in(sam).post("/admin/accounts/user/", body).status_code == 302
    assert Erasure.objects.get(user=world.bo).posts_deleted
    assert not Post.objects.filter(pk=world.post.pk).exists()
