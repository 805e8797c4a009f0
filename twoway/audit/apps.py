from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "twoway.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from twoway.audit import receivers  # noqa: F401  (connects the signal receivers)
