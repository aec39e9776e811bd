"""Public portal benchmark: home, statistics explorer, region map, incident list, an incident page
and the statistics endpoint, served by `speechwatch serve` (gunicorn) on 1M incidents.

    .venv/bin/python bench/portal_bench.py                       # SQLite, 1M, 8 clients, 30 s
    .venv/bin/python bench/portal_bench.py --database-url postgres://postgres@127.0.0.1:54329/portal_bench

The database is built once with bench/report_bench.py's generator (bulk INSERTs into the real
tables, 20 years, ~10% not published) into /tmp/speechwatch-portal-bench/ (SQLite) or
<database>_<size> (PostgreSQL), and reused while it holds the size. For each page, --clients
keep-alive clients (bench/serve_bench.py's) request it for --duration seconds, twice:

- warm: the same address again and again, served from the public response cache;
- cold: a fresh query string each request (a parameter no view reads), so the response cache
  misses and the page is rendered each time (the statistics month table stays in memory: it is
  rebuilt in the background after a publication, timed apart as "first view after a
  publication": the generation is bumped from another process, then the explorer is asked at
  once, and again once the rebuild is done).

Reported: p50/p95 ms, requests/s, errors and the server's CPU ms per request, with the load
average (the machine may be shared). Targets: p95 <= 100 ms for pages, <= 50 ms for the
statistics endpoint.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from serve_bench import Result, free_port, server_cpu_seconds, start, stop  # noqa: E402

SCRATCH = Path("/tmp/speechwatch-portal-bench")
TARGET_PAGE_MS = 100.0
TARGET_ENDPOINT_MS = 50.0
MAX_REQUESTS_PER_CLIENT = 1_000_000


def prepare(database_url: str, size: int) -> str:
    """Build (or reuse) the database; print the external id of a published incident."""
    from report_bench import _already_generated, _generate, _setup

    _setup(database_url)
    if not _already_generated(size):
        seconds = _generate(size)
        print(f"generated {size:,} incidents in {seconds:.0f} s", file=sys.stderr)
    from speechwatch.incidents.models import Incident

    found = (
        Incident.objects.filter(status="published")
        .order_by("-recorded_on", "-id")
        .values_list("external_id", flat=True)
        .first()
    )
    return str(found)


def _database_url(args: argparse.Namespace) -> str:
    if args.database_url.startswith(("postgres://", "postgresql://")):
        from report_bench import _ensure_postgres

        base, _, query = args.database_url.partition("?")
        url = f"{base}_{args.size}" + (f"?{query}" if query else "")
        _ensure_postgres(url)
        return url
    if args.database_url:
        return str(args.database_url)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{SCRATCH / f'portal-{args.size}.sqlite3'}"


def client(port: int, paths: object, until: float, result: Result, lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies: list[float] = []
    errors = 0
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if time.perf_counter() >= until:
            break
        path = next(paths)  # type: ignore[call-overload]
        t = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        if ok:
            latencies.append(time.perf_counter() - t)
        else:
            errors += 1
    conn.close()
    with lock:
        result.latencies += latencies
        result.errors += errors


def run(port: int, path: str, clients: int, seconds: float, *, cold: bool) -> Result:
    """--clients threads on ``path``; ``cold``: a fresh query string each request."""
    counter = itertools.count()
    lock = threading.Lock()
    joiner = "&" if "?" in path else "?"

    def addresses():  # type: ignore[no-untyped-def]
        while True:
            with lock:
                n = next(counter)
            yield f"{path}{joiner}bench={n}" if cold else path

    result = Result()
    start_at = time.perf_counter()
    threads = [
        threading.Thread(target=client, args=(port, addresses(), start_at + seconds, result, lock))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    result.seconds = time.perf_counter() - start_at
    return result


def get(port: int, path: str) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    t = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, (time.perf_counter() - t) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="default: SQLite under " + str(SCRATCH))
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per page and mode")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:  # in a subprocess, on the database main() chose
        print(prepare(args.database_url, args.size))
        return
    url = _database_url(args)
    out = subprocess.run(
        [sys.executable, __file__, "--prepare", "--database-url", url, "--size", str(args.size)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    incident = out.stdout.strip().splitlines()[-1]
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SPEECHWATCH_", "SECURE_", "DATABASE_"))
        }
        env.update(
            SPEECHWATCH_VAR_DIR=tmp,
            DATABASE_URL=url,
            SECRET_KEY=secrets.token_urlsafe(50),
            SPEECHWATCH_EMBEDDINGS="0",
            SPEECHWATCH_API_RATE="100000000/min",  # one address asks everything: no 429s
        )
        port = free_port()
        proc = start(env, [], port)
        try:
            rows, first = measure(port, proc.pid, incident, args, env)
        finally:
            stop(proc)
    report(rows, first, args, url)


def pages(port: int, incident: str) -> dict[str, str]:
    endpoint = "/api/v1/statistics?dimension=block"
    if get(port, endpoint)[0] != 200:  # no API endpoint: the explorer's own download
        endpoint = "/statistics/data.json?dimension=block"
    return {
        "home": "/",
        "statistics explorer": "/statistics/",
        "map": "/map/",
        "incident list": "/incidents/",
        "incident page": f"/incidents/{incident}/",
        "statistics endpoint": endpoint,
        "incident feed": "/feeds/en/incidents.atom",
    }


def bump(env: dict[str, str]) -> None:
    """A publication as the public pages see it: the generation moves on (another process)."""
    code = "from speechwatch.portal.cache import bump; bump()"
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], check=True, env=env, cwd=ROOT
    )


def measure(
    port: int, pid: int, incident: str, args: argparse.Namespace, env: dict[str, str]
) -> tuple[list[tuple[str, str, str, dict[str, float]]], list[tuple[str, float]]]:
    first = [("first view after start", get(port, "/statistics/")[1])]
    bump(env)
    first.append(("first view after a publication", get(port, "/statistics/?after=1")[1]))
    time.sleep(10)  # the background rebuild
    first.append(("a view 10 s after it", get(port, "/statistics/?after=2")[1]))
    targets = pages(port, incident)
    rows = []
    for name, path in targets.items():
        status, _ms = get(port, path)
        if status != 200:
            sys.exit(f"{path}: HTTP {status}")
        for mode in ("warm", "cold"):
            run(port, path, args.clients, args.warmup, cold=mode == "cold")
            pid_cpu = server_cpu_seconds(pid)
            result = run(port, path, args.clients, args.duration, cold=mode == "cold")
            cpu = server_cpu_seconds(pid) - pid_cpu
            row = result.row()
            row["cpu_ms"] = cpu / row["requests"] * 1000 if row["requests"] else 0.0
            rows.append((name, path, mode, row))
    return rows, first


def report(
    rows: list[tuple[str, str, str, dict[str, float]]],
    first: list[tuple[str, float]],
    args: argparse.Namespace,
    url: str,
) -> None:
    kind = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(
        f"\n{kind}, {args.size:,} incidents, {args.clients} clients, {args.duration:g} s per page "
        f"and mode, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end"
    )
    print("| page | cache | p50 ms | p95 ms | req/s | errors | CPU ms/req | target |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    over = []
    for name, _path, mode, r in rows:
        target = TARGET_ENDPOINT_MS if name == "statistics endpoint" else TARGET_PAGE_MS
        ok = r["p95_ms"] <= target
        if not ok:
            over.append(f"{name} ({mode}): p95 {r['p95_ms']:.0f} ms")
        print(
            f"| {name} | {mode} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['rps']:.0f} | "
            f"{r['errors']:.0f} | {r['cpu_ms']:.1f} | {'ok' if ok else 'OVER'} {target:.0f} |"
        )
    for label, ms in first:
        print(f"{label}: {ms:.0f} ms")
    print("over target:" if over else "every page within its target", *over, sep="\n  ")


if __name__ == "__main__":
    main()
