"""Load the shipped demo data set (speechwatch/demo/data/, docs/demo-data.md) into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from speechwatch.audit.record import Who
from speechwatch.interchange.actions import ImportResult, import_path
from speechwatch.reports.actions import save_overrides
from speechwatch.reports.models import ReportMonth

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO = Who(label="demo")

# The editor's report choices per month (April 2024 as in the published overview).
OVERRIDES_FILE = DATA_DIR / "report-overrides.yaml"


def demo_overrides() -> dict[str, dict[str, Any]]:
    loaded = yaml.safe_load(OVERRIDES_FILE.read_text(encoding="utf-8"))
    return dict(loaded or {})


def load_demo(*, who: Who = DEMO) -> ImportResult:
    """Import the demo files through the ordinary importer: all or nothing, audited, and
    idempotent because every record carries an external id (a re-run reports "unchanged").
    Months the editor has not touched get the demo's report choices."""
    result = import_path(DATA_DIR, who=who)
    for month, overrides in demo_overrides().items():
        if not ReportMonth.objects.filter(month=month).exclude(overrides={}).exists():
            save_overrides(month, overrides, who=who)
    from speechwatch.news.demo import load_demo_news  # the inbox's fictional news items

    load_demo_news(who=who)
    return result
