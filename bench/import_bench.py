"""Import benchmark: synthetic incidents into a fresh database per size and shape.

    .venv/bin/python bench/import_bench.py                        # 10k, 100k, 1M; both shapes
    .venv/bin/python bench/import_bench.py --sizes 10000,100000 --shapes demo
    .venv/bin/python bench/import_bench.py --sizes 100000 \
        --database-url postgres://postgres@127.0.0.1:54329/speechwatch_bench

Shapes (links per incident): "demo" follows the distribution of the demo data set
(speechwatch/demo/data/incidents.jsonl: 1 category (5% two), 1 victim, 1 perpetrator, 1-3 sources
(14% confidential correspondent reports), a legal reference in 31%, a tag in 25%; texts of the demo
length, ~1.2 kB a line), about 4.9 link rows per incident. "heavy" is the older, deliberately
heavier shape: 2-3 categories, 1-2 victims, 1-2 perpetrators, one source, about 7 link rows.

Each run is its own subprocess (fresh database: a SQLite file in --work-dir, default
/tmp/im-bench, or the PostgreSQL database of --database-url dropped and created again; then
migrate + install_defaults), so ru_maxrss is that process's true peak; the table shows the peak
and its growth during the import. The generated input files stay in --work-dir and are reused.
"incidents/s" is wall-clock; "per CPU-s" divides by this process's CPU time, which varies less
when other work shares the machine; "srv CPU-s" divides by the CPU time of the PostgreSQL backend
serving the import (read from /proc: the server must run on this machine), "both CPU" by the two
together (the incidents per CPU-second of client and server: on an idle machine with two cores the
wall rate lies between that and the slower of the two). The import ends by rebuilding the review
queue's kept counts and the reports' month tallies; "counts s" and "tallies s" are one more such
rebuild each, timed alone. The open-data build an import schedules is switched off (it would run
during those timings). `uptime` is printed first: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACTORS = 2000
CATEGORIES = [
    "R.obstruction",
    "R.attack",
    "R.threat",
    "R.detention",
    "R.summons",
    "R.discrediting",
    "I.refusal",
    "I.accreditation",
    "I.blocking",
    "I.cyber",
    "L.criminal",
    "L.civil",
    "L.administrative",
]
REGIONS = ["almaty", "astana", "shymkent", "abai", "zhetisu", "karaganda", "Алматинская область"]
LEGAL = ["PC 274", "ст. 174 УК РК", "AdmC 456-2", "CC 143", "AdmC 73-3"]
TAGS = ["elections", "covid", "war", "flood", "court", "akimat"]
STATUSES = ["published", "published", "published", "verified", "under_review"]


SHAPES = ("demo", "heavy")


def _pick(rnd: random.Random, weights: dict[int, float]) -> int:
    return rnd.choices(list(weights), weights=list(weights.values()))[0]


DEMO_CATEGORIES = [
    "I.refusal",
    "L.civil",
    "R.obstruction",
    "R.discrediting",
    "L.criminal.false_info",
    "I.cyber",
    "L.administrative.false_info",
    "L.administrative.defamation",
    "I.court_transparency",
    "R.detention",
    "I.accreditation",
    "I.blocking",
    "R.insult",
    "R.summons",
]
DEMO_TAGS = ["false-information", "follow-up", "online", "floods-2024", "azattyq-accreditation"]
DEMO_LEGAL = ["CC 143", "PC 274", "AdmC 456-2", "AdmC 73-3", "AdmC 434", "ст. 174 УК РК"]
SUMMARY_EN = (
    "On 1 April the author of a regional news channel was summoned to the police and questioned "
    "about a publication on the akimat's spending."
)
SUMMARY_RU = (
    "1 апреля автора регионального новостного канала вызвали в полицию и допросили по поводу "
    "публикации о расходах акимата на благоустройство."
)


def _demo_incident(rnd: random.Random, i: int) -> dict[str, object]:
    """One incident drawn from the distributions of the demo data set (see the docstring)."""
    month = 1 + i % 12
    day = 1 + i % 28
    occurred = rnd.random()
    sources = []
    for k in range(_pick(rnd, {1: 78, 2: 21, 3: 1})):
        r = rnd.random()
        if r < 0.83:
            sources.append(
                {
                    "kind": "url",
                    "url": f"https://news{k}.example.kz/2024/{i}",
                    "outlet": "Example News",
                    "title": "A report" if rnd.random() < 0.24 else "",
                    "published_on": f"2024-{month:02d}-{day:02d}",
                    "confidential": False,
                    "correspondent": "",
                }
            )
        elif r < 0.97:
            sources.append(
                {
                    "kind": "correspondent",
                    "url": "",
                    "outlet": "",
                    "title": "Correspondent report",
                    "published_on": "",
                    "confidential": True,
                    "correspondent": "Regional correspondent",
                }
            )
        else:
            sources.append(
                {
                    "kind": "document",
                    "url": "",
                    "outlet": "",
                    "title": "Court ruling",
                    "published_on": f"2024-{month:02d}-{day:02d}",
                    "confidential": False,
                    "correspondent": "",
                }
            )
    title = {"en": f"Journalist of a regional outlet questioned by the police, case {i}"}
    title["ru"] = f"Журналиста регионального издания допросили в полиции, дело {i}"
    if rnd.random() < 0.25:
        title["kk"] = f"Өңірлік басылымның журналисі полицияда жауап берді, іс {i}"
    summary = {"en": SUMMARY_EN, "ru": SUMMARY_RU} if rnd.random() < 0.5 else {}
    cats = rnd.sample(DEMO_CATEGORIES, _pick(rnd, {1: 95, 2: 5}))
    return {
        "schema_version": 1,
        "type": "incident",
        "external_id": f"inc-{i:08d}",
        "recorded_on": f"2024-{month:02d}-{day:02d}",
        "occurred_on": (
            f"2024-{month:02d}-{day:02d}"
            if occurred < 0.8
            else f"2024-{month:02d}"
            if occurred < 0.93
            else ""
        ),
        "title": title,
        "summary": summary,
        "region": rnd.choice(REGIONS),
        "settlement": "Almaty" if rnd.random() < 0.93 else "",
        "taxonomy": "adilsoz-2024",
        "categories": cats,
        "primary_category": cats[0],
        "victims": [
            f"actor-{a:05d}" for a in rnd.sample(range(ACTORS), _pick(rnd, {1: 99.7, 2: 0.3}))
        ],
        "perpetrators": [
            f"actor-{a:05d}" for a in rnd.sample(range(ACTORS), _pick(rnd, {1: 99.6, 0: 0.4}))
        ],
        "legal_refs": rnd.sample(DEMO_LEGAL, 1) if rnd.random() < 0.31 else [],
        "sources": sources,
        "status": "published" if rnd.random() < 0.95 else rnd.choice(STATUSES),
        "status_changed_at": f"2024-{month:02d}-{day:02d}T10:00:00+00:00",
        "tags": rnd.sample(DEMO_TAGS, _pick(rnd, {0: 75, 1: 23.5, 2: 1.5})),
        "is_demo": False,
        "internal_notes": "Checked with the editor." if rnd.random() < 0.065 else "",
    }


def _heavy_incident(rnd: random.Random, i: int) -> dict[str, object]:
    month = 1 + i % 12
    return {
        "schema_version": 1,
        "type": "incident",
        "external_id": f"inc-{i:08d}",
        "recorded_on": f"2024-{month:02d}-{1 + i % 28:02d}",
        "occurred_on": f"2024-{month:02d}",
        "title": {"en": f"Incident number {i}", "ru": f"Инцидент номер {i}"},
        "summary": {"en": "A journalist was not allowed into the akimat session."},
        "region": rnd.choice(REGIONS),
        "settlement": "",
        "taxonomy": "adilsoz-2024",
        "categories": rnd.sample(CATEGORIES, rnd.randint(2, 3)),
        "victims": [f"actor-{a:05d}" for a in rnd.sample(range(ACTORS), rnd.randint(1, 2))],
        "perpetrators": [f"actor-{a:05d}" for a in rnd.sample(range(ACTORS), rnd.randint(1, 2))],
        "legal_refs": rnd.sample(LEGAL, 1) if i % 4 == 0 else [],
        "sources": [
            {
                "kind": "url",
                "url": f"https://news.example.kz/{i}",
                "outlet": "Example News",
                "title": "",
                "published_on": "",
                "confidential": False,
                "correspondent": "",
            }
        ],
        "status": rnd.choice(STATUSES),
        "tags": rnd.sample(TAGS, 1) if i % 3 == 0 else [],
    }


def generate(directory: Path, n: int, seed: int = 1, shape: str = "demo") -> Path:
    """actors.jsonl (a pool of 2,000) and incidents.jsonl (n incidents of the given shape)."""
    rnd = random.Random(seed)
    make = _demo_incident if shape == "demo" else _heavy_incident
    directory.mkdir(parents=True, exist_ok=True)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with (directory / "actors.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(ACTORS):
            fh.write(
                dumps(
                    {
                        "schema_version": 1,
                        "type": "actor",
                        "external_id": f"actor-{i:05d}",
                        "kind": "person" if i % 3 else "organisation",
                        "actor_type": "journalist" if i % 3 else "state_body",
                        "name": f"Актер {i}",
                        "name_variants": [f"Actor {i}"],
                    }
                )
                + "\n"
            )
    with (directory / "incidents.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(dumps(make(rnd, i)) + "\n")
    return directory


def _fresh_postgres(url: str) -> None:
    """Drop and create the database of `url` (named *bench* only: the bench never drops others)."""
    import psycopg

    name = url.rsplit("/", 1)[-1].split("?")[0]
    if "bench" not in name or not re.fullmatch(r"[A-Za-z0-9_]+", name):
        sys.exit(f"refusing to recreate database {name!r}: use a database named *bench*")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def run_one(n: int, shape: str, database_url: str, work_dir: str) -> dict[str, object]:
    """In a fresh process: empty database, import n incidents, report time and memory."""
    Path(work_dir).mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="sw-bench-", dir=work_dir))
    try:
        return _measure(tmp, n, shape, database_url)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # 1M incidents leave gigabytes behind


def _server_cpu(connection: object) -> float:
    """CPU seconds of this connection's PostgreSQL backend so far (0.0 if it is not readable:
    another host, or SQLite, whose work is done in this process and counted in its CPU time)."""
    if getattr(connection, "vendor", "") != "postgresql":
        return 0.0
    with connection.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def migrated(database_url: str) -> None:
    """Set Django up on `database_url` (empty, in this process), migrated, with the defaults."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "speechwatch.settings"
    # An import schedules an open-data build after its commit (a thread reading every record):
    # it would compete with the timed counts rebuild below, so the bench leaves it out.
    os.environ["SPEECHWATCH_OPEN_DATA_AUTOBUILD"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from speechwatch.core.setup import install_defaults

    call_command("migrate", verbosity=0)
    install_defaults()


def _measure(tmp: Path, n: int, shape: str, database_url: str) -> dict[str, object]:
    if database_url:
        _fresh_postgres(database_url)
    migrated(database_url or f"sqlite:///{tmp / 'bench.sqlite3'}")
    from django.db import connection

    from speechwatch.audit.record import Who
    from speechwatch.interchange.actions import import_path

    # The input files are kept in the work directory and reused by later runs (same seed).
    data = tmp.parent / f"data-{shape}-{n}"
    if not (data / "done").exists():
        generate(data, n, shape=shape)
        (data / "done").touch()
    size_mb = (data / "incidents.jsonl").stat().st_size / 1e6
    usage = resource.getrusage(resource.RUSAGE_SELF)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    server = _server_cpu(connection)
    start = time.perf_counter()
    result = import_path(data, who=Who(label="bench"))
    seconds = time.perf_counter() - start
    server = _server_cpu(connection) - server
    usage = resource.getrusage(resource.RUSAGE_SELF)
    after, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu
    assert result.counts["incident"]["created"] == n, result.counts
    from speechwatch.incidents import queuecounts

    started = time.perf_counter()
    queuecounts.rebuild()
    counts_seconds = time.perf_counter() - started
    from speechwatch.incidents.monthtally import rebuild_month_tallies

    started = time.perf_counter()
    rebuild_month_tallies()  # the other rebuild the import ends with, timed alone
    tallies_seconds = time.perf_counter() - started
    from speechwatch.interchange.importer import LINKS

    links = sum(model._default_manager.count() for model, _ in LINKS["incident"])
    return {
        "n": n,
        "shape": shape,
        "backend": connection.vendor,
        "links": links / n,
        "seconds": seconds,
        "rate": n / seconds,
        "cpu_rate": n / cpu,
        "server_cpu_rate": n / server if server else 0.0,
        "combined_cpu_rate": n / (cpu + server),
        "file_mb": size_mb,
        "rss_before_mb": before / 1024,
        "rss_peak_mb": after / 1024,
        "counts_s": counts_seconds,
        "tallies_s": tallies_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--shapes", default="demo,heavy", help="demo, heavy or both")
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL database to DROP and recreate for each run (its name must contain "
        "'bench'); default: a temporary SQLite file",
    )
    parser.add_argument(
        "--work-dir",
        default="/tmp/im-bench",
        help="where each run's data files and SQLite database go (removed after the run)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process mode
    parser.add_argument("--shape", default="demo", choices=SHAPES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.shape, args.database_url, args.work_dir)))
        return
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"load: {load}")
    print(
        f"{'backend':>8}  {'shape':>6}  {'N':>9}  {'links/inc':>9}  {'file MB':>8}  "
        f"{'seconds':>8}  {'incidents/s':>11}  {'per CPU-s':>9}  {'peak RSS MB':>11}  "
        f"{'growth MB':>9}  {'counts s':>8}  {'tallies s':>9}  {'srv CPU-s':>9}  {'both CPU':>8}"
    )
    for shape in args.shapes.split(","):
        for n in (int(s) for s in args.sizes.split(",")):
            command = [sys.executable, __file__, "--one", str(n), "--shape", shape]
            command += ["--work-dir", args.work_dir]
            if args.database_url:
                command += ["--database-url", args.database_url]
            out = subprocess.run(command, capture_output=True, text=True, check=False)
            if out.returncode != 0:
                print(out.stderr, file=sys.stderr)
                sys.exit(out.returncode)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{r['backend']:>8}  {r['shape']:>6}  {r['n']:>9}  {r['links']:>9.1f}  "
                f"{r['file_mb']:>8.1f}  {r['seconds']:>8.2f}  {r['rate']:>11.0f}  "
                f"{r['cpu_rate']:>9.0f}  "
                f"{r['rss_peak_mb']:>11.1f}  {r['rss_peak_mb'] - r['rss_before_mb']:>9.1f}  "
                f"{r['counts_s']:>8.2f}  {r.get('tallies_s', -1):>9.2f}  "
                f"{r['server_cpu_rate']:>9.0f}  "
                f"{r['combined_cpu_rate']:>8.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
