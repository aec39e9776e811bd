"""Import benchmark: synthetic incidents into a fresh SQLite database per size.

    .venv/bin/python bench/import_bench.py                 # 10k, 100k, 1M
    .venv/bin/python bench/import_bench.py --sizes 10000,100000

Each size runs in its own subprocess (fresh database in a temp dir: migrate + install_defaults),
so ru_maxrss is that process's true peak; the table shows the peak growth during the import.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
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


def generate(directory: Path, n: int, seed: int = 1) -> Path:
    """actors.jsonl (a pool of ~2,000) and incidents.jsonl (n) with a realistic shape."""
    rnd = random.Random(seed)
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
            month = 1 + i % 12
            rec = {
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
                "perpetrators": [
                    f"actor-{a:05d}" for a in rnd.sample(range(ACTORS), rnd.randint(1, 2))
                ],
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
            fh.write(dumps(rec) + "\n")
    return directory


def run_one(n: int) -> dict[str, float]:
    """In a fresh process: empty database, import n incidents, report time and memory."""
    tmp = Path(tempfile.mkdtemp(prefix="sw-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "speechwatch.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from speechwatch.audit.record import Who
    from speechwatch.core.setup import install_defaults
    from speechwatch.interchange.actions import import_path

    call_command("migrate", verbosity=0)
    install_defaults()
    data = generate(tmp / "data", n)
    size_mb = (data / "incidents.jsonl").stat().st_size / 1e6
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = import_path(data, who=Who(label="bench"))
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert result.counts["incident"]["created"] == n, result.counts
    return {
        "n": n,
        "seconds": seconds,
        "rate": n / seconds,
        "file_mb": size_mb,
        "rss_before_mb": before / 1024,
        "rss_peak_mb": after / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process mode
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    print(
        f"{'N':>9}  {'file MB':>8}  {'seconds':>8}  {'incidents/s':>11}  "
        f"{'peak RSS MB':>11}  {'growth MB':>9}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            sys.exit(out.returncode)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['n']:>9}  {r['file_mb']:>8.1f}  {r['seconds']:>8.2f}  {r['rate']:>11.0f}  "
            f"{r['rss_peak_mb']:>11.1f}  {r['rss_peak_mb'] - r['rss_before_mb']:>9.1f}"
        )


if __name__ == "__main__":
    main()
