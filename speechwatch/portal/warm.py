"""Build the statistics month table in the background, so no visitor waits for it.

The table (portal/monthtable.py) takes about a second to build at a million incidents and is
built once per process, publication generation and day. ``speechwatch serve`` builds it in the
gunicorn master before the workers fork (they inherit it) and starts, in each worker, one daemon
thread that every POLL_SECONDS reads the generation (one indexed query) and rebuilds the table
when the generation or the day has moved on. An audited public change wakes the thread of the
process that made it when its transaction commits (portal/cache.py, as the open-data rebuild is
scheduled), and a request that finds the held table outdated wakes its own; meanwhile such
requests get the held table, provisional (never kept in the response cache).

SPEECHWATCH_STATISTICS_WARM=false turns it off (tests do): requests then build the table.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0

_wake = threading.Event()
_lock = threading.Lock()
_state: dict[str, threading.Thread | bool | None] = {"thread": None, "failed": False}


def enabled() -> bool:
    return bool(getattr(settings, "SPEECHWATCH_STATISTICS_WARM", True))


def active() -> bool:
    """A warmer runs in this process and its last build did not fail (else a request builds,
    and shows the error, rather than serve an outdated table for ever)."""
    thread = _state["thread"]
    return isinstance(thread, threading.Thread) and thread.is_alive() and not _state["failed"]


def wake() -> None:
    _wake.set()


def warm_once() -> None:
    """Build the table for the current generation and today unless this process holds it."""
    from speechwatch.portal.cache import generation
    from speechwatch.portal.monthtable import ensure

    ensure(generation())


def prepare() -> None:
    """In the process about to fork the workers: import every view (the URLconf, several
    seconds of imports a worker would otherwise pay on its first request), compute the API's
    fingerprint, build the table, then close the connections the children must not share. A
    failure (a database not migrated yet) is logged, not raised."""
    from django.db import connections
    from django.urls import get_resolver

    from speechwatch.portal.apimiddleware import api_fingerprint

    try:
        get_resolver().url_patterns  # noqa: B018  (imports the views)
        api_fingerprint()
        if enabled():
            warm_once()
    except Exception:
        log.exception("warm-up before start failed")
    finally:
        connections.close_all()


def start() -> bool:
    """Start this process's warmer thread (once); False when turned off."""
    if not enabled():
        return False
    with _lock:
        if not active():
            _state["failed"] = False
            thread = threading.Thread(target=_loop, name="statistics-warm", daemon=True)
            _state["thread"] = thread
            thread.start()
    return True


def _loop() -> None:
    from django.db import close_old_connections, connection

    while True:
        _wake.clear()
        try:
            close_old_connections()
            warm_once()
            _state["failed"] = False
        except Exception:
            _state["failed"] = True
            log.exception("statistics warm-up failed")
            connection.close()
        _wake.wait(POLL_SECONDS)
