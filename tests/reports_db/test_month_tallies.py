"""The month tallies the incident actions keep equal a recount from the data after every kind of
write (create, edit, status change, delete, import, an actor's type), and reports counted from
them equal reports counted from the incidents' rows."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from speechwatch.actors.actions import create_actor, update_actor
from speechwatch.actors.models import Actor
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
from speechwatch.incidents.models import Incident, MonthTally
from speechwatch.incidents.monthtally import (
    VERSION,
    is_built,
    rebuild_month_tallies,
    reconcile_actors,
)
from speechwatch.lib.dates import add_months
from speechwatch.reports.counting import CountingError
from speechwatch.reports.loadrows import load_taxonomy
from speechwatch.reports.monthstore import MonthFigures, months_between
from speechwatch.reports.queries import report_rules, report_template
from tests.reports_db.records import actor, import_records, incident

WHO = Who(label="test")


def kept() -> dict[tuple[str, int, str, str], int]:
    return {
        (m, c, f, v): n
        for m, c, f, v, n in MonthTally.objects.exclude(category_id=VERSION).values_list(
            "month", "category_id", "facet", "value", "n"
        )
    }


def assert_kept_equals_recount() -> None:
    before = kept()
    rebuild_month_tallies()
    assert before == kept()


def data(**over: object) -> IncidentInput:
    d = IncidentInput(
        recorded_on=date(2024, 4, 3),
        title={"en": "Journalist obstructed"},
        region="almaty",
        categories=["R.obstruction", "L.administrative.false_info"],
        victims=["a1"],
        perpetrators=["p1"],
        legal_refs=["ст. 456-2 КоАП РК"],
        sources=[SourceInput(kind="url", url="https://example.org/a")],
    )
    for key, value in over.items():
        setattr(d, key, value)
    return d


def publish(item: Incident) -> Incident:
    for target in ("under_review", "verified", "published"):
        item = change_status(item, target, who=WHO)
    return item


@pytest.mark.usefixtures("installed")
def test_kept_tallies_follow_every_write(tmp_path: Path) -> None:
    assert is_built()  # a database without incidents starts with tallies that stand
    create_actor(name="A", kind="organisation", type="media_outlet", external_id="a1", who=WHO)
    create_actor(name="P", kind="organisation", type="state_body", external_id="p1", who=WHO)
    first = create_incident(data(), who=WHO)
    assert kept() == {}  # a draft counts nowhere
    first = publish(first)
    assert kept()[("2024-04", 0, "", "")] == 1
    assert_kept_equals_recount()
    second = publish(create_incident(data(categories=["R.obstruction"], victims=[]), who=WHO))
    assert_kept_equals_recount()
    # An edit moving the incident to May with other categories, region and references.
    first = update_incident(
        first,
        data(recorded_on=date(2024, 5, 2), categories=["R.threat"], region="", legal_refs=[]),
        who=WHO,
    )
    assert kept()[("2024-05", 0, "", "")] == 1
    assert_kept_equals_recount()
    change_status(second, "verified", who=WHO)  # unpublished: leaves the tallies
    assert not [key for key in kept() if key[0] == "2024-04"]  # emptied rows are dropped
    assert_kept_equals_recount()
    # An actor's type is counted in its incidents: reconciled before a report reads them.
    update_actor(Actor.objects.get(external_id="a1"), who=WHO, type="journalist")
    assert reconcile_actors() == ["2024-05"]
    assert_kept_equals_recount()
    assert reconcile_actors() == []
    delete_incident(first, who=WHO)
    assert kept() == {}
    import_records(
        tmp_path / "import",
        [
            actor("act-1", "journalist"),
            incident("imp-1", victims=["act-1"], legal_refs=["PC 274"]),
            incident("imp-2", categories=["R.threat", "I.refusal"], region="astana"),
        ],
    )
    assert kept()[("2024-04", 0, "", "")] == 2
    assert_kept_equals_recount()


def versions() -> dict[str, int]:
    return dict(MonthTally.objects.filter(category_id=VERSION).values_list("month", "n"))


@pytest.mark.usefixtures("installed")
def test_an_import_recounts_only_the_months_it_writes_to(tmp_path: Path) -> None:
    import_records(
        tmp_path / "first",
        [
            actor("act-1", "journalist"),
            incident("imp-1", victims=["act-1"]),
            incident("imp-2", recorded_on="2024-06-03", region="astana"),
            incident("imp-3", recorded_on="2024-07-01"),
        ],
    )
    assert_kept_equals_recount()
    before = versions()
    # imp-1 moves from April to May, imp-2 stays as it was, a new incident joins June.
    import_records(
        tmp_path / "second",
        [
            incident("imp-1", recorded_on="2024-05-20", victims=["act-1"]),
            incident("imp-2", recorded_on="2024-06-03", region="astana"),
            incident("imp-4", recorded_on="2024-06-15", categories=["I.refusal"]),
        ],
    )
    after = versions()
    assert after.get("2024-07") == before.get("2024-07")  # not written to: not recounted
    for month in ("2024-04", "2024-05", "2024-06"):
        assert after[month] > before.get(month, 0)
    assert kept()[("2024-06", 0, "", "")] == 2
    assert reconcile_actors() == []  # no actor changed: nothing left to reconcile
    assert_kept_equals_recount()
    # An actor whose type the import changes is reconciled in every month it is counted in.
    import_records(tmp_path / "third", [actor("act-1", "blogger")])
    assert reconcile_actors() == ["2024-05"]
    assert_kept_equals_recount()


def entries(store: MonthFigures, how: str, months, spec):  # type: ignore[no-untyped-def]
    wanted = [(store.counts_key, m) for m in months] + [("spec", months[-1])]
    return getattr(store, how)(wanted, spec)


@pytest.mark.parametrize("month", [(2024, 4), (2024, 3), (2024, 5)])
def test_figures_from_tallies_equal_figures_from_rows(demo, month) -> None:  # type: ignore[no-untyped-def]
    # A report on a case followed since January: ongoing, so left out of L.
    reports = Incident.objects.filter(
        status="published",
        recorded_on__gte=date(*month, 1),
        recorded_on__lte=date(*month, 28),
        category_links__category__code__startswith="L",
    )
    case = create_case(kind="criminal", title={"en": "Followed"}, who=WHO)
    add_stage(case, stage="investigation", on=date(2024, 1, 5), who=WHO)
    link_incident(case, reports.first(), who=WHO)
    taxonomy, pairs = load_taxonomy()
    rules, template = report_rules(), report_template()
    spec = template.block_specs()
    store = MonthFigures(taxonomy, pairs, rules, use_cache=False)
    months = months_between(add_months(*month, -14), month)
    from_tallies = entries(store, "_from_tallies", months, spec)
    from_rows = entries(store, "_from_incidents", months, spec)
    assert from_tallies == from_rows
    assert from_rows[("spec", month)].figures.ongoing == {"L": 1}
    # Rules the tallies cannot count go to the rows for the report month.
    store.rules = replace(rules, month_by="occurred_on")

    def outcome(how: str) -> object:
        try:
            return entries(store, how, months, spec)
        except CountingError as error:  # the demo has incidents without occurred_on
            return str(error)

    assert outcome("_from_tallies") == outcome("_from_incidents")


@pytest.mark.usefixtures("installed")
def test_command_rebuilds_and_names_a_bad_month() -> None:
    out = io.StringIO()
    call_command("month_tallies", "--rebuild", "--month", "2024-04", stdout=out)
    assert "built\tyes" in out.getvalue()
    with pytest.raises(CommandError, match="--month: '2024-13': expected YYYY-MM"):
        call_command("month_tallies", "--rebuild", "--month", "2024-13")
