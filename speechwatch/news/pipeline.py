"""Triage stages: the registry part 2 plugs into (language detection, grouping, scoring …).

A stage is a callable taking a list of NewsItem ids. New items are handed to `dispatch_triage`
after each fetch: through Celery (`news.triage_batch`) when a broker is configured, else inline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings

log = logging.getLogger(__name__)
Stage = Callable[[list[int]], None]
STAGES: dict[str, Stage] = {}


def register_stage(name: str, stage: Stage) -> None:
    STAGES[name] = stage


def run_triage(item_ids: list[int]) -> list[str]:
    """Run every registered stage; a failing stage is logged and the next one still runs."""
    ran = []
    for name, stage in list(STAGES.items()):
        try:
            stage(item_ids)
            ran.append(name)
        except Exception:
            log.exception("triage stage %s failed on %d items", name, len(item_ids))
    return ran


def dispatch_triage(item_ids: list[int]) -> None:
    if not STAGES:
        return  # part 1: nothing registered yet, no task to send
    if settings.SPEECHWATCH_BROKER_URL:
        from speechwatch.news.tasks import triage_batch

        triage_batch.delay(item_ids)
    else:
        run_triage(item_ids)
