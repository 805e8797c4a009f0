from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "twoway.scheduling"
    label = "scheduling"
    verbose_name = "Availability and finding a time"
