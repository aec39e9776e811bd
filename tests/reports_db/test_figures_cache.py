"""The per-month figures cache: a second report reuses the months; every kind of edit made
through the actions (incident update, status change, case link, case stage, new incident,
deletion) invalidates exactly the months it touches, and cached figures always equal figures
computed from the incidents."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from speechwatch.audit.record import Who
from speechwatch.cases.actions import add_stage, create_case, link_incident
from speechwatch.incidents.actions import (
    IncidentInput,
    SourceInput,
    change_status,
    create_incident,
    delete_incident,
    update_incident,
)
from speechwatch.incidents.models import Incident
from speechwatch.incidents.monthtally import rebuild_month_tallies
from speechwatch.reports.build import MonthData, build_month, clear_figures_cache
from speechwatch.reports.models import MonthFiguresCache
from speechwatch.reports.queries import draft, report_rules, report_template

WHO = Who(label="test")
MONTH = "2024-04"
LEGAL = ("L.criminal", "L.civil", "L.administrative")
PC = "PC 274"


def _input(ext: str, day: date, categories: list[str], **over: Any) -> IncidentInput:
    values: dict[str, Any] = {
        "recorded_on": day,
        "occurred_on": day,
        "title": {"en": f"Incident {ext}"},
        "region": "almaty",
        "categories": categories,
        "sources": [SourceInput(kind="url", url="https://example.org/a")],
        "external_id": ext,
        **over,
    }
    return IncidentInput(**values)


def publish_incident(ext: str, day: date, categories: list[str], **over: Any) -> Incident:
    incident = create_incident(_input(ext, day, categories, **over), who=WHO)
    for status in ("under_review", "verified", "published"):
        incident = change_status(incident, status, who=WHO)
    return incident


@pytest.fixture
def month(installed) -> dict[str, Incident]:
    """A few published incidents in January–April 2024 and April 2023."""
    made = {
        "jan-l": publish_incident("jan-l", date(2024, 1, 15), ["L.criminal"], legal_refs=[PC]),
        "mar-r": publish_incident("mar-r", date(2024, 3, 3), ["R.threat"]),
        "apr-r": publish_incident("apr-r", date(2024, 4, 2), ["R.threat"]),
        "apr-i": publish_incident("apr-i", date(2024, 4, 5), ["I.refusal", "R.obstruction"]),
        "apr-l": publish_incident("apr-l", date(2024, 4, 9), ["L.criminal"], legal_refs=[PC]),
        "last-r": publish_incident("last-r", date(2023, 4, 20), ["R.threat"]),
    }
    return made


def _data(**over: Any) -> MonthData:
    rules, tpl = report_rules(), report_template()
    spec = tpl.block_specs()
    return build_month(2024, 4, rules, spec=spec, legal_items=LEGAL, **over)


def _same_as_uncached(data: MonthData) -> None:
    fresh = _data(cache=False)
    assert data.figures == fresh.figures
    assert data.previous_month == fresh.previous_month
    assert data.ytd == fresh.ytd and data.ytd_last_year == fresh.ytd_last_year
    assert data.history == fresh.history and data.regions == fresh.regions


def _totals(data: MonthData) -> dict[str, int]:
    assert data.figures is not None
    return {b.code: b.total for b in data.figures.blocks}


def test_second_report_reuses_every_month(month) -> None:
    first = _data()
    assert first.cache_stats["computed"] > 0 and first.cache_stats["fresh"] == 0
    second = _data()
    computed = first.cache_stats["computed"]
    assert second.cache_stats == {"fresh": computed, "checked": 0, "computed": 0}
    assert second.rows == ()  # counted by build, nothing materialised
    _same_as_uncached(second)
    assert _totals(second) == {"R": 2, "I": 1, "L": 1}
    assert second.ytd is not None and second.ytd.count("R") == 3
    assert second.ytd_last_year is not None and second.ytd_last_year.count("R") == 1


def test_draft_through_queries_is_cached_and_equal(month) -> None:
    first = draft(MONTH).reports["en"]
    again = draft(MONTH)
    assert again.data.cache_stats["computed"] == 0
    assert again.reports["en"].figures == first.figures
    assert MonthFiguresCache.objects.filter(month=MONTH).count() == 2  # counts + this listing


def test_incident_update_invalidates_its_month_only(month) -> None:
    _data()
    update_incident(month["apr-r"], _input("apr-r", date(2024, 4, 2), ["I.refusal"]), who=WHO)
    after = _data()
    # April is recomputed (counts and listed figures); the other months were only re-checked.
    assert after.cache_stats["computed"] == 2
    assert after.cache_stats["checked"] > 0
    assert _totals(after) == {"R": 1, "I": 2, "L": 1}
    _same_as_uncached(after)


def test_moving_an_incident_to_another_month_updates_both(month) -> None:
    _data()
    update_incident(month["mar-r"], _input("mar-r", date(2024, 4, 20), ["R.threat"]), who=WHO)
    after = _data()
    assert _totals(after)["R"] == 3
    assert after.previous_month is not None and after.previous_month.count("R") == 0
    _same_as_uncached(after)


def test_status_change_invalidates(month) -> None:
    _data()
    change_status(month["apr-i"], "verified", who=WHO)  # unpublished: no longer counted
    after = _data()
    assert _totals(after) == {"R": 1, "I": 0, "L": 1}
    _same_as_uncached(after)


def test_case_link_makes_a_report_ongoing(month) -> None:
    before = _data()
    assert _totals(before)["L"] == 1
    case = create_case(kind="criminal", title={"en": "A case"}, published=True, who=WHO)
    link_incident(case, month["jan-l"], who=WHO)
    link_incident(case, month["apr-l"], who=WHO)  # the case was followed since January
    after = _data()
    assert _totals(after)["L"] == 0
    assert after.figures is not None and after.figures.block("L").ongoing == 1
    _same_as_uncached(after)


def test_earlier_case_stage_makes_a_report_ongoing(month) -> None:
    case = create_case(kind="criminal", title={"en": "A case"}, published=True, who=WHO)
    link_incident(case, month["apr-l"], who=WHO)
    assert _totals(_data())["L"] == 1
    add_stage(case, stage="investigation", on=date(2024, 2, 1), who=WHO)
    after = _data()
    assert _totals(after)["L"] == 0
    _same_as_uncached(after)


def test_new_incident_invalidates(month) -> None:
    _data()
    publish_incident("apr-new", date(2024, 4, 28), ["R.threat"])
    publish_incident("feb-new", date(2024, 2, 10), ["I.cyber"])
    after = _data()
    assert _totals(after)["R"] == 3
    assert after.ytd is not None and after.ytd.count("I") == 2
    _same_as_uncached(after)


def test_deletion_invalidates(month) -> None:
    _data()
    delete_incident(month["apr-r"], who=WHO)
    after = _data()
    assert _totals(after)["R"] == 1
    _same_as_uncached(after)


def test_fingerprint_catches_an_edit_even_if_the_audit_state_looks_unchanged(month) -> None:
    """A cache row whose audit mark is stale is re-checked by its fingerprint; a row whose
    fingerprint no longer matches is recomputed."""
    _data()
    Incident.objects.filter(pk=month["apr-r"].pk).delete()  # no audit event
    rebuild_month_tallies(["2024-04"])  # past the actions: `month_tallies --rebuild --month`
    MonthFiguresCache.objects.update(audit_mark=-1)  # as if something was written since
    after = _data()
    assert after.cache_stats["computed"] == 2 and _totals(after)["R"] == 1
    _same_as_uncached(after)


def test_another_listing_is_cached_apart_and_clearing_forgets_all(month) -> None:
    first = draft(MONTH)
    other = draft(MONTH, overrides={"blocks": {"R": {"items": ["R.threat"]}}})
    assert other.data.cache_stats["computed"] == 1  # only April under the new listing
    assert first.reports["en"].figures["counts"] == other.reports["en"].figures["counts"]
    assert clear_figures_cache() > 0
    assert not MonthFiguresCache.objects.exists()
