from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "speechwatch.core"
    label = "core"
