"""The Celery app for scale-out (docs/news.md): used only when SPEECHWATCH_BROKER_URL is set.

`celery -A speechwatch.celery worker` or `speechwatch worker`; `speechwatch beat` for the
schedule (due sources every minute). Configuration comes from Django settings (CELERY_*).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechwatch.settings")

app = Celery("speechwatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["speechwatch.news", "speechwatch.portal"])
