from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "speechwatch.actors"
    label = "actors"
