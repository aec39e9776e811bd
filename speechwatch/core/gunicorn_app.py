"""`speechwatch serve` execs this: gunicorn (gthread workers) running the Django application.

A fresh process, so the settings are read with SPEECHWATCH_STATIC_MANIFEST=1 (hashed static file
names) from the start. Usage: python -m speechwatch.core.gunicorn_app HOST:PORT
"""

from __future__ import annotations

import os
import sys
from typing import Any

import gunicorn.http.wsgi
from gunicorn.app.base import BaseApplication

# Gunicorn names itself in the Server header; say neither which server nor which Python.
gunicorn.http.wsgi.SERVER = "speechwatch"  # type: ignore[attr-defined]


class SpeechWatchApplication(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from speechwatch.portal import warm
        from speechwatch.wsgi import application

        warm.prepare()  # the statistics table, built once before the fork (portal/warm.py)
        return application


def _worker_started(worker: Any) -> None:
    from speechwatch.portal import warm

    warm.start()  # keeps the statistics table current in this worker


def options(bind: str) -> dict[str, Any]:
    from django.conf import settings

    return {
        "bind": bind,
        "workers": settings.SERVE_WORKERS,
        "worker_class": "gthread",
        "threads": settings.SERVE_THREADS,
        "timeout": settings.SERVE_TIMEOUT,
        "graceful_timeout": 20,
        "keepalive": 5,
        # Django is loaded once in the master and shared by the forked workers (an import error
        # stops the start at once); restart the service after an upgrade.
        "preload_app": True,
        "post_worker_init": _worker_started,
        "errorlog": "-",
        "accesslog": "-" if os.environ.get("SPEECHWATCH_ACCESS_LOG", "") in {"1", "true"} else None,
        "proc_name": "speechwatch",
        # No control socket under $HOME: several instances (tests, benchmarks) would share it.
        "control_socket_disable": True,
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechwatch.settings")
    import django

    django.setup()
    SpeechWatchApplication(options(argv[0])).run()


if __name__ == "__main__":
    main(sys.argv[1:])
