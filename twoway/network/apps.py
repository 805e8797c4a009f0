from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "twoway.network"
    label = "network"
    verbose_name = "Support network and circles"
