from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IncidentsConfig(AppConfig):
    name = "speechwatch.incidents"
    label = "incidents"

    def ready(self) -> None:
        from speechwatch.incidents.search import ensure_index

        post_migrate.connect(ensure_index, sender=self, dispatch_uid="incidents.ensure_index")
