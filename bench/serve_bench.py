"""Web serving benchmark: `speechwatch serve` (gunicorn + WhiteNoise) against Django's development
server (`serve --dev`), side by side in one run, on the demo data.

    .venv/bin/python bench/serve_bench.py --duration 30 --clients 8

A temporary var/ folder gets `speechwatch demo` (SQLite). Each server is started on a free
loopback port; for each URL (`/`, an incident page, `/api/v1/incidents`, `/export/incidents.csv`)
--clients threads with keep-alive connections (http.client) request it for --duration seconds
after a short warm-up. Reported: requests/s, p50 and p95 in ms, errors, the server's CPU
time per request and the cores it kept busy (from /proc: other load on the machine shows up as
fewer cores, not as more CPU per request); then gunicorn's requests/s as a multiple of the
development server's. Targets: >= 4x the development server's
requests/s, p95 <= 100 ms for `/` and the API (2 cores). Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 4.0
TARGET_P95_MS = 100.0
MAX_REQUESTS_PER_CLIENT = 1_000_000


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def row(self) -> dict[str, float]:
        lat = sorted(self.latencies)
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))] if lat else float("nan")
        return {
            "requests": len(lat),
            "rps": len(lat) / self.seconds if self.seconds else 0.0,
            "p50_ms": statistics.median(lat) * 1000 if lat else float("nan"),
            "p95_ms": p95 * 1000,
            "errors": self.errors,
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU of a server process and its children (gunicorn's workers), from /proc:
    a figure the other load on the machine does not change, unlike requests/s."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    pids = [pid, *(int(p) for p in children.read_text().split())] if children.exists() else [pid]
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def client(port: int, path: str, until: float, result: Result, lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies: list[float] = []
    errors = 0
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        start = time.perf_counter()
        if start >= until:
            break
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
            else:
                latencies.append(time.perf_counter() - start)
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            time.sleep(0.05)  # a refused or broken connection must not turn into a busy loop
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.close()
    with lock:
        result.latencies += latencies
        result.errors += errors


def load(port: int, path: str, clients: int, seconds: float) -> Result:
    result, lock = Result(), threading.Lock()
    start = time.perf_counter()
    until = start + seconds
    threads = [
        threading.Thread(target=client, args=(port, path, until, result, lock))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    result.seconds = time.perf_counter() - start
    return result


def cli(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "speechwatch.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if proc.returncode != 0:
        sys.exit(f"speechwatch {' '.join(args)} failed:\n{proc.stderr}")
    return proc.stdout


def start(env: dict[str, str], args: list[str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "speechwatch.cli", "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"serve {args} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    sys.exit(f"serve {args} did not listen within 300 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per URL and server")
    parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per URL")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the settings')")
    parser.add_argument("--threads", type=int, help="gunicorn threads per worker")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        var = Path(tmp)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SPEECHWATCH_", "SECURE_", "DATABASE_"))
        }
        env.update(
            SPEECHWATCH_VAR_DIR=str(var),
            DATABASE_URL=f"sqlite:///{var / 'speechwatch.sqlite3'}",
            SECRET_KEY=secrets.token_urlsafe(50),
            SPEECHWATCH_EMBEDDINGS="0",
            SPEECHWATCH_API_RATE="off",  # one address asks everything: no 429s
        )
        cli(env, "demo")
        incident = cli(
            env,
            "shell",
            "-c",
            "from speechwatch.incidents.models import Incident; print(Incident.objects.filter("
            "status='published').order_by('external_id').values_list('external_id', "
            "flat=True).first())",
        ).split()[-1]  # `shell` may print a line about auto-imports first
        paths = ["/", f"/incidents/{incident}/", "/api/v1/incidents", "/export/incidents.csv"]
        tuning = [f"--{k}={v}" for k in ("workers", "threads") if (v := getattr(args, k))]
        servers = {"gunicorn": tuning, "runserver": ["--dev", "--noreload"]}
        rows: dict[str, dict[str, dict[str, float]]] = {}
        for name, extra in servers.items():
            port = free_port()
            proc = start(env, extra, port)
            try:
                rows[name] = {}
                for path in paths:
                    load(port, path, args.clients, args.warmup)
                    cpu = server_cpu_seconds(proc.pid)
                    result = load(port, path, args.clients, args.duration)
                    cpu = server_cpu_seconds(proc.pid) - cpu
                    row = result.row()
                    row["cpu_ms"] = cpu / row["requests"] * 1000 if row["requests"] else 0.0
                    row["cores"] = cpu / result.seconds
                    rows[name][path] = row
            finally:
                stop(proc)

    config = " ".join(tuning) or "defaults"
    print(
        f"\n{args.clients} clients, {args.duration:g} s per URL, gunicorn {config}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end"
    )
    print("| URL | server | req/s | p50 ms | p95 ms | errors | CPU ms/req | cores | × runserver |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for path in paths:
        base = rows["runserver"][path]["rps"] or float("nan")
        for name in servers:
            r = rows[name][path]
            ratio = f"{r['rps'] / base:.1f}" if name == "gunicorn" else ""
            print(
                f"| `{path}` | {name} | {r['rps']:.0f} | {r['p50_ms']:.0f} | "
                f"{r['p95_ms']:.0f} | {r['errors']:g} | {r['cpu_ms']:.1f} | {r['cores']:.2f} | "
                f"{ratio} |"
            )
    verdicts = []
    for path in paths[::2]:  # "/" and the API
        g, d = rows["gunicorn"][path], rows["runserver"][path]
        verdicts.append(f"{path}: ratio {'ok' if g['rps'] >= TARGET_RATIO * d['rps'] else 'MISS'}")
        verdicts.append(f"{path}: p95 {'ok' if g['p95_ms'] <= TARGET_P95_MS else 'MISS'}")
    print("targets (>= 4x, p95 <= 100 ms): " + "; ".join(verdicts))
    print(json.dumps({"clients": args.clients, "duration": args.duration, "results": rows}))


if __name__ == "__main__":
    main()
