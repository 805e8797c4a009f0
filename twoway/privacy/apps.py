from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "twoway.privacy"
    label = "privacy"
    verbose_name = "A member's data: export, erasure, retention"
