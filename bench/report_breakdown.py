"""Where a cold month's time goes: the stages of one monthly overview (June 2024, with
comparisons and the 12-month chart, composed and rendered to HTML, figures cache and drawn
charts emptied first), timed per call on a database bench/report_bench.py built.

    .venv/bin/python bench/report_breakdown.py sqlite:////tmp/bench/report-1000000.sqlite3
    .venv/bin/python bench/report_breakdown.py postgres://…/report_bench_1000000 --repeat 10

Prints, per stage, the mean wall time and this process's CPU time per month (on PostgreSQL the
gap between the two is mostly the server's work, and the machine's load). Stages nest: ``build``
holds the load stages listed above it.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# (module, function) timed where the report stages call them.
STAGES = [
    ("build", "cases_of"),
    ("monthstore", "tallies_ready"),
    ("monthstore", "_audit_state"),
    ("monthstore", "_fingerprints"),
    ("monthstore", "load_tallies"),
    ("monthstore", "figures_from_tally"),
    ("build", "briefs"),
    ("build", "events"),
    ("build", "legislation"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechwatch.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from speechwatch.reports import build, charts, formats, monthstore
    from speechwatch.reports.compose import compose
    from speechwatch.reports.queries import report_rules, report_template

    wall: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)

    def timed(name: str, fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*a: Any, **k: Any) -> Any:
            w, c = time.perf_counter(), time.process_time()
            try:
                return fn(*a, **k)
            finally:
                wall[name] += time.perf_counter() - w
                cpu[name] += time.process_time() - c

        return wrapper

    modules = {"build": build, "monthstore": monthstore}
    for module, name in STAGES:
        setattr(modules[module], name, timed(name, getattr(modules[module], name)))
    rules, template = report_rules(), report_template()
    spec = template.block_specs()
    legal = ["L.criminal", "L.civil", "L.administrative"]
    do_build = timed("build", build.build_month)
    do_compose = timed("compose", compose)
    do_render = timed("render", formats.render)

    def month() -> None:
        build.clear_figures_cache()
        charts.clear_cache()
        data = do_build(2024, 6, rules, spec=spec, legal_items=legal, also=())
        do_render(do_compose(data, "en", template, rules), "html")

    month()  # first run: connections, templates, imports
    wall.clear()
    cpu.clear()
    for _ in range(args.repeat):
        month()
    print(f"{'stage':20} {'wall ms':>9} {'cpu ms':>9}")
    for name in wall:
        per_month = [wall[name] / args.repeat * 1000, cpu[name] / args.repeat * 1000]
        print(f"{name:20} {per_month[0]:9.1f} {per_month[1]:9.1f}")


if __name__ == "__main__":
    main()
