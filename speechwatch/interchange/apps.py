from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "speechwatch.interchange"
    label = "interchange"
