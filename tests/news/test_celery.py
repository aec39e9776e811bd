"""Scale-out: a REAL Celery worker (subprocess) against Redis fetches a fixture feed served on
127.0.0.1 into the database — through the beat task (enqueue due) and a direct fetch task."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

from speechwatch.audit.record import Who
from speechwatch.news import pipeline
from speechwatch.news.actions import add_source
from tests.news.fetch_server import Route, Server, rss

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("SPEECHWATCH_TEST_REDIS_URL", "redis://127.0.0.1:63790/0")


def redis_or_skip() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true" or os.environ.get("SPEECHWATCH_TEST_REDIS_URL"):
            raise  # in CI a missing Redis is a failure, not a skip
        pytest.skip(f"no Redis at {REDIS_URL}")
    return REDIS_URL


def wait_for(check: Callable[[], bool], seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


def share_database(env: dict[str, str], tmp_path: Path) -> Callable[[str], int]:
    """Point the worker at the test database; return a row counter reading what it wrote."""
    if connection.vendor == "sqlite":
        # the test database lives in memory: copy it (schema + the source) into a file both use
        db_file = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(db_file) as target:
            connection.connection.backup(target)
        env["DATABASE_URL"] = f"sqlite:///{db_file}"

        def count(table: str) -> int:
            with sqlite3.connect(db_file) as db:
                return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

        return count
    s = connection.settings_dict  # the test database; transaction=True: rows are committed
    env["DATABASE_URL"] = (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    )

    def count_pg(table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            return int(cursor.fetchone()[0])

    return count_pg


@pytest.mark.django_db(transaction=True)
def test_real_worker_fetches_a_feed_into_the_database(tmp_path: Path) -> None:
    broker = redis_or_skip()
    queue = f"sw-test-{uuid.uuid4().hex[:8]}"
    env = dict(
        os.environ,
        SPEECHWATCH_BROKER_URL=broker,
        SPEECHWATCH_CELERY_QUEUE=queue,
        SPEECHWATCH_FETCH_ALLOW_PRIVATE="1",
        SPEECHWATCH_FETCH_POLITENESS="0",
        DJANGO_SETTINGS_MODULE="speechwatch.settings",
        PYTHONPATH=str(ROOT),
    )
    with Server() as server:
        feed = rss(
            [(f"https://example.kz/celery/{n}", f"Хабар {n}", f"Мәтін {n}") for n in range(3)]
        )
        server.routes["/feed.xml"] = Route(feed.encode(), etag='"e1"')
        add_source(
            Who(label="test"), kind="rss", url_or_path=server.url("/feed.xml"), name="Fixture"
        )
        count = share_database(env, tmp_path)
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "speechwatch.cli",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-Q",
                queue,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            from celery import Celery

            client = Celery(broker=broker)
            client.send_task("news.enqueue_due", queue=queue)  # what beat sends every minute
            client.send_task("news.enqueue_due", queue=queue)  # a second tick: claimed, no-op
            assert wait_for(lambda: worker.poll() is not None or count("news_newsitem") == 3)
            assert worker.poll() is None, "the worker stopped"
            assert count("news_newsitem") == 3, "the worker stored nothing"
            assert wait_for(lambda: count("news_fetchrun WHERE finished_at IS NOT NULL") == 1)
            client.send_task("news.fetch_source_named", args=["Fixture"], queue=queue)
            assert wait_for(
                lambda: count("news_fetchrun WHERE finished_at IS NOT NULL") == 2
            )  # ran again: a 304, idempotent
            assert count("news_newsitem") == 3
            hits = [h.get("if-none-match") for p, h in server.hits if p == "/feed.xml"]
            assert hits == [None, '"e1"'], server.hits
        finally:
            worker.terminate()
            try:
                output = worker.communicate(timeout=15)[0]
            except subprocess.TimeoutExpired:
                worker.kill()
                output = worker.communicate()[0]
            print(output)  # shown by pytest when the test fails
        assert "Traceback" not in output, output[-3000:]


def test_triage_batch_runs_registered_stages_and_survives_a_failing_one() -> None:
    from speechwatch.news.tasks import triage_batch

    seen: list[list[int]] = []

    def broken(ids: list[int]) -> None:
        raise RuntimeError("model not loaded")

    pipeline.register_stage("broken", broken)
    pipeline.register_stage("record", seen.append)
    try:
        assert triage_batch.run([1, 2]) == ["record"]
    finally:
        pipeline.STAGES.pop("broken")
        pipeline.STAGES.pop("record")
    assert seen == [[1, 2]]


def test_worker_command_needs_a_broker(settings) -> None:
    from django.core.management import CommandError, call_command

    settings.SPEECHWATCH_BROKER_URL = ""
    with pytest.raises(CommandError, match="SPEECHWATCH_BROKER_URL"):
        call_command("worker")
