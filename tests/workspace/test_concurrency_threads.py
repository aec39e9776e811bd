"""Two saves at the same time from the same version: exactly one wins, on the real database."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from speechwatch.incidents.actions import IncidentInput, update_incident
from speechwatch.incidents.models import Incident
from speechwatch.lib.conflicts import StaleEdit
from speechwatch.workspace.queries import incident_input
from tests.workspace.helpers import SYSTEM, make_incident


def _shared_memory_sqlite() -> bool:
    # Django's in-memory test database is shared between threads through SQLite's shared
    # cache, whose table locks fail at once instead of waiting: no real concurrency there.
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_from_the_same_version_exactly_one_wins() -> None:
    if _shared_memory_sqlite():
        pytest.skip("in-memory SQLite (shared cache) cannot run two writers at once")
    from speechwatch.core.setup import install_defaults

    install_defaults()
    incident = make_incident(1)
    start = threading.Barrier(2)
    results: dict[str, str] = {}

    def save(title: str) -> None:
        try:
            obj = Incident.objects.get(pk=incident.pk)
            data: IncidentInput = incident_input(obj)
            data.title = {**data.title, "en": title}
            start.wait(timeout=10)
            with transaction.atomic():
                update_incident(obj, data, who=SYSTEM, expected_version=1)
                time.sleep(0.3)  # hold the row while the other save arrives
            results[title] = "saved"
        except StaleEdit as exc:
            results[title] = f"stale at {exc.version}"
        except Exception as exc:  # reported by the assertion below
            results[title] = f"error {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("one", "two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results.values()) == ["saved", "stale at 2"], results
    winner = next(t for t, r in results.items() if r == "saved")
    saved = Incident.objects.get()
    assert saved.title_en == winner and saved.version == 2


SQLITE_RACE = """
import os, sys, threading, time
os.environ["DJANGO_SETTINGS_MODULE"] = "speechwatch.settings"
import django
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
call_command("migrate", verbosity=0)
from speechwatch.incidents.models import Incident
from speechwatch.incidents.versioning import claim_version
from speechwatch.lib.conflicts import StaleEdit
pk = Incident.objects.create(external_id="inc-race", recorded_on="2024-04-01").pk
start, results = threading.Barrier(2), []
def save(name):
    try:
        start.wait(timeout=10)
        with transaction.atomic():
            claim_version(Incident, pk, 1, object_type="incident", object_id="inc-race")
            Incident.objects.filter(pk=pk).update(title_en=name)
            time.sleep(0.3)
        results.append("saved")
    except StaleEdit as exc:
        results.append(f"stale at {exc.version}")
    finally:
        connection.close()
threads = [threading.Thread(target=save, args=(n,)) for n in ("one", "two")]
[t.start() for t in threads]
[t.join(timeout=30) for t in threads]
print(sorted(results), Incident.objects.get().version)
"""


def test_two_concurrent_saves_on_a_sqlite_file(tmp_path) -> None:
    """SQLite as deployed (a file, WAL, BEGIN IMMEDIATE): the second writer waits, then finds
    the version moved. Run in a child process: the test database here is in memory."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, "-c", SQLITE_RACE],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "['saved', 'stale at 2'] 2"
