from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "twoway.core"
    label = "core"
    verbose_name = "Twoway core"

    def ready(self) -> None:
        from django.utils import translation

        from twoway.engine import i18n as engine_i18n

        # The engine's sentences (a people file's problems) in the page's or task's language.
        engine_i18n.follow(translation.get_language)
