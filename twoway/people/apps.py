from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save


class PeopleConfig(AppConfig):
    name = "twoway.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from twoway.people import page_cache, signals, skill_names

        post_save.connect(
            signals.create_profile, sender=settings.AUTH_USER_MODEL, dispatch_uid="people_profile"
        )
        post_delete.connect(
            signals.delete_photo, sender="people.Profile", dispatch_uid="people_photo"
        )
        post_migrate.connect(signals.sync_catalogue, sender=self, dispatch_uid="people_catalogue")
        # The changes that retire cached profiles and searches (page_cache.py).
        page_cache.connect()
        skill_names.connect()
