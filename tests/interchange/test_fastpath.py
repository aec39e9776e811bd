"""The incident fast path returns exactly what the general validator returns, or declines."""

from __future__ import annotations

import copy
from dataclasses import asdict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speechwatch.interchange.fastpath import fast_incident
from speechwatch.interchange.validate import validate_record
from tests.interchange.records import incident
from tests.interchange.test_validate import R

GOOD = incident(
    summary={"en": "S", "kk": ""},
    settlement="Almaty",
    primary_category="R.threat",
    perpetrators=["actor-2"],
    legal_refs=["ст. 274 УК РК", "AdmC 456-2"],
    sources=[
        {"kind": "url", "url": "https://e.kz/1", "published_on": " 2024-04-01 "},
        {
            "kind": "correspondent",
            "outlet": "O",
            "title": "T",
            "published_on": "",
            "confidential": True,
            "correspondent": "C",
        },
    ],
    status_changed_at="2024-04-06T10:00:00+05:00",
    tags=["z", "a", "z"],
    is_demo=True,
    internal_notes="n",
)

# Values each field may take: valid ones and every kind of invalid one.
VALUES: dict[str, list[Any]] = {
    "schema_version": [1, "1", 2, True, 1.0],
    "type": ["incident", "actor", None],
    "external_id": ["x", "", "x" * 121, "a\x00", 5],
    "recorded_on": ["2024-04-10", " 2024-04-10", "2024-4-10", "10.04.2024", "2024-02-30", "", 3],
    "occurred_on": ["", "2024-04", "06.04.2024", "04.2024", "2024-13", "2024-04-06", None],
    "title": [{}, {"en": "T"}, {"de": "x"}, {"en": 1}, {"ru": "a\x00"}, "T", {"en": ""}],
    "summary": [{}, {"kk": "K", "ru": "R"}, []],
    "region": ["", "almaty", "Алматы", "zhetisu", "Almaty obl", 1, "a\x00"],
    "settlement": ["", "S", "s" * 201, None],
    "taxonomy": ["", "adilsoz-2024", "nope", 1],
    "categories": [
        [],
        ["R.threat"],
        ["R.obstruction", "R.threat"],
        ["R.threat", "R.threat"],
        ["R.obstrution"],
        [""],
        "R.threat",
        [1],
    ],
    "primary_category": ["", "R.threat", "I.refusal", 1],
    "victims": [[], ["a"], ["a", "b"], ["a", "a"], [""], ["a\x00"], None],
    "perpetrators": [[], ["b"], ["b", "b"]],
    "legal_refs": [[], ["PC 274"], ["PC 274", "ст. 274 УК РК"], ["nonsense"], [""], "PC 274"],
    "sources": [
        [],
        [{"kind": "url"}],
        [{"kind": "web"}],
        [{"url": "x"}],
        [{"kind": "url", "published_on": "2024-04"}],
        [{"kind": "url", "confidential": "yes"}],
        [{"kind": "url", "colour": "red"}],
        [{"kind": "url", "url": "u" * 1001}],
        ["x"],
        {},
    ],
    "status": ["draft", "published", "rejected", "gone", 1],
    "status_changed_at": ["", "2024-04-06T10:00:00+05:00", "2024-04-06T10:00", "x", None],
    "tags": [[], ["b", "a"], ["t" * 81], [""], "a|b"],
    "is_demo": [False, True, "true", 0],
    "internal_notes": ["", "n", None],
    "colour": ["red"],
}


def _same_as_general(data: Any, *, expect_fast: bool | None = None) -> None:
    original = copy.deepcopy(data)
    quick = fast_incident(data, R)
    assert data == original  # the input is not changed
    general, errors = validate_record(copy.deepcopy(data), R, fast=False)
    if quick is None:
        assert expect_fast is not True, errors
        return
    assert errors == []
    assert general is not None
    assert asdict(quick) == asdict(general)
    assert list(quick.record) == list(general.record)  # same key order, as export writes it
    if expect_fast is not None:
        assert expect_fast


def test_a_full_valid_incident_takes_the_fast_path():
    _same_as_general(GOOD, expect_fast=True)
    _same_as_general(incident(), expect_fast=True)
    _same_as_general(
        {"schema_version": 1, "type": "incident", "external_id": "x", "recorded_on": "2024-01-01"},
        expect_fast=True,
    )


@pytest.mark.parametrize(("name", "value"), [(k, v) for k, vs in VALUES.items() for v in vs])
def test_one_field_changed(name, value):
    _same_as_general({**GOOD, name: value})


def test_missing_required_fields_decline():
    for name in ("schema_version", "type", "external_id", "recorded_on"):
        data = dict(GOOD)
        del data[name]
        assert fast_incident(data, R) is None


def test_validate_record_uses_it_and_reports_errors_as_before():
    v, errors = validate_record(GOOD, R)
    assert errors == [] and v is not None and v.region_id == 10
    _, errors = validate_record({**GOOD, "recorded_on": "2024-13-01"}, R)
    assert errors == [("recorded_on", "not a date: '2024-13-01' (expected YYYY-MM-DD)")]
    _, errors = validate_record(GOOD, R, expected_type="actor")
    assert errors == [("type", "'incident' in a file of actor records")]


@settings(max_examples=400, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={name: st.sampled_from(values) for name, values in VALUES.items()},
    )
)
def test_random_records(changes):
    _same_as_general({**GOOD, **copy.deepcopy(changes)})
