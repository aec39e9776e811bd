"""Loading the demo through the real importer: the April 2024 figures counted in the database."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Q, QuerySet

from speechwatch.actors.models import Actor
from speechwatch.audit.record import Who
from speechwatch.cases.models import Case
from speechwatch.context.models import ContextEvent, LegislativeItem
from speechwatch.demo.loader import load_demo
from speechwatch.incidents.models import Incident, Source
from speechwatch.reference.models import Region

WHO = Who(label="test")
STATE_SECTOR = ("official", "state_body")


@pytest.fixture
def loaded(installed) -> None:
    load_demo(who=WHO)


def april() -> QuerySet[Incident]:
    return Incident.objects.filter(
        status="published", recorded_on__range=(date(2024, 4, 1), date(2024, 4, 30))
    )


def in_block(block: str) -> int:
    return april().filter(category_links__category__block=block).distinct().count()


def under(node: str) -> int:
    code = Q(category_links__category__code=node) | Q(
        category_links__category__code__startswith=node + "."
    )
    return april().filter(code).distinct().count()


def test_block_totals_count_distinct_incidents(loaded) -> None:
    assert (in_block("R"), in_block("I"), in_block("L")) == (20, 12, 20)


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        ("R.obstruction", 2),
        ("R.discrediting", 8),
        ("I.refusal", 5),
        ("I.cyber", 3),
        ("L.criminal", 3),
        ("L.civil", 9),
        ("L.administrative", 8),
        ("L.administrative.false_info", 2),
        ("L.administrative.defamation", 3),
    ],
)
def test_items(loaded, node, expected) -> None:
    assert under(node) == expected


def test_seven_discrediting_cases_with_state_sector_victims(loaded) -> None:
    discrediting = april().filter(category_links__category__code="R.discrediting")
    state = discrediting.filter(
        actor_links__role="victim", actor_links__actor__type__in=STATE_SECTOR
    ).distinct()
    assert state.count() == 7


def test_unpublished_april_records_exist_and_are_not_counted(loaded) -> None:
    all_april = Incident.objects.filter(recorded_on__range=(date(2024, 4, 1), date(2024, 4, 30)))
    assert all_april.exclude(status="published").count() >= 4
    assert all_april.filter(
        status="rejected", category_links__category__code="R.discrediting"
    ).exists()


def test_loading_twice_changes_nothing(loaded) -> None:
    def snapshot() -> tuple:
        return (
            Actor.objects.count(),
            Incident.objects.count(),
            Case.objects.count(),
            ContextEvent.objects.count(),
            LegislativeItem.objects.count(),
            Source.objects.count(),
            max(Incident.objects.values_list("updated_at", flat=True)),
        )

    before = snapshot()
    result = load_demo(who=WHO)
    assert snapshot() == before
    assert all(c["created"] == 0 and c["updated"] == 0 for c in result.counts.values())


def test_covers_all_months_of_2024_and_all_regions(loaded) -> None:
    published = Incident.objects.filter(status="published", recorded_on__year=2024)
    months = {d.month for d in published.values_list("recorded_on", flat=True)}
    assert months == set(range(1, 13))
    kz = Region.objects.filter(kind__in=("region", "city"))
    assert kz.count() == 20
    assert set(kz.values_list("code", flat=True)) <= set(
        published.values_list("region__code", flat=True)
    )


def test_confidential_fields_are_loaded(loaded) -> None:
    assert Source.objects.filter(confidential=True).exclude(correspondent="").exists()
    assert Incident.objects.exclude(internal_notes="").exists()
    assert Actor.objects.exclude(internal_notes="").exists()
    assert Case.objects.exclude(internal_notes="").exists()


def test_real_and_demo_records_are_marked(loaded) -> None:
    assert not Incident.objects.get(external_id="as-2024-04-maricheva-detention").is_demo
    assert Incident.objects.filter(external_id__startswith="demo-", is_demo=False).count() == 0
    mediation = Case.objects.get(external_id="as-2024-04-azattyq-accreditation").stages.get(
        stage="mediation"
    )
    assert (mediation.date, mediation.outcome) == (date(2024, 4, 23), "settled")
