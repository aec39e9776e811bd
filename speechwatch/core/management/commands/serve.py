"""`speechwatch serve`: gunicorn + WhiteNoise; `--dev` keeps Django's development server."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from speechwatch.settings import env_bool

STAMP = ".speechwatch-sources"


def static_fingerprint() -> str:
    """Names, sizes and times of every static source file: unchanged means nothing to collect."""
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static(env: dict[str, str]) -> None:
    """`collectstatic` into STATIC_ROOT with hashed, compressed names, unless already done."""
    root = Path(settings.STATIC_ROOT)
    stamp = root / STAMP
    fingerprint = static_fingerprint()
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return
    proc = subprocess.run(
        [sys.executable, "-m", "speechwatch.cli", "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise CommandError(f"collectstatic into {root} failed:\n{proc.stderr.strip()}")
    stamp.write_text(fingerprint)


def bracket(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class Command(BaseCommand):
    help = "Run the web application: gunicorn with WhiteNoise (--dev: Django's development server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
        )
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument(
            "--dev", action="store_true", help="Django's development server with auto-reload"
        )
        parser.add_argument("--noreload", action="store_true", help="--dev without auto-reload")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="a local demo: accept the built-in SECRET_KEY (also SPEECHWATCH_DEMO=1)",
        )
        parser.add_argument("--workers", type=int, help="worker processes (SPEECHWATCH_WORKERS)")
        parser.add_argument("--threads", type=int, help="threads per worker (SPEECHWATCH_THREADS)")
        parser.add_argument("--timeout", type=int, help="seconds per request (SPEECHWATCH_TIMEOUT)")

    def handle(self, *args: Any, **options: Any) -> None:
        address = f"{bracket(options['host'])}:{options['port']}"
        if options["dev"]:
            self.run_dev(address, reload=not options["noreload"])
            return
        demo = options["demo"] or env_bool("SPEECHWATCH_DEMO", False)
        if settings.SECRET_KEY == settings.DEV_SECRET_KEY and not demo:
            raise CommandError(
                "refusing to serve with the built-in development SECRET_KEY: set SECRET_KEY, or "
                f"run `speechwatch secret-key` (writes {settings.SECRET_KEY_FILE}); for a local "
                "demo pass --demo (or SPEECHWATCH_DEMO=1)"
            )
        env = {**os.environ, "SPEECHWATCH_STATIC_MANIFEST": "1"}
        env.setdefault("DJANGO_SETTINGS_MODULE", "speechwatch.settings")
        for name in ("workers", "threads", "timeout"):
            if options[name] is not None:
                if options[name] < 1:
                    raise CommandError(f"--{name}: must be at least 1, not {options[name]}")
                env[f"SPEECHWATCH_{name.upper()}"] = str(options[name])
        collect_static(env)
        sys.stdout.flush()
        sys.stderr.flush()
        # Become gunicorn: a fresh interpreter reads the settings with the static manifest on, and
        # the service manager's signals (TERM: graceful stop, HUP: reload) reach the master.
        argv = [sys.executable, "-m", "speechwatch.core.gunicorn_app", address]
        os.execve(sys.executable, argv, env)

    def run_dev(self, address: str, *, reload: bool) -> None:
        from django.core.servers import basehttp

        # Not "WSGIServer/0.2 CPython/3.x" in the Server header, even in development (pages go
        # through ServerHandler, the server's own error replies through the request handler).
        basehttp.ServerHandler.server_software = "speechwatch-dev"
        basehttp.WSGIRequestHandler.server_version = "speechwatch-dev"
        basehttp.WSGIRequestHandler.sys_version = ""
        call_command("runserver", address, use_reloader=reload)
