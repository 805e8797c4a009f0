from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "twoway.programs"
    label = "programs"
    verbose_name = "Programs"

    def ready(self) -> None:
        # The events that refresh a program's cached dashboard figures (dashboard_cache.py).
        from twoway.programs.dashboard_cache import connect

        connect()
