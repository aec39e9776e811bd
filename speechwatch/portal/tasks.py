"""Celery task: rebuild the open-data zip (scheduled after a publication commits)."""

from __future__ import annotations

from celery import shared_task

from speechwatch.celery import app as _app  # noqa: F401  (makes it the current app)


@shared_task(name="portal.build_open_data")
def build_open_data() -> str:
    from speechwatch.portal.opendata import build

    return str(build().path)
