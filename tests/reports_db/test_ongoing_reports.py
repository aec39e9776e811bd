"""Reports on ongoing cases: found by date and by id (cases/ongoing.py); kept apart in the month
tallies by every write that changes them (case stages and links, the status of a case's other
reports, imports of cases); what they take out of the new-cases-only blocks equals what the
counting engine leaves out of the months' rows, in the report month (every facet) and in the
months of comparisons and charts (counts and references only). Featured cases read as plain
values equal the cases as the models give them. Data made through the actions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from speechwatch.actors.actions import create_actor
from speechwatch.audit.record import Who
from speechwatch.cases.actions import add_stage, create_case, link_incident
from speechwatch.cases.models import Case
from speechwatch.cases.ongoing import case_mates, ongoing_among, ongoing_between
from speechwatch.incidents.actions import IncidentInput, SourceInput, change_status, create_incident
from speechwatch.incidents.models import Incident, MonthTally
from speechwatch.incidents.monthtally import ONGOING
from speechwatch.reports.loadrows import load_taxonomy
from speechwatch.reports.loadtexts import cases_of
from speechwatch.reports.monthstore import MonthFigures, months_between
from speechwatch.reports.queries import report_rules, report_template
from tests.interchange.records import case as case_record
from tests.reports_db.records import import_records
from tests.reports_db.test_month_tallies import assert_kept_equals_recount

WHO = Who(label="test")
REPORT = (2024, 6)


def _incident(ext: str, day: date, categories: list[str], status: str = "published", **over: Any):  # type: ignore[no-untyped-def]
    values: dict[str, Any] = {
        "recorded_on": day,
        "occurred_on": day,
        "title": {"en": f"Incident {ext}", "ru": f"Случай {ext}"},
        "region": "almaty",
        "categories": categories,
        "sources": [SourceInput(kind="url", url="https://example.org/a")],
        "external_id": ext,
        **over,
    }
    item = create_incident(IncidentInput(**values), who=WHO)
    for target in ("under_review", "verified", "published"):
        if item.status == status:
            break
        item = change_status(item, "rejected" if status == "rejected" else target, who=WHO)
    return item


@pytest.fixture
def followed(installed) -> dict[str, Incident]:  # type: ignore[no-untyped-def]
    """Three cases followed over January–June 2024, reported on with several codes, references
    and actors; some reports ongoing in earlier months, some in the report month."""
    create_actor(name="J", kind="person", type="journalist", external_id="j1", who=WHO)
    create_actor(name="B", kind="person", type="blogger", external_id="b1", who=WHO)
    create_actor(name="S", kind="organisation", type="state_body", external_id="s1", who=WHO)
    refs = ["ст. 274 УК РК", "ст. 456-2 КоАП РК"]
    made = {
        "a-feb": _incident("a-feb", date(2024, 2, 7), ["L.criminal", "R.threat"], legal_refs=refs),
        "a-apr": _incident("a-apr", date(2024, 4, 2), ["L.civil"], victims=["j1", "b1"]),
        "a-jun": _incident(
            "a-jun",
            date(2024, 6, 11),
            ["L.administrative.false_info", "L.civil", "I.refusal"],
            victims=["j1"],
            perpetrators=["s1"],
            legal_refs=refs[1:],
        ),
        # New reports beside ongoing ones: what the ongoing ones take out must leave theirs.
        "feb-new": _incident("feb-new", date(2024, 2, 20), ["L.criminal"], legal_refs=refs),
        "jun-new": _incident(
            "jun-new", date(2024, 6, 9), ["L.civil"], victims=["j1"], legal_refs=refs[1:]
        ),
        "b-rej": _incident("b-rej", date(2024, 1, 9), ["L.civil"], status="rejected"),
        "b-mar": _incident("b-mar", date(2024, 3, 4), ["L.criminal"], legal_refs=refs[:1]),
        "b-may": _incident("b-may", date(2024, 5, 20), ["L.criminal", "L.civil"], victims=["b1"]),
        "b-jun": _incident("b-jun", date(2024, 6, 3), ["R.obstruction", "L.criminal"]),
        "c-jun": _incident("c-jun", date(2024, 6, 25), ["L.civil"], perpetrators=["s1"]),
        "other": _incident("other", date(2024, 6, 5), ["L.criminal"], legal_refs=refs[:1]),
    }
    a = create_case(
        kind="criminal", title={"en": "A"}, external_id="case-a", published=True, who=WHO
    )
    add_stage(a, stage="investigation", on=date(2023, 12, 10), who=WHO)  # followed before 2024
    b = create_case(kind="civil", title={"en": "B"}, external_id="case-b", published=True, who=WHO)
    c = create_case(kind="civil", title={"en": "C"}, external_id="case-c", published=True, who=WHO)
    add_stage(c, stage="first_instance", on=date(2024, 6, 1), who=WHO)  # new in the report month
    for case, exts in ((a, ["a-feb", "a-apr", "a-jun", "b-may"]), (b, ["b-rej", "b-mar"])):
        for ext in exts:
            link_incident(Case.objects.get(pk=case.pk), made[ext], who=WHO)
    for ext in ("b-may", "b-jun"):  # b-may reports on two cases
        link_incident(Case.objects.get(pk=b.pk), made[ext], who=WHO)
    link_incident(Case.objects.get(pk=c.pk), made["c-jun"], who=WHO)
    return made


def test_reports_on_ongoing_cases_are_found_by_date_and_by_id(followed) -> None:  # type: ignore[no-untyped-def]
    ids = {ext: item.id for ext, item in followed.items()}
    found = ongoing_between(date(2024, 1, 1), date(2024, 6, 30))
    # a-feb: A had a stage in December; b-rej (rejected) does not make B followed in March.
    ongoing = ("a-feb", "a-apr", "a-jun", "b-may", "b-jun")
    assert found == {ids[e]: followed[e].recorded_on for e in ongoing}
    assert ongoing_among(ids.values()) == set(found)
    assert ongoing_between(date(2023, 1, 1), date(2023, 12, 31)) == {}
    assert case_mates([ids["c-jun"]]) == {ids["c-jun"]}
    assert case_mates([ids["other"]]) == set()
    assert case_mates([ids["b-jun"]]) == {ids[e] for e in ("b-rej", "b-mar", "b-may", "b-jun")}


def kept_ongoing() -> set[int]:
    rows = MonthTally.objects.filter(facet=ONGOING + "id").values_list("value", flat=True)
    return {int(value) for value in rows}


def test_kept_tallies_follow_the_writes_that_make_a_case_ongoing(followed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ids = {ext: item.id for ext, item in followed.items()}
    assert kept_ongoing() == set(ongoing_between(date(2000, 1, 1), date(2099, 12, 31)))
    assert_kept_equals_recount()
    # A stage before June: C was followed before, so its June report is on an ongoing case.
    add_stage(Case.objects.get(external_id="case-c"), stage="appeal", on=date(2024, 5, 2), who=WHO)
    assert ids["c-jun"] in kept_ongoing()
    assert_kept_equals_recount()
    # An earlier report linked to a case makes its June report ongoing; unpublished it still
    # does, rejected it no longer does.
    d = create_case(kind="civil", title={"en": "D"}, external_id="case-d", published=True, who=WHO)
    link_incident(d, followed["other"], who=WHO)
    assert ids["other"] not in kept_ongoing()
    early = _incident("d-jan", date(2024, 1, 20), ["L.civil"])
    link_incident(Case.objects.get(pk=d.pk), early, who=WHO)
    assert ids["other"] in kept_ongoing()
    early = change_status(early, "verified", who=WHO)
    assert ids["other"] in kept_ongoing()
    change_status(early, "rejected", who=WHO)
    assert ids["other"] not in kept_ongoing()
    assert_kept_equals_recount()
    # An import leaving B with its June report only: that report is new again.
    b = case_record("case-b", incidents=["b-jun"], stages=[], defendants=[], opened_on="2024-06-01")
    import_records(tmp_path / "cases", [b])
    assert ids["b-jun"] not in kept_ongoing()
    assert ids["b-may"] in kept_ongoing()  # still on A
    assert_kept_equals_recount()


def test_tally_figures_with_ongoing_reports_equal_row_figures(followed) -> None:  # type: ignore[no-untyped-def]
    taxonomy, pairs = load_taxonomy()
    rules, template = report_rules(), report_template()
    spec = template.block_specs()
    store = MonthFigures(taxonomy, pairs, rules, use_cache=False)
    assert store.tallied()
    months = months_between((2023, 7), REPORT)
    wanted = [(store.counts_key, m) for m in months] + [("spec", REPORT)]
    from_tallies = store._from_tallies(wanted, spec)
    from_rows = store._from_incidents(wanted, spec)
    assert from_tallies == from_rows
    counts = {m: from_rows[(store.counts_key, m)].figures for m in months}
    assert [counts[(2024, m)].ongoing.get("L", 0) for m in range(1, 7)] == [0, 1, 0, 1, 1, 2]
    assert from_rows[("spec", REPORT)].figures.ongoing == {"L": 2}


def test_featured_cases_equal_the_cases_as_models_give_them(followed) -> None:  # type: ignore[no-untyped-def]
    add_stage(Case.objects.get(external_id="case-a"), stage="appeal", on=date(2024, 6, 2), who=WHO)
    found, default = cases_of(date(2024, 6, 1), date(2024, 6, 30), ["case-b", "missing"])
    assert default == ["case-a", "case-c"]  # a stage in June, in id order
    assert [c.external_id for c in found] == ["case-a", "case-c", "case-b"]
    for data in found:
        case = Case.objects.get(external_id=data.external_id)
        assert (data.kind, data.title, data.summary, data.opened_on) == (
            case.kind,
            case.texts("title"),
            case.texts("summary"),
            case.opened_on,
        )
        stages = sorted(case.stages.all(), key=lambda s: (s.date, s.id))
        assert [(s.date, s.stage, s.outcome, s.body, s.note) for s in data.stages] == [
            (s.date, s.stage, s.outcome, s.body, s.texts("note")) for s in stages
        ]
        shown = case.incidents.filter(status="published").order_by("recorded_on", "id")
        assert [(i.external_id, i.recorded_on, i.title) for i in data.incidents] == [
            (i.external_id, i.recorded_on, i.texts("title")) for i in shown
        ]
    assert [i.external_id for i in found[2].incidents] == ["b-mar", "b-may", "b-jun"]


def test_linking_a_case_marks_the_incident(followed) -> None:  # type: ignore[no-untyped-def]
    """link_incident sets Incident.case_linked, which the search for ongoing reports reads."""
    linked = {ext for ext, item in followed.items() if Incident.objects.get(pk=item.pk).case_linked}
    assert linked == {"a-feb", "a-apr", "a-jun", "b-may", "b-rej", "b-mar", "b-jun", "c-jun"}
