from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "twoway.accounts"
    label = "accounts"
