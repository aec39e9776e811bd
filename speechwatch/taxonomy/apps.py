from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "speechwatch.taxonomy"
    label = "taxonomy"
