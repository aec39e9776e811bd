from django.apps import AppConfig


class OverviewsConfig(AppConfig):
    name = "speechwatch.overviews"
    label = "overviews"
