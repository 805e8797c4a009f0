from django.apps import AppConfig


class TwofactorConfig(AppConfig):
    """Two-factor sign-in on top of allauth.mfa (whose app label is "mfa", hence this name)."""

    name = "twoway.twofactor"
    label = "twofactor"
    verbose_name = "Two-factor sign-in"

    def ready(self) -> None:
        from twoway.twofactor import receivers  # noqa: F401  (connects the signal receivers)
