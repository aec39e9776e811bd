from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "speechwatch.audit"
    label = "audit"
