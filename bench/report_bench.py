"""Monthly-overview benchmark: synthetic databases of 10k, 100k and 1M incidents over 20 years.

    .venv/bin/python bench/report_bench.py                          # 10k, 100k, 1M (SQLite)
    .venv/bin/python bench/report_bench.py --sizes 10000,100000
    .venv/bin/python bench/report_bench.py --sizes 100000 --database-url postgres://…/report_bench
    .venv/bin/python bench/report_bench.py --keep /tmp/sw-report-bench  # build each size once

Each size runs in its own subprocess on its own database: a temp SQLite file, or
KEEP/report-<size>.sqlite3 with --keep; with a PostgreSQL --database-url the database
<name>_<size> (created when missing, like bench/import_bench.py does; the name must contain
"bench"). A database already holding exactly <size> generated incidents is reused (with --keep or
PostgreSQL), otherwise emptied and filled. Rows are generated with bulk INSERTs straight into the
tables (not through the importer: this measures reports, not imports). Timed per size, best of
--repeat runs:

    month_*   build (the month with comparisons and 12-month chart) + compose + render HTML
    ytd_*     build with the January–December 2024 comparison against 2023 (24 months), no charts
    *_cpu     the same, CPU time of this process plus, on a local PostgreSQL server, of its
              backend (the machine is shared: wall time is noisy)
    *_cold    figures cache and drawn charts emptied first: every month counted from incidents
    *_warm    cached, nothing written since (the audit log is unchanged)
    *_recheck cached, but an audit event was written first: every month's fingerprint is
              re-checked against the incidents (data unchanged, so nothing is recounted)

Target: <= 0.5 s per month at 1M, and 1M within 2x of 10k (cost bounded by the month range).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIRST = date(2005, 1, 1)
LAST = date(2024, 12, 31)
MONTH = (2024, 6)
LEAF_WEIGHTS = {
    "R.obstruction": 4,
    "R.threat": 3,
    "R.discrediting": 3,
    "R.summons": 2,
    "I.refusal": 6,
    "I.cyber": 2,
    "I.blocking": 2,
    "I.accreditation": 1,
    "L.criminal.false_info": 1,
    "L.criminal": 1,
    "L.civil": 3,
    "L.administrative.false_info": 1,
    "L.administrative.defamation": 2,
}
REFS = {"L": [("PC", "274"), ("CC", "143"), ("AdmC", "456-2"), ("AdmC", "73-3")]}
ACTOR_TYPES = ["journalist", "blogger", "media_outlet", "official", "state_body", "unknown"]


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechwatch.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from speechwatch.core.setup import install_defaults
    from speechwatch.taxonomy.models import Taxonomy

    if not Taxonomy.objects.exists():  # a kept database keeps the taxonomy it was built with
        install_defaults()


def _ensure_postgres(url: str) -> None:
    """Create the database of a PostgreSQL `url` when it does not exist (reused otherwise)."""
    import psycopg
    from import_bench import _fresh_postgres

    name = url.rsplit("/", 1)[-1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if found is None:
        _fresh_postgres(url)  # checks the name (*bench* only) and creates it


def size_url(database_url: str, size: int, keep: str) -> str:
    """The database of one size: <name>_<size> on PostgreSQL, KEEP/report-<size>.sqlite3."""
    if database_url.startswith(("postgres://", "postgresql://")):
        base, _, query = database_url.partition("?")
        return f"{base}_{size}" + (f"?{query}" if query else "")
    if database_url:
        return database_url
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(keep) / f'report-{size}.sqlite3'}"
    return ""


def _already_generated(n: int) -> bool:
    from speechwatch.incidents.models import Incident

    return (
        Incident.objects.count() == n and Incident.objects.filter(external_id=f"bench-{n}").exists()
    )


def _generate(n: int, seed: int = 7) -> float:
    """Bulk-insert n incidents (+ categories, victims, legal refs, a few cases). Seconds taken."""
    from django.db import connection, transaction

    from speechwatch.reference.models import Region
    from speechwatch.taxonomy.models import Category
    from speechwatch.taxonomy.queries import default_taxonomy

    rnd = random.Random(seed)
    started = time.perf_counter()
    tax = default_taxonomy()
    categories = dict(Category.objects.filter(taxonomy=tax).values_list("code", "id"))
    leaves = list(LEAF_WEIGHTS)
    weights = [LEAF_WEIGHTS[c] for c in leaves]
    regions = list(Region.objects.values_list("id", flat=True))
    span = (LAST - FIRST).days
    now = "2025-01-01 00:00:00+00:00"
    qn = connection.ops.quote_name

    def insert(table: str, columns: list[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        marks = ", ".join(["%s"] * len(columns))
        cols = ", ".join(qn(c) for c in columns)
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})", list(rows))

    with transaction.atomic():
        with connection.cursor() as cursor:
            for table in (
                "cases_casestage",
                "cases_caseincident",
                "cases_case",
                "incidents_legalreference",
                "incidents_incidentactor",
                "incidents_incidentcategory",
                "incidents_incident",
                "actors_actor",
            ):
                cursor.execute(f"DELETE FROM {qn(table)}")
        insert(
            "actors_actor",
            [
                "id",
                "external_id",
                "kind",
                "type",
                "name",
                "name_variants",
                "internal_notes",
                "is_demo",
                "import_run",
                "created_at",
                "updated_at",
            ],
            [
                (
                    i + 1,
                    f"bench-actor-{i}",
                    "person",
                    ACTOR_TYPES[i % len(ACTOR_TYPES)],
                    f"Actor {i}",
                    "[]",
                    "",
                    False,
                    "",
                    now,
                    now,
                )
                for i in range(200)
            ],
        )
        batch = 50_000
        case_id = 0
        for lo in range(0, n, batch):
            incidents, links, actors, refs, cases, case_links, stages = [], [], [], [], [], [], []
            for i in range(lo, min(n, lo + batch)):
                pk = i + 1
                day = FIRST + timedelta(days=rnd.randrange(span + 1))
                status = "published" if rnd.random() < 0.9 else rnd.choice(["draft", "verified"])
                incidents.append(
                    (
                        pk,
                        f"bench-{pk}",
                        day.isoformat(),
                        day.isoformat(),
                        "day",
                        f"Incident {pk}",
                        "",
                        "",
                        "",
                        "",
                        "",
                        rnd.choice(regions),
                        "",
                        status,
                        "",
                        False,
                        "",
                        now,
                        now,
                        f"incident {pk}",  # incidents/search.py: the folded title
                    )
                )
                codes = set(rnd.choices(leaves, weights, k=1 if rnd.random() < 0.8 else 2))
                for k, code in enumerate(sorted(codes)):
                    links.append((pk, categories[code], k == 0))
                actors.append((pk, rnd.randrange(200) + 1, "victim", 0))
                if any(c.startswith("L") for c in codes):
                    code, article = rnd.choice(REFS["L"])
                    refs.append((pk, code, article, "", 0))
                    if rnd.random() < 0.05:  # some L reports open or follow a case
                        case_id += 1
                        cases.append(
                            (
                                case_id,
                                f"bench-case-{case_id}",
                                "criminal",
                                f"Case {case_id}",
                                "",
                                "",
                                "",
                                "",
                                "",
                                day.isoformat(),
                                True,
                                "",
                                False,
                                "",
                                now,
                                now,
                            )
                        )
                        case_links.append((case_id, pk))
                        start = day - timedelta(days=rnd.choice([0, 40]))
                        stages.append(
                            (case_id, "investigation", start.isoformat(), "", None, "", "", "", "")
                        )
            insert(
                "incidents_incident",
                [
                    "id",
                    "external_id",
                    "recorded_on",
                    "occurred_on",
                    "occurred_precision",
                    "title_en",
                    "title_ru",
                    "title_kk",
                    "summary_en",
                    "summary_ru",
                    "summary_kk",
                    "region_id",
                    "settlement",
                    "status",
                    "internal_notes",
                    "is_demo",
                    "import_run",
                    "created_at",
                    "updated_at",
                    "search_text",
                ],
                incidents,
            )
            insert(
                "incidents_incidentcategory", ["incident_id", "category_id", "is_primary"], links
            )
            insert(
                "incidents_incidentactor", ["incident_id", "actor_id", "role", "position"], actors
            )
            insert(
                "incidents_legalreference",
                ["incident_id", "code", "article", "part", "position"],
                refs,
            )
            insert(
                "cases_case",
                [
                    "id",
                    "external_id",
                    "kind",
                    "title_en",
                    "title_ru",
                    "title_kk",
                    "summary_en",
                    "summary_ru",
                    "summary_kk",
                    "opened_on",
                    "published",
                    "internal_notes",
                    "is_demo",
                    "import_run",
                    "created_at",
                    "updated_at",
                ],
                cases,
            )
            insert("cases_caseincident", ["case_id", "incident_id"], case_links)
            insert(
                "cases_casestage",
                [
                    "case_id",
                    "stage",
                    "date",
                    "body",
                    "claim_amount",
                    "outcome",
                    "note_en",
                    "note_ru",
                    "note_kk",
                ],
                stages,
            )
        with connection.cursor() as cursor:  # what the case actions and the importer mark
            cursor.execute(
                "UPDATE incidents_incident SET case_linked = true "
                "WHERE id IN (SELECT incident_id FROM cases_caseincident)"
            )
        if connection.vendor == "postgresql":  # rows went in with their ids: move the sequences
            with connection.cursor() as cursor:
                for table in ("actors_actor", "incidents_incident", "cases_case"):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {qn(table)}))"
                    )
    _analyze()
    return time.perf_counter() - started


def _analyze() -> None:
    """Planner statistics; on PostgreSQL also the visibility map, without which a bulk-loaded
    table gets no index-only scans (VACUUM is quick once done: cheap to run on every start)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _tallies(*, fresh: bool) -> float:
    """The month tallies the incident actions keep (incidents/monthtally.py): the rows went in
    past the actions, so they are rebuilt, as the importer does. Seconds taken (0: kept)."""
    from speechwatch.incidents.monthtally import is_built, rebuild_month_tallies

    if is_built() and not fresh:
        return 0.0
    began = time.perf_counter()
    rebuild_month_tallies()
    _analyze()
    return time.perf_counter() - began


_cpu: dict[str, float] = {}


def _server_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL backend when the server runs on this machine
    (read from /proc), else 0: with it the *_cpu columns count the server's work too (parallel
    workers excepted), which on PostgreSQL is most of it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    global _backend_pid
    if _backend_pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _backend_pid = int(cursor.fetchone()[0])
    try:
        fields = Path(f"/proc/{_backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


_backend_pid: int | None = None


def _best(fn, repeat: int, before=None, name: str = "") -> float:  # type: ignore[no-untyped-def]
    best = cpu = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), time.process_time() + _server_cpu()
        fn()
        best = min(best, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() + _server_cpu() - started_cpu)
    if name:
        _cpu[name] = cpu
    return best


def run_one(size: int, database_url: str, repeat: int) -> dict[str, object]:
    if database_url.startswith(("postgres://", "postgresql://")):
        _ensure_postgres(database_url)
    _setup(database_url)
    generated = 0.0 if _already_generated(size) else _generate(size)
    tallied = _tallies(fresh=bool(generated))
    if not generated:
        _analyze()

    from speechwatch.audit.record import Who, record
    from speechwatch.reports import charts, formats
    from speechwatch.reports.build import build_month, clear_figures_cache
    from speechwatch.reports.compose import compose
    from speechwatch.reports.queries import report_rules, report_template

    rules, template = report_rules(), report_template()
    spec = template.block_specs()
    year, month = MONTH
    legal = ["L.criminal", "L.civil", "L.administrative"]
    timings: dict[str, float] = {}

    def build() -> Any:  # what a draft does: the month, comparisons and charts
        return build_month(year, month, rules, spec=spec, legal_items=legal, also=())

    def month_html() -> None:
        formats.render(compose(build(), "en", template, rules), "html")

    def cold() -> None:  # nothing cached: neither monthly figures nor drawn charts
        clear_figures_cache()
        charts.clear_cache()

    def touched() -> None:  # something was written since: every month's fingerprint is checked
        record(Who(label="bench"), "bench.touch", "bench", "x")

    def ytd() -> None:  # January–December 2024 against 2023 (24 months), no charts
        build_month(2024, 12, rules, spec=spec, legal_items=legal, charts=False, also=())

    timings["month_cold"] = _best(month_html, repeat, cold, "month_cold_cpu")
    timings["ytd_cold"] = _best(ytd, repeat, cold, "ytd_cold_cpu")
    month_html()
    timings["month_warm"] = _best(month_html, repeat, None, "month_warm_cpu")
    timings["month_md_warm"] = _best(
        lambda: formats.render(compose(build(), "en", template, rules), "md"), repeat
    )
    timings["month_recheck"] = _best(month_html, repeat, touched)
    data = build()
    report = compose(data, "en", template, rules)
    timings["build_warm"] = _best(build, repeat)
    timings["compose_warm"] = _best(lambda: compose(data, "en", template, rules), repeat)
    timings["render_warm"] = _best(lambda: formats.render(report, "html"), repeat)
    ytd()
    timings["ytd_warm"] = _best(ytd, repeat, None, "ytd_warm_cpu")
    timings["ytd_recheck"] = _best(ytd, repeat, touched)
    in_month = sum(b["total"] for b in report.figures["blocks"].values())
    return {
        "size": size,
        "generate_s": round(generated, 1),
        "tallies_s": round(tallied, 1),
        "month_reports": in_month,
        **{k: round(v, 3) for k, v in timings.items()},
        **{k: round(v, 3) for k, v in _cpu.items()},
    }


def run_sizes(
    script: str, args: argparse.Namespace, per_size: bool = False
) -> list[dict[str, Any]]:
    """Run `script --one SIZE` in a fresh process per size (its own database and memory), and
    collect the JSON line each prints last. Shared by the report and web benchmarks.
    ``per_size``: one database per size (``size_url``) instead of --database-url itself."""
    rows = []
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        with tempfile.TemporaryDirectory() as tmp:
            url = size_url(args.database_url, size, args.keep) if per_size else args.database_url
            url = url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            out = subprocess.run(
                [
                    sys.executable,
                    script,
                    "--one",
                    str(size),
                    "--database-url",
                    url,
                    "--repeat",
                    str(args.repeat),
                ],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"done {size}", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--database-url", default="", help="default: a temp SQLite file per size")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", default="", help="keep SQLite databases here and reuse them")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.database_url, args.repeat)))
        return
    load_before = os.getloadavg()
    rows = run_sizes(__file__, args, per_size=True)
    load_after = os.getloadavg()
    head = [
        "size",
        "month_reports",
        "month_cold",
        "month_cold_cpu",
        "month_warm",
        "month_recheck",
        "build_warm",
        "compose_warm",
        "render_warm",
        "month_md_warm",
        "ytd_cold",
        "ytd_cold_cpu",
        "ytd_warm",
        "ytd_recheck",
    ]
    print(" | ".join(f"{h:>13}" for h in head))
    for row in rows:
        print(" | ".join(f"{row[h]!s:>13}" for h in head))
    print_table(rows, load_before, load_after, args.database_url)


RATIO_COLUMNS = (
    ("month_cold", "month cold"),
    ("month_cold_cpu", "month cold CPU"),
    ("month_warm", "month warm"),
    ("ytd_cold", "ytd cold"),
    ("ytd_cold_cpu", "ytd cold CPU"),
    ("ytd_warm", "ytd warm"),
)


def print_table(
    rows: list[dict[str, Any]], before: tuple[float, ...], after: tuple[float, ...], url: str
) -> None:
    """A Markdown table, seconds with the ratio to the first (smallest) size, and the machine's
    load average before and after (wall time on a shared machine is noisy; CPU less so)."""
    where = "PostgreSQL" if url.startswith(("postgres://", "postgresql://")) else "SQLite"
    print(f"\n{where}; load average {before[0]:.1f} before, {after[0]:.1f} after\n")
    print("| incidents | " + " | ".join(label for _, label in RATIO_COLUMNS) + " |")
    print("|---:|" + "---:|" * len(RATIO_COLUMNS))
    base = rows[0] if rows else {}
    for row in rows:
        cells = []
        for key, _ in RATIO_COLUMNS:
            value = float(row[key])
            ratio = value / float(base[key]) if row is not base and base[key] else None
            cells.append(f"{value:.3f}" + (f" ({ratio:.1f}x)" if ratio is not None else ""))
        size = int(row["size"])
        label = f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1000}k"
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
