from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "speechwatch.staff"
    label = "staff"
