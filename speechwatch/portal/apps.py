from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "speechwatch.portal"
    label = "portal"
