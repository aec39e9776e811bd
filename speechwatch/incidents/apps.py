from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "speechwatch.incidents"
    label = "incidents"
