from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "speechwatch.demo"
    label = "demo"
