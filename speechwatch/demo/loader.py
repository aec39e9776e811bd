"""Load the shipped demo data set (speechwatch/demo/data/, docs/demo-data.md) into the database."""

from __future__ import annotations

from pathlib import Path

from speechwatch.audit.record import Who
from speechwatch.interchange.actions import ImportResult, import_path

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO = Who(label="demo")


def load_demo(*, who: Who = DEMO) -> ImportResult:
    """Import the demo files through the ordinary importer: all or nothing, audited, and
    idempotent because every record carries an external id (a re-run reports "unchanged")."""
    return import_path(DATA_DIR, who=who)
