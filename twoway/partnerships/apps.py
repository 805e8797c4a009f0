from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "twoway.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        # The change log that keeps every process's suggestion pool true (suggestion_index.py).
        from twoway.partnerships.suggestion_index import connect

        connect()
