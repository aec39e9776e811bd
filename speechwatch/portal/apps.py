from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "speechwatch.portal"
    label = "portal"

    def ready(self) -> None:
        from speechwatch.portal import opendata
        from speechwatch.portal.cache import connect_signals

        connect_signals()
        opendata.connect_signals()
