from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from twoway.people.models import Skill
from twoway.people.services import learning_set, skill_merge, teaching_set


def test_merging_moves_rows_keeps_the_higher_level_and_priority(
    alice: Any, bob: Any, charlie: Any
) -> None:
    typo = Skill.objects.resolve("Kubernets").skill
    kubernetes = Skill.objects.get(name="Kubernetes")
    teaching_set(profile=alice.profile, skill_text="Kubernets", level=5, note="from typo")
    teaching_set(profile=alice.profile, skill_text="Kubernetes", level=2)
    learning_set(profile=alice.profile, skill_text="Kubernets", priority=1, why="curious")
    learning_set(profile=alice.profile, skill_text="Kubernetes", priority=3)
    teaching_set(profile=bob.profile, skill_text="Kubernets", level=3)

    skill_merge(source=typo, target=kubernetes)

    alice_teach = alice.profile.teaches.get()
    assert (alice_teach.skill, alice_teach.level, alice_teach.note) == (kubernetes, 5, "from typo")
    alice_learn = alice.profile.learns.get()
    assert (alice_learn.skill, alice_learn.priority, alice_learn.why) == (kubernetes, 3, "curious")
    assert bob.profile.teaches.get().skill == kubernetes
    assert not Skill.objects.filter(pk=typo.pk).exists()


def test_after_a_merge_the_old_spelling_resolves_to_the_target(alice: Any) -> None:
    typo = Skill.objects.resolve("Reakt").skill
    Skill.objects.create(name="Kubectl tricks")
    skill_merge(source=typo, target=Skill.objects.get(name="React"))
    assert Skill.objects.lookup("reakt").skill == Skill.objects.get(name="React")
    # The source's own aliases move too.
    source = Skill.objects.get(name="Kubectl tricks")
    source.aliases.create(alias="kubectl")
    skill_merge(source=source, target=Skill.objects.get(name="Kubernetes"))
    assert Skill.objects.lookup("kubectl").skill == Skill.objects.get(name="Kubernetes")


def test_a_skill_cannot_be_merged_into_itself(db: Any) -> None:
    sql = Skill.objects.get(name="SQL")
    with pytest.raises(ValidationError, match="two different skills"):
        skill_merge(source=sql, target=sql)


def test_staff_merge_duplicates_from_the_admin(client: Client, make_user: Any, alice: Any) -> None:
    staff = make_user("staff@example.com", is_staff=True, is_superuser=True)
    client.force_login(staff)
    dupes = [Skill.objects.resolve("Postgre").skill, Skill.objects.resolve("PostgresQL db").skill]
    teaching_set(profile=alice.profile, skill_text="Postgre", level=4)
    target = Skill.objects.get(name="PostgreSQL")
    changelist = "/admin/people/skill/"
    picked = {"action": "merge_into", "_selected_action": [s.pk for s in dupes]}
    confirm = client.post(changelist, picked)
    assert confirm.status_code == 200 and "Merge into" in confirm.content.decode()
    done = client.post(changelist, {**picked, "target": target.pk, "apply": "Merge"}, follow=True)
    assert "into PostgreSQL" in done.content.decode()
    assert not Skill.objects.filter(pk__in=[s.pk for s in dupes]).exists()
    assert alice.profile.teaches.get().skill == target


def test_merging_keeps_other_apps_rows_by_moving_them_to_the_kept_skill(alice: Any) -> None:
    from django.apps import apps

    if not apps.is_installed("twoway.partnerships"):
        pytest.skip("partnerships app not installed")
    level_change = apps.get_model("partnerships", "LevelChange")
    typo = Skill.objects.resolve("Pyhton").skill
    python = Skill.objects.get(name="Python")
    history = level_change.objects.create(user=alice, skill=typo, old=2, new=3)
    skill_merge(source=typo, target=python)
    history.refresh_from_db()
    assert history.skill == python
