"""`speechwatch beat`: the Celery beat schedule (due sources every minute)."""

from __future__ import annotations

from speechwatch.news.management.commands.worker import Command as WorkerCommand


class Command(WorkerCommand):
    help = "Run Celery beat: enqueue due news sources every minute (scale-out)."
    celery_command = "beat"
