"""Seed the skills catalogue from twoway/engine/data/skills.csv, and give existing users profiles."""

from django.db import migrations
from django.utils.text import slugify


def seed(apps, schema_editor):
    from twoway.people.catalogue import sync_skills

    sync_skills(apps.get_model("people", "Skill"), apps.get_model("people", "SkillAlias"))


def profiles_for_existing_users(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Profile = apps.get_model("people", "Profile")
    taken = set(Profile.objects.values_list("handle", flat=True))
    for user in User.objects.filter(profile__isnull=True):
        name = (user.first_name or "").strip() or "New member"
        base = slugify(name)[:30] or "member"
        handle, n = base, 1
        while handle in taken:
            n += 1
            handle = f"{base}-{n}"
        taken.add(handle)
        Profile.objects.create(user=user, display_name=name, handle=handle)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(profiles_for_existing_users, migrations.RunPython.noop),
    ]
