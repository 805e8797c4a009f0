from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "twoway.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Each app may keep its periodic jobs in `<app>/periodic.py`; importing registers them,
        # so the worker, the command and the tests all see the same list.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("periodic")
