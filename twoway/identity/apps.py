from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "twoway.identity"
    label = "identity"
    verbose_name = "Single sign-on"
