"""The shipped kz-regions.yaml and the loader's validation."""

from datetime import date

import pytest

from speechwatch.lib.regions import RegionMatcher, RegionSpec, load_region_set, parse_region_set

REGIONS = {
    "abai", "akmola", "aktobe", "almaty_region", "atyrau", "east_kazakhstan", "zhambyl",
    "zhetisu", "karaganda", "kostanay", "kyzylorda", "mangystau", "north_kazakhstan",
    "pavlodar", "turkistan", "ulytau", "west_kazakhstan",
}  # fmt: skip
CITIES = {"astana", "almaty", "shymkent"}
SPECIAL = {"abroad", "online", "unknown"}


@pytest.fixture(scope="module")
def specs() -> list[RegionSpec]:
    return load_region_set("kz")


def test_codes_and_kinds(specs: list[RegionSpec]) -> None:
    by_kind: dict[str, set[str]] = {}
    for s in specs:
        by_kind.setdefault(s.kind, set()).add(s.code)
    assert by_kind == {"region": REGIONS, "city": CITIES, "special": SPECIAL}
    assert len(REGIONS) == 17


def test_labels_in_three_languages(specs: list[RegionSpec]) -> None:
    for s in specs:
        assert set(s.labels) >= {"en", "ru", "kk"}
        assert all(s.labels.values())


@pytest.mark.parametrize(
    ("code", "valid_from", "valid_to"),
    [
        ("abai", date(2022, 6, 8), None),
        ("zhetisu", date(2022, 6, 8), None),
        ("ulytau", date(2022, 6, 8), None),
        ("shymkent", date(2018, 6, 19), None),
        ("almaty", None, None),
        ("turkistan", None, None),
    ],
)
def test_validity(specs: list[RegionSpec], code: str, valid_from: date, valid_to: date) -> None:
    spec = next(s for s in specs if s.code == code)
    assert (spec.valid_from, spec.valid_to) == (valid_from, valid_to)


@pytest.mark.parametrize(
    ("code", "day", "valid"),
    [
        ("abai", date(2022, 6, 7), False),
        ("abai", date(2022, 6, 8), True),
        ("zhetisu", date(2021, 1, 1), False),
        ("karaganda", date(2001, 1, 1), True),
    ],
)
def test_valid_on(specs: list[RegionSpec], code: str, day: date, valid: bool) -> None:
    assert next(s for s in specs if s.code == code).valid_on(day) is valid


def test_south_kazakhstan_is_a_dated_name_of_turkistan(specs: list[RegionSpec]) -> None:
    turkistan = next(s for s in specs if s.code == "turkistan")
    assert "South Kazakhstan" in turkistan.variants
    period = next(p for p in turkistan.name_periods if p.name == "South Kazakhstan")
    assert period.valid_to == date(2018, 6, 19)
    assert turkistan.notes


def test_no_name_is_claimed_by_two_codes(specs: list[RegionSpec]) -> None:
    assert RegionMatcher(specs).ambiguous_keys == set()


def test_every_label_and_variant_resolves_to_its_own_code(specs: list[RegionSpec]) -> None:
    matcher = RegionMatcher(specs)
    wrong = {
        (name, s.code, getattr(matcher.match(name), "code", None))
        for s in specs
        for name in (s.code, *s.names)
        if getattr(matcher.match(name), "code", None) != s.code
    }
    assert wrong == set()


def test_loader_caches_but_returns_fresh_lists() -> None:
    a, b = load_region_set(), load_region_set()
    assert a == b and a is not b
    a.clear()
    assert len(load_region_set()) == 23


@pytest.mark.parametrize("name", ["../settings", "KZ", "", "kz/../x"])
def test_loader_refuses_odd_names(name: str) -> None:
    with pytest.raises(ValueError):
        load_region_set(name)


def test_loader_missing_file() -> None:
    with pytest.raises(FileNotFoundError):
        load_region_set("nowhere")


GOOD = {"code": "x", "kind": "region", "labels": {"en": "X", "ru": "Х", "kk": "Х"}}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"not": "a list"}, "expected a list"),
        ([{**GOOD, "kind": "planet"}], "kind must be one of"),
        ([{**GOOD, "labels": {"en": "X"}}], "labels need"),
        ([{"code": "x", "kind": "region"}], "missing labels"),
        ([{**GOOD, "code": "Bad Code"}], "code must be"),
        ([GOOD, GOOD], "duplicate code 'x'"),
        ([{**GOOD, "valid_from": "2022-13-01"}], "not a date"),
        ([{**GOOD, "valid_from": "2022-01-02", "valid_to": "2022-01-01"}], "before"),
        ([{**GOOD, "variants": [{"valid_to": "2020-01-01"}]}], "has no name"),
        ([{**GOOD, "variants": [None]}], "is not a name"),
    ],
)
def test_validation_errors(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_region_set(raw, "test.yaml")


def test_specs_are_hashable() -> None:
    (spec,) = parse_region_set([{**GOOD, "variants": ["Ex", {"name": "Old X"}]}])
    assert {spec: 1}[spec] == 1
    assert spec.variants == ("Ex", "Old X")
    assert spec.label("kk") == "Х" and spec.label("de") == "X"
