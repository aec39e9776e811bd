"""News fetch benchmark: feeds from a local HTTP server, and storing news into large tables.

    .venv/bin/python bench/fetch_bench.py fetch --feeds 100,500          # first pass + 304 pass
    .venv/bin/python bench/fetch_bench.py store --sizes 10000,100000,1000000

`fetch`: a server process on 127.0.0.1 serves N feeds × 20 items (each with an ETag); a fresh
SQLite database (or --database-url) gets N rss sources; pass 1 fetches and stores everything,
pass 2 fetches again and every feed answers 304. Politeness is off (one loopback host), robots.txt
is read once. Each size runs in its own process, so the peak RSS column is that run's own.

`store`: a table pre-filled with S items (bulk insert; the database is built once per size
under /tmp/speechwatch-fetch-bench/ and reused), then 5,000 new items stored through store_item
(items/s), then 5,000 already-stored items offered again (the duplicate lookup: µs per item).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing import Process
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ITEMS = 20


def feed_body(n: int) -> bytes:
    items = "".join(
        f"<item><title>Feed {n} story {k}</title><link>https://news{n % 50}.example.kz/{n}/{k}"
        f"?utm_source=rss</link><description>Мәтін {n}-{k}: "
        + "вымышленный текст новости " * 20
        + f"</description><pubDate>Mon, 01 Apr 2024 10:{k:02d}:00 +0500</pubDate></item>"
        for k in range(ITEMS)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {n}'
        f"</title><language>ru</language>{items}</channel></rss>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if not self.path.startswith("/feed/"):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        n = int(self.path.split("/")[2].split(".")[0])
        etag = f'"f{n}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = feed_body(n)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def serve(port_file: str) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Path(port_file).write_text(str(httpd.server_address[1]))
    httpd.serve_forever()


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["SPEECHWATCH_FETCH_ALLOW_PRIVATE"] = "1"
    os.environ["SPEECHWATCH_FETCH_POLITENESS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechwatch.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_fetch(feeds: int, database_url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        port_file = str(Path(tmp) / "port")
        server = Process(target=serve, args=(port_file,), daemon=True)
        server.start()
        while not Path(port_file).exists() or not Path(port_file).read_text():
            time.sleep(0.05)
        port = int(Path(port_file).read_text())
        setup_django(database_url or f"sqlite:///{tmp}/bench.sqlite3")
        from speechwatch.audit.record import Who
        from speechwatch.news.actions import add_source
        from speechwatch.news.fetch import fetch_due
        from speechwatch.news.models import NewsItem, Source

        who = Who(label="bench")
        for n in range(feeds):
            add_source(
                who, kind="rss", url_or_path=f"http://127.0.0.1:{port}/feed/{n}.xml", name=f"f{n}"
            )
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0, c0 = time.perf_counter(), cpu()
        runs = fetch_due()
        t1, c1 = time.perf_counter(), cpu()
        errors = sum(1 for r in runs if r.error)
        stored = NewsItem.objects.count()
        Source.objects.update(next_due_at=None)  # due again
        runs = fetch_due()
        t2, c2 = time.perf_counter(), cpu()
        not_modified = sum(1 for r in runs if r.http_status == 304)
        server.terminate()
        return {
            "feeds": feeds,
            "items": stored,
            "errors": errors,
            "pass1_s": t1 - t0,
            "pass1_cpu_s": c1 - c0,
            "pass2_s": t2 - t1,
            "pass2_cpu_s": c2 - c1,
            "pass2_304": not_modified,
            "rss_mb_before": rss_before / 1024,
            "rss_mb_peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }


def run_store(size: int, database_url: str) -> dict[str, float]:
    db_file = Path(f"/tmp/speechwatch-fetch-bench/store-{size}.sqlite3")
    built = db_file.exists()
    setup_django(database_url or f"sqlite:///{db_file}")
    import zlib

    from django.db import transaction
    from django.utils import timezone

    from speechwatch.news.actions import store_item, store_items
    from speechwatch.news.canonical import canonical_url, content_hash
    from speechwatch.news.models import NewsItem, Source
    from speechwatch.news.parsed import ParsedItem

    source, _ = Source.objects.get_or_create(
        name="bench", defaults={"kind": "rss", "url_or_path": "x"}
    )
    now = timezone.now()
    if not built or NewsItem.objects.count() < size:
        raw = zlib.compress(b"raw")
        batch = []
        for n in range(NewsItem.objects.count(), size):
            url = f"https://fill.example.kz/{n}"
            batch.append(
                NewsItem(
                    source=source,
                    url=url,
                    canonical_url=canonical_url(url),
                    title=f"fill {n}",
                    text="t",
                    fetched_at=now,
                    lang="ru",
                    content_hash=content_hash(f"fill {n}", "t"),
                    raw=raw,
                )
            )
            if len(batch) == 20000:
                NewsItem.objects.bulk_create(batch)
                batch = []
        NewsItem.objects.bulk_create(batch)
    stamp = int(time.time() * 1000)
    fresh = [
        ParsedItem(
            url=f"https://new.example.kz/{stamp}/{n}?utm_source=x",
            title=f"new {stamp} {n}",
            text="вымышленный текст " * 30,
            extraction="feed",
        )
        for n in range(5000)
    ]
    t0, c0 = time.perf_counter(), cpu()
    for start in range(0, len(fresh), ITEMS):  # as a feed run stores: one transaction per feed
        with transaction.atomic():
            results = store_items(source, fresh[start : start + ITEMS], fetched_at=now)
        assert {r.status for r in results} == {"new"}
    t1, c1 = time.perf_counter(), cpu()
    step = max(1, size // 5000)
    seen = [
        ParsedItem(url=f"https://fill.example.kz/{n}", title=f"fill {n}", text="t")
        for n in range(0, size, step)
    ][:5000]
    for start in range(0, len(seen), ITEMS):  # a feed whose items are all known already
        with transaction.atomic():
            results = store_items(source, seen[start : start + ITEMS], fetched_at=now)
        assert {r.status for r in results} == {"seen"}
    t2, c2 = time.perf_counter(), cpu()
    statuses = {store_item(source, parsed).status for parsed in seen[:1000]}  # one at a time
    t3, c3 = time.perf_counter(), cpu()
    assert statuses == {"seen"}, statuses
    return {
        "stored": size,
        "new_items_per_s": len(fresh) / (t1 - t0),
        "new_items_per_cpu_s": len(fresh) / (c1 - c0),
        "dup_in_feed_us": (t2 - t1) / len(seen) * 1e6,
        "dup_in_feed_cpu_us": (c2 - c1) / len(seen) * 1e6,
        "dup_single_us": (t3 - t2) / 1000 * 1e6,
        "dup_single_cpu_us": (c3 - c2) / 1000 * 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("mode", choices=["fetch", "store"])
    parser.add_argument("--feeds", default="100,500")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        result = (run_fetch if args.mode == "fetch" else run_store)(args.one, args.database_url)
        print(json.dumps(result))
        return
    sizes = [int(s) for s in (args.feeds if args.mode == "fetch" else args.sizes).split(",")]
    print(f"load average: {os.getloadavg()}")
    rows = []
    for size in sizes:
        cmd = [
            sys.executable,
            __file__,
            args.mode,
            "--one",
            str(size),
            "--database-url",
            args.database_url,
        ]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print(
            "| "
            + " | ".join(f"{v:.1f}" if isinstance(v, float) else str(v) for v in row.values())
            + " |"
        )
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
