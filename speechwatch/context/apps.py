from django.apps import AppConfig


class ContextConfig(AppConfig):
    name = "speechwatch.context"
    label = "context"
