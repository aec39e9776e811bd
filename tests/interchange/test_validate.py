"""Pure record validation (no database): canonical forms and messages, table-driven."""

from __future__ import annotations

import pytest

from speechwatch.interchange.validate import validate_record
from tests.interchange.records import actor, case, event, incident, legislation


class FakeResolver:
    default_taxonomy = "adilsoz-2024"
    categories = {"R.obstruction": 1, "R.threat": 2, "I.refusal": 3}
    regions = {"almaty": 10, "Алматы": 10, "zhetisu": 11}

    def has_taxonomy(self, code: str) -> bool:
        return code == "adilsoz-2024"

    def category_id(self, taxonomy: str, code: str) -> int | None:
        return self.categories.get(code)

    def suggest_category(self, taxonomy: str, code: str) -> str | None:
        return "R.obstruction" if code.startswith("R.ob") else None

    def region(self, text: str) -> tuple[str, int] | None:
        rid = self.regions.get(text)
        return ({10: "almaty", 11: "zhetisu"}[rid], rid) if rid else None

    def suggest_region(self, text: str) -> list[str]:
        return ["almaty"] if "lmat" in text else []


R = FakeResolver()


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            incident(recorded_on="2024-02-30"),
            [("recorded_on", "not a date: '2024-02-30' (expected YYYY-MM-DD)")],
        ),
        (incident(title={"de": "x"}), [("title", "unknown language 'de' (expected en, ru, kk)")]),
        (
            incident(categories=[]),
            [("categories", "at least one category is required unless status is draft")],
        ),
        (
            incident(categories=["R.threat", "R.threat"]),
            [("categories", "category 'R.threat' given twice")],
        ),
        (
            incident(primary_category="I.refusal"),
            [("primary_category", "'I.refusal' is not one of the categories")],
        ),
        (incident(taxonomy="nope"), [("taxonomy", "unknown taxonomy 'nope'")]),
        (
            incident(region="Almaty obl"),
            [("region", "unknown region 'Almaty obl' (did you mean almaty?)")],
        ),
        (incident(victims=["a", "a"]), [("victims", "actor 'a' given twice")]),
        (
            incident(sources=[{"url": "https://e.kz/x"}]),
            [("sources[0].kind", "required field is missing")],
        ),
        (
            incident(sources=[{"kind": "url", "confidential": "yes"}]),
            [("sources[0].confidential", "expected true or false, got 'yes'")],
        ),
        (
            incident(status_changed_at="2024-04-06T10:00"),
            [("status_changed_at", "datetime '2024-04-06T10:00' has no UTC offset (e.g. +05:00)")],
        ),
        (incident(tags="a|b"), [("tags", "expected a list of strings, got a string")]),
        (incident(colour="red"), [("colour", "unknown field")]),
        (actor(name="  "), [("name", "must not be empty")]),
        (actor(external_id="x" * 121), [("external_id", "longer than 120 characters")]),
        (
            case(stages=[{"stage": "appeal", "date": "2024-01-01", "claim_amount": "5"}]),
            [("stages[0].claim_amount", "expected a whole number or null, got '5'")],
        ),
        (
            case(
                defendants=[
                    {"actor": "a", "status": "charged"},
                    {"actor": "a", "status": "released"},
                ]
            ),
            [("defendants", "actor 'a' given twice")],
        ),
        (event(date=""), [("date", "not a date: '' (expected YYYY-MM-DD)")]),
        (
            legislation(stages=[{"stage": "senate"}]),
            [("stages[0].date", "required field is missing")],
        ),
        (
            {"type": "report"},
            [
                (
                    "type",
                    "unknown record type 'report' "
                    "(expected one of actor, incident, case, event, legislation)",
                )
            ],
        ),
        ([1, 2], [("", "expected a JSON object, got a list")]),
    ],
)
def test_errors(record, expected):
    _, errors = validate_record(record, R)
    assert errors == expected


def test_schema_version_is_reported_alone():
    _, errors = validate_record(incident(schema_version="1", recorded_on="bad"), R)
    assert errors == [("schema_version", "unsupported schema_version '1' (expected 1)")]


def test_type_must_match_the_file():
    _, errors = validate_record(actor(), R, expected_type="incident")
    assert errors == [("type", "'actor' in a file of incident records")]


def test_canonical_form():
    v, errors = validate_record(
        incident(
            region="Алматы",
            occurred_on="06.04.2024",
            legal_refs=["ст. 274 УК РК", "AdmC 456-2"],
            tags=["z", "a", "z"],
            title={"en": "T", "ru": ""},
            status_changed_at="2024-04-06T10:00:00+05:00",
            taxonomy="",
        ),
        R,
    )
    assert errors == []
    assert v is not None
    rec = v.record
    assert rec["region"] == "almaty" and v.region_id == 10
    assert rec["occurred_on"] == "2024-04-06"
    assert rec["legal_refs"] == ["PC 274", "AdmC 456-2"]
    assert v.legal_refs == [("PC", "274", ""), ("AdmC", "456-2", "")]
    assert rec["tags"] == ["a", "z"]
    assert rec["title"] == {"en": "T"}
    assert rec["status_changed_at"] == "2024-04-06T05:00:00+00:00"
    assert rec["taxonomy"] == "adilsoz-2024"
    assert rec["primary_category"] == "R.obstruction"
    assert v.category_ids == [1, 2]
    assert rec["internal_notes"] == "" and rec["is_demo"] is False


def test_stages_are_sorted_by_date():
    v, errors = validate_record(
        legislation(
            stages=[
                {"stage": "signed", "date": "2024-06-19"},
                {"stage": "senate", "date": "2024-05-01"},
            ]
        ),
        R,
    )
    assert errors == [] and v is not None
    assert [s["stage"] for s in v.record["stages"]] == ["senate", "signed"]
