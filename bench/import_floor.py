"""Import floor: how long the database alone takes to store what an import of N incidents stores.

    .venv/bin/python bench/import_floor.py                          # SQLite, 1M
    .venv/bin/python bench/import_floor.py --n 100000 \
        --database-url postgres://postgres@127.0.0.1:54329/floor_bench

bench/import_bench.py times the whole import: reading, checking and writing. This bench times
only the database's share, with no Python per row, to show the fastest any import of these rows
could be on this machine. It imports N synthetic incidents (import_bench's "demo" shape) once,
into a source database that is kept (`<work-dir>/floor-source-N.sqlite3`, or the database
`<name>_src`). Then, for each repeat, a fresh migrated database receives the same rows the way a
large import writes them, in one transaction:

1. the secondary indexes, foreign keys and incremental full-text indexing put aside
   (interchange/bulk.py, as the import does);
2. the rows of the actors, the incidents and their link tables copied in by the database itself
   (SQLite: `INSERT … SELECT` from the attached source, written so that SQLite cannot copy pages
   wholesale; PostgreSQL: server-side `COPY … FROM` a file the source wrote);
3. the full-text index, then the indexes and foreign keys built again;
4. the review queue's counts and the month tallies rebuilt, as the import ends;
5. the commit.

The sum of phases 1–3 and 5 is what the rows and the indexes the product reads them by cost; phase
4 is the bookkeeping a large import adds. "floor/s" is N over the whole, the rate no importer
could beat with these indexes on this machine. For PostgreSQL "srv CPU" is the backend's CPU time
(read from /proc: the server must run here).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from import_bench import _fresh_postgres, _server_cpu, generate, migrated  # noqa: E402

TYPES = ("actor", "incident")


def prepare(n: int, source_url: str, work_dir: Path) -> None:
    """Child process: the source database, filled by a real import of n incidents."""
    if source_url.startswith("postgres"):
        _fresh_postgres(source_url)
    migrated(source_url)
    from speechwatch.audit.record import Who
    from speechwatch.interchange.actions import import_path

    shutil.rmtree(work_dir / f"floor-copy-{n}", ignore_errors=True)  # files of an older source
    data = work_dir / f"data-demo-{n}"
    if not (data / "done").exists():
        generate(data, n, shape="demo")
        (data / "done").touch()
    import_path(data, who=Who(label="bench"))


def _columns(cursor: Any, table: str) -> list[str]:
    from django.db import connection

    described = connection.introspection.get_table_description(cursor, table)
    # PostgreSQL's generated search vector is computed by the server, never copied.
    return [c.name for c in described if c.name != "search_vector"]


def measure(n: int, source_url: str, target_url: str, work_dir: Path) -> dict[str, object]:
    """Child process: one fresh target database, the rows copied in, every phase timed."""
    postgres = target_url.startswith("postgres")
    if postgres:
        _fresh_postgres(target_url)
    else:
        Path(target_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    migrated(target_url)
    from django.db import connection, transaction

    from speechwatch.incidents import monthtally, queuecounts
    from speechwatch.interchange import bulk
    from speechwatch.interchange.serializer import MODELS
    from speechwatch.interchange.tables import import_settings

    aside = {t: c for name in TYPES for t, c in bulk.tables_of(MODELS[name], name).items()}
    tables = list(aside)
    qn = connection.ops.quote_name
    files = work_dir / f"floor-copy-{n}"
    with connection.cursor() as cursor:
        columns = {t: ", ".join(qn(c) for c in _columns(cursor, t)) for t in tables}
        if postgres:
            import psycopg

            files.mkdir(exist_ok=True)
            files.chmod(0o777)  # the server writes and reads these files
            with psycopg.connect(source_url) as source:
                for t in tables:
                    path = files / f"{t}.copy"
                    if not path.exists():
                        source.execute(f"COPY {qn(t)} ({columns[t]}) TO '{path}'")
        else:
            source_path = source_url.removeprefix("sqlite:///")
            cursor.execute(f"ATTACH DATABASE '{source_path}' AS src")
    phases: dict[str, float] = {}
    server = _server_cpu(connection)
    start = last = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        phases[name] = now - last
        last = now

    with import_settings(), transaction.atomic():
        # interchange.actions.bulk_mode, entered and left by hand to time each part.
        indexes = bulk.indexes_aside(aside)
        indexes.__enter__()
        search = bulk.search_index_aside(True)
        search.__enter__()
        lap("put aside")
        with connection.cursor() as cursor:
            for t in tables:
                if postgres:
                    cursor.execute(f"COPY {qn(t)} ({columns[t]}) FROM '{files / f'{t}.copy'}'")
                else:
                    # WHERE keeps SQLite from copying the source's pages as they are (its
                    # transfer optimisation): the rows go in one by one, as an import writes them.
                    cols = columns[t]
                    cursor.execute(
                        f"INSERT INTO {qn(t)} ({cols}) SELECT {cols} FROM src.{qn(t)} WHERE 1"
                    )
        lap("rows")
        search.__exit__(None, None, None)
        lap("full-text")
        indexes.__exit__(None, None, None)
        lap("indexes")
        queuecounts.rebuild()
        lap("queue counts")
        monthtally.rebuild_month_tallies()
        lap("tallies")
    lap("commit")
    seconds = time.perf_counter() - start
    server = _server_cpu(connection) - server
    from speechwatch.incidents.models import Incident

    assert Incident.objects.count() == n
    return {"backend": connection.vendor, "seconds": seconds, "phases": phases, "server": server}


def _child(args: list[str]) -> dict[str, object] | None:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        sys.exit(out.returncode)
    last = out.stdout.strip().splitlines()[-1:] or ["null"]
    return json.loads(last[0])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL database to DROP and recreate (its name must contain 'bench'); its "
        "source is <name>_src; default: SQLite files in --work-dir",
    )
    parser.add_argument("--work-dir", default="/tmp/im-bench")
    parser.add_argument("--step", choices=("prepare", "measure"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    if args.database_url:
        target = args.database_url
        source = f"{target}_src"
    else:
        target = f"sqlite:///{work / 'floor-target.sqlite3'}"
        source = f"sqlite:///{work / f'floor-source-{args.n}.sqlite3'}"
    if args.step == "prepare":
        prepare(args.n, source, work)
        print("null")
        return
    if args.step == "measure":
        print(json.dumps(measure(args.n, source, target, work)))
        return
    common = ["--n", str(args.n), "--work-dir", args.work_dir]
    if args.database_url:
        common += ["--database-url", args.database_url]
    ready = work / f"floor-source-{args.n}-{'pg' if args.database_url else 'sqlite'}.done"
    if not ready.exists():
        _child(["--step", "prepare", *common])
        ready.touch()
    print("load:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    for _ in range(args.repeat):
        r = _child(["--step", "measure", *common])
        assert r is not None
        phases = "  ".join(f"{k} {v:.1f}" for k, v in r["phases"].items())  # type: ignore[attr-defined]
        seconds = float(r["seconds"])  # type: ignore[arg-type]
        server = float(r["server"])  # type: ignore[arg-type]
        line = f"{r['backend']:>10}  N {args.n}  {seconds:.1f} s  floor/s {args.n / seconds:,.0f}"
        if server:
            line += f"  srv CPU {server:.1f} s"
        print(f"{line}  |  {phases}", flush=True)


if __name__ == "__main__":
    main()
