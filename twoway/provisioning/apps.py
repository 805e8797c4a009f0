from django.apps import AppConfig


class ProvisioningConfig(AppConfig):
    name = "twoway.provisioning"
    label = "provisioning"
    verbose_name = "Provisioning (SCIM)"

    def ready(self) -> None:
        from twoway.provisioning import receivers  # noqa: F401
