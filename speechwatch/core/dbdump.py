"""Database snapshots for `speechwatch backup`/`restore`: SQLite's backup API, PostgreSQL's
pg_dump/pg_restore (custom format). One function pair per vendor; nothing else knows the vendor."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# libpq parameters that may sit in DATABASES OPTIONS and matter to pg_dump/pg_restore.
LIBPQ_OPTIONS = {
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "service",
    "passfile",
    "connect_timeout",
    "options",
    "target_session_attrs",
    "application_name",
}


class DumpError(Exception):
    """A snapshot or restore step failed; the message says which and why."""


def vendor() -> str:
    return connection.vendor


def dump_name() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise DumpError(f"backup supports SQLite and PostgreSQL, not {connection.vendor}")
    return DUMP_NAMES[connection.vendor]


def dump(target: Path) -> None:
    """A consistent snapshot of the configured database, taken while it is in use."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            # One step: the whole database under one read transaction, so a writer in another
            # process cannot leave half of its change in the copy.
            connection.connection.backup(copy)
        copy.close()
    elif connection.vendor == "postgresql":
        _run_pg("pg_dump", ["--format=custom", "--no-password", f"--file={target}"])
    else:
        dump_name()


def restore(source: Path) -> None:
    """Load a snapshot into the configured database, which must be empty."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        src = sqlite3.connect(source)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore works in its own session
        _run_pg(
            "pg_restore",
            [
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--no-password",
                str(source),
            ],
        )
    else:
        dump_name()


def applied_migrations_in(sqlite_file: Path) -> dict[str, list[str]]:
    """The migration state recorded inside an SQLite snapshot."""
    with sqlite3.connect(sqlite_file) as db:
        rows = db.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
    return _group(rows)


def applied_migrations() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return _group(cursor.fetchall())


def _group(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in rows:
        state.setdefault(app, []).append(name)
    return state


def table_names() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def pg_tool(name: str) -> str:
    """SPEECHWATCH_PG_BIN, else PATH, else the newest /usr/lib/postgresql/*/bin."""
    folder = os.environ.get("SPEECHWATCH_PG_BIN", "")
    if folder:
        path = Path(folder) / name
        if not path.is_file():
            raise DumpError(f"SPEECHWATCH_PG_BIN: {path} does not exist")
        return str(path)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise DumpError(
            f"{name} not found: install the PostgreSQL client or set SPEECHWATCH_PG_BIN"
        )
    return candidates[-1]


def _run_pg(tool: str, args: list[str]) -> None:
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])  # never on the command line
    conninfo = {
        "dbname": settings_dict.get("NAME") or "",
        "user": settings_dict.get("USER") or "",
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
    }
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key in LIBPQ_OPTIONS:
            conninfo[key] = str(value)
    dsn = " ".join(f"{k}={_quote(v)}" for k, v in conninfo.items() if v)
    proc = subprocess.run(
        [pg_tool(tool), f"--dbname={dsn}", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise DumpError(f"{tool} failed (exit {proc.returncode}): {proc.stderr.strip()}")


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
