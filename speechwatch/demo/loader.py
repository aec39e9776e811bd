"""Load the shipped demo data set (speechwatch/demo/data/, docs/demo-data.md) into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from speechwatch.audit.record import Who
from speechwatch.interchange.actions import ImportResult, import_path
from speechwatch.reports.actions import save_overrides
from speechwatch.reports.models import ReportMonth

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO = Who(label="demo")

# The editor's choices for April 2024, as in the published overview: the two administrative
# articles named in the text, the Azattyq and Maricheva cases, and the "Also in April" items.
DEMO_OVERRIDES: dict[str, dict[str, Any]] = {
    "2024-04": {
        "breakdowns": {
            "L.administrative": ["L.administrative.false_info", "L.administrative.defamation"]
        },
        "featured_cases": [
            "as-2024-04-azattyq-accreditation",
            "as-2024-04-maricheva-456-2",
        ],
        "also": ["as-2024-04-protenge-pc274", "as-2024-04-adilbekov-detention"],
    }
}


def load_demo(*, who: Who = DEMO) -> ImportResult:
    """Import the demo files through the ordinary importer: all or nothing, audited, and
    idempotent because every record carries an external id (a re-run reports "unchanged").
    Months the editor has not touched get the demo's report choices."""
    result = import_path(DATA_DIR, who=who)
    for month, overrides in DEMO_OVERRIDES.items():
        if not ReportMonth.objects.filter(month=month).exclude(overrides={}).exists():
            save_overrides(month, overrides, who=who)
    return result
