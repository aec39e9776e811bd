"""Each pre-publication check fires on the case it is for."""

from __future__ import annotations

from pathlib import Path

from speechwatch.incidents.actions import change_status
from speechwatch.incidents.models import Incident
from speechwatch.reports.actions import publish
from speechwatch.reports.queries import check_month
from tests.reports_db.conftest import APRIL
from tests.reports_db.records import actor, import_records, incident


def _kinds(month: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for warning in check_month(month):
        found.setdefault(warning.kind, []).append(f"{warning.subject}: {warning.message}")
    return found


def test_sums_flag_blocks_that_need_and_others(demo) -> None:
    sums = _kinds(APRIL)["sum"]
    assert any(s.startswith("R: listed items") and "and others" in s for s in sums)
    assert any(s.startswith("I: listed items") for s in sums)


def test_missing_category_region_or_source(installed, tmp_path: Path) -> None:
    import_records(
        tmp_path,
        [
            incident("no-region", region=""),
            incident("no-source", sources=[]),
            incident("no-category", categories=[], status="draft"),
        ],
    )
    missing = "\n".join(_kinds(APRIL)["missing"])
    assert "no-region: (published) no region" in missing
    assert "no-source: (published) no source" in missing
    assert "no-category: (draft) no category" in missing


def test_suspected_duplicates(installed, tmp_path: Path) -> None:
    import_records(
        tmp_path,
        [
            actor("akimat", "state_body"),
            incident("a", title={"en": "Journalist Aigerim Sadykova denied access to the akimat"}),
            incident("b", title={"en": "Journalist Aigerim Sadykova was denied access to akimat"}),
            incident(
                "c",
                title={"en": "Fake account posing as the akim"},
                victims=["akimat"],
                categories=["R.discrediting"],
                occurred_on="2024-04-03",
            ),
            incident(
                "d",
                title={"en": "Another fraudulent page"},
                victims=["akimat"],
                categories=["R.discrediting"],
                occurred_on="2024-04-03",
            ),
            incident("e", title={"en": "Unrelated blocking of a website"}),
        ],
    )
    duplicates = "\n".join(_kinds(APRIL)["duplicate"])
    assert "a / b: similar titles" in duplicates
    assert "c / d: same victim akimat, category R.discrediting and date 2024-04-03" in duplicates
    assert "e" not in duplicates.replace("same", "").split(":")[0]


def test_figures_changed_since_publication(demo) -> None:
    assert "changed" not in _kinds(APRIL)
    publish(APRIL, who=demo, langs=["en"])
    assert "changed" not in _kinds(APRIL)
    incident_ = Incident.objects.filter(
        status="published", recorded_on__year=2024, recorded_on__month=4
    ).first()
    assert incident_ is not None
    change_status(incident_, "verified", who=demo)
    changed = _kinds(APRIL)["changed"]
    assert any(line.startswith("blocks.") and "published" in line for line in changed)


def test_messages_follow_the_interface_language(demo) -> None:
    from django.utils import translation

    with translation.override("ru"):
        sums = _kinds(APRIL)["sum"]
    assert any(s.startswith("R: перечисленные пункты") and "«и другие»" in s for s in sums)
    with translation.override("kk"):
        sums = _kinds(APRIL)["sum"]
    assert any(s.startswith("R: аталған тармақтар") for s in sums)
