from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "speechwatch.reference"
    label = "reference"
