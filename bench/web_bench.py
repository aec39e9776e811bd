"""Staff web application benchmark: server-side rendering of the review queue and the incident
list on synthetic databases (default 100k and 1M incidents).

    .venv/bin/python bench/web_bench.py --sizes 100000,1000000
    .venv/bin/python bench/web_bench.py --sizes 100000 --database-url postgres://…/bench
    .venv/bin/python bench/web_bench.py --sizes 10000,100000,1000000 --keep /tmp/web-bench

Each size runs in its own subprocess on its own database: a temp SQLite file,
KEEP/web-<size>.sqlite3 with --keep, or <database>_<size> on PostgreSQL (created when missing). A
database that already holds the size's prepared data is reused as it is (1M takes minutes to build).
Incidents come from bench/report_bench.py's generator (bulk INSERTs into the real tables, 20 years,
~10% not published), then the open ones get a workflow spread (draft / under review / verified), a
source for 90% of them, submissions and assignments.

Every page is rendered in-process with Django's test Client, signed in as a monitor: median of
--repeat runs in ms (wall and this process's CPU: with SQLite the database works in-process too),
and the number of SQL queries of one rendering; on PostgreSQL also the server's time for one
rendering ("server ms": planning + execution of each of its SELECTs, from EXPLAIN ANALYZE, run
again right after; the database works in another process there). Target: <= 150 ms at 1M
(search <= 100 ms). "after a write" pages
first edit one incident through the action (its title, alternately), so the kept queue counts move
and every cache keyed on the data is cold. The machine may be shared: `uptime` is printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_MS = 150.0
SEARCH_TARGET_MS = 100.0


def _prepare_workflow(n_submissions: int = 300) -> dict[str, Any]:
    """Spread the open incidents over the queue tabs, give most a source, add submissions."""
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from speechwatch.audit.record import Who
    from speechwatch.intake.actions import ReporterInput, SubmissionInput, submit
    from speechwatch.workspace.actions import assign, create_demo_users

    users = {u.username: u for u in create_demo_users(password="bench-password")}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE incidents_incident SET status = 'under_review' "
            "WHERE status = 'draft' AND id % 2 = 0"
        )
        cursor.execute(
            "INSERT INTO incidents_source (incident_id, kind, url, outlet, title, published_on,"
            " confidential, correspondent, position) "
            "SELECT id, 'url', 'https://example.org/n/' || id, '', '', NULL, FALSE, '', 0 "
            "FROM incidents_incident WHERE status != 'published' AND id % 10 != 0"
        )
        cursor.execute(
            "INSERT INTO incidents_source (incident_id, kind, url, outlet, title, published_on,"
            " confidential, correspondent, position) "
            "SELECT id, 'url', 'https://example.org/p/' || id, '', '', NULL, FALSE, '', 0 "
            "FROM incidents_incident WHERE status = 'published' AND id % 50 = 0"
        )
    who = Who(label="bench")
    for i in range(n_submissions):
        submit(
            SubmissionInput(
                channel="public",
                what_happened=f"Bench submission {i}: a reporter was stopped.",
                links=[f"https://example.org/s/{i}"],
            ),
            ReporterInput(),
            who=who,
        )
    monitor = users["demo-monitor"]
    from speechwatch.incidents.models import Incident

    for ext in Incident.objects.filter(status="draft").values_list("external_id", flat=True)[:200]:
        assign("incident", ext, monitor, who=who)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"monitor": User.objects.get(username="demo-monitor")}


def _pages() -> dict[str, str]:
    from speechwatch.incidents.models import Incident
    from speechwatch.incidents.queries import encode_cursor

    ordered = Incident.objects.order_by("-recorded_on", "-id").values_list("recorded_on", "id")
    total = Incident.objects.count()
    day, pk = ordered[total // 2]  # half way down the list: a deep keyset page
    deep = encode_cursor(day, pk)
    return {
        "queue: submissions": "/work/?tab=submissions",
        "queue: draft": "/work/?tab=draft",
        "queue: under_review": "/work/?tab=under_review",
        "queue: verified": "/work/?tab=verified",
        "queue: missing": "/work/?tab=missing",
        "queue: duplicates": "/work/?tab=duplicates",
        "queue: draft, assigned=me": "/work/?tab=draft&assigned=me",
        "incidents: first page": "/work/incidents/",
        "incidents: deep keyset page": f"/work/incidents/?cursor={deep}",
        "incidents: filtered (category+region)": "/work/incidents/?category=L&region=almaty",
        "incidents: filtered (status+month)": "/work/incidents/?status=draft&month=2024-06",
        "incidents: text search": "/work/incidents/?q=Incident%2012345",
        "incidents: search, one rare word": "/work/incidents/?q=12345",
        "incidents: search, a word in every incident": "/work/incidents/?q=incident",
        "incidents: search, no match": "/work/incidents/?q=%D2%9B%D0%B0%D0%B7%D0%B0%D2%9B",
        "portal: text search": "/?q=Incident%2012345",
        "api: text search": "/api/v1/incidents?q=Incident%2012345",
    }


def run_one(size: int, database_url: str, repeat: int) -> dict[str, Any]:
    from report_bench import _already_generated, _generate, _setup

    _setup(database_url)
    from django.contrib.auth.models import User

    generated = prepared = 0.0
    if not User.objects.filter(username="demo-monitor").exists():
        if not _already_generated(size):  # a report bench's database is reused as it is
            generated = _generate(size)
        started = time.perf_counter()
        _prepare_workflow()
        prepared = time.perf_counter() - started
    ctx = {"monitor": User.objects.get(username="demo-monitor")}
    from speechwatch.incidents import queuecounts

    started = time.perf_counter()
    queuecounts.rebuild()  # the bench's raw INSERTs went past the actions' bookkeeping
    rebuilt = time.perf_counter() - started

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    client.force_login(ctx["monitor"])
    from speechwatch.audit.record import Who
    from speechwatch.incidents.actions import update_incident
    from speechwatch.incidents.inputs import incident_input
    from speechwatch.incidents.models import Incident

    first = Incident.objects.filter(status="draft").order_by("id").first()
    assert first is not None
    edited: Incident = first
    flip = [0]

    def touch() -> None:  # a real edit through the action: kept counts move, caches go cold
        nonlocal edited
        flip[0] ^= 1
        data = incident_input(edited)
        data.title = {**data.title, "en": f"Bench edit {flip[0]}"}
        edited = update_incident(edited, data, who=Who(label="bench"))

    pages: list[tuple[str, str, Any]] = [(name, url, None) for name, url in _pages().items()]
    for tab in ("draft", "missing", "duplicates"):
        pages.append((f"queue: {tab}, first view after a write", f"/work/?tab={tab}", touch))
    rows = []
    for name, url, before in pages:
        response = client.get(url)  # warm-up (and the status)
        assert response.status_code == 200, (url, response.status_code)
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):  # type: ignore[no-untyped-def]
            executed.append(sql)
            return execute(sql, params, many, context)

        if before is not None:
            before()
        captured: list[tuple[str, Any]] = []

        def capture(execute, sql, params, many, context, captured=captured):  # type: ignore[no-untyped-def]
            captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count), connection.execute_wrapper(capture):
            client.get(url)
        server = _server_ms(captured) if connection.vendor == "postgresql" else None
        times, cpu = [], []
        for _ in range(repeat):
            if before is not None:
                before()
            t, c = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        rows.append(
            {
                "page": name,
                "ms": round(statistics.median(times), 1),
                "cpu_ms": round(statistics.median(cpu), 1),
                "queries": len(executed),
                "server_ms": server,
            }
        )
    return {
        "size": size,
        "generate_s": round(generated, 1),
        "prepare_s": round(prepared, 1),
        "counts_rebuild_s": round(rebuilt, 1),
        "pages": rows,
    }


def _server_ms(captured: list[tuple[str, Any]]) -> float:
    """PostgreSQL's own time for these queries: planning + execution of each SELECT."""
    from django.db import connection

    total = 0.0
    with connection.cursor() as cursor:
        for sql, params in captured:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            total += plan[0]["Planning Time"] + plan[0]["Execution Time"]
    return round(total, 1)


def _size_url(database_url: str, size: int, keep: str, tmp: str) -> str:
    if database_url.startswith(("postgres://", "postgresql://")):
        from report_bench import _ensure_postgres

        base, _, query = database_url.partition("?")
        url = f"{base}_{size}" + (f"?{query}" if query else "")
        _ensure_postgres(url)
        return url
    if database_url:
        return database_url
    folder = Path(keep or tmp)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / f'web-{size}.sqlite3'}"


def _run_size(size: int, args: argparse.Namespace) -> dict[str, Any]:
    """One size in a fresh process (its own database and memory): the JSON line it prints."""
    with tempfile.TemporaryDirectory() as tmp:
        url = _size_url(args.database_url, size, args.keep, tmp)
        command = [sys.executable, __file__, "--one", str(size), "--database-url", url]
        out = subprocess.run(
            [*command, "--repeat", str(args.repeat)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    print(f"done {size}", file=sys.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--database-url", default="", help="default: a temp SQLite file per size")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", default="", help="keep SQLite databases here and reuse them")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.database_url, args.repeat)))
        return
    results = [_run_size(size, args) for size in (int(s) for s in args.sizes.split(",") if s)]
    sizes = [r["size"] for r in results]
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"load: {load}")
    server = any(p.get("server_ms") is not None for r in results for p in r["pages"])
    head = "ms | cpu ms | server ms | queries" if server else "ms | cpu ms | queries"
    print("| page | " + " | ".join(f"{s:,} {head}" for s in sizes) + " |")
    print("|---|" + "---:|" * (head.count("|") + 1) * len(sizes))
    slow = []
    for i, row in enumerate(results[0]["pages"] if results else []):
        cells = []
        for r in results:
            page = r["pages"][i]
            extra = f" | {page.get('server_ms')}" if server else ""
            cells.append(f"{page['ms']} | {page['cpu_ms']}{extra} | {page['queries']}")
            if page["ms"] > (SEARCH_TARGET_MS if "search" in page["page"] else TARGET_MS):
                slow.append(f"{page['page']} at {r['size']:,}: {page['ms']} ms")
        print(f"| {row['page']} | " + " | ".join(cells) + " |")
    for r in results:
        print(
            f"{r['size']:,}: generated in {r['generate_s']} s, prepared in {r['prepare_s']} s,"
            f" queue counts rebuilt in {r['counts_rebuild_s']} s"
        )
    print("over target:" if slow else f"every page within {TARGET_MS:.0f} ms", *slow, sep="\n  ")


if __name__ == "__main__":
    main()
