from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "speechwatch.cases"
    label = "cases"
