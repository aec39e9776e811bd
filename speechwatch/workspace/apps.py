from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "speechwatch.workspace"
    label = "workspace"
