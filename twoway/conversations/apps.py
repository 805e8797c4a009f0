from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "twoway.conversations"
    label = "conversations"
    verbose_name = "Messages between partners and in circles"
