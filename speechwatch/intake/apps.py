from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "speechwatch.intake"
    label = "intake"
