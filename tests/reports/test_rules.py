"""Counting rules are data: the default file loads, broken files are rejected with the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from speechwatch.reports.rules import RulesError, default_rules, load_rules, parse_rules


def test_default_rules() -> None:
    rules = default_rules()
    assert rules.organisation == "adilsoz"
    assert rules.month_by == "recorded_on"
    assert rules.new_cases_only == frozenset({"L"})
    assert set(rules.groups["victim_group"].values["state_sector"]) == {
        "official",
        "state_body",
        "court",
        "law_enforcement",
    }
    assert rules.groups["victim_group"].groups_of("court") == ["state_sector"]


MINIMAL = "organisation: x\nversion: 1\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a list", "expected a mapping at the top level"),
        ("version: 1\n", "organisation: required"),
        ("organisation: x\nversion: 0\n", "version: required, a positive integer"),
        (MINIMAL + "month_by: happened\n", "month_by: 'happened' is not one of"),
        (MINIMAL + "new_cases_only: L\n", "new_cases_only: expected a list"),
        (MINIMAL + "new_cases_only: [L, L]\n", "new_cases_only: lists a value twice"),
        (MINIMAL + "facets: [colour]\n", "facets[0]: 'colour' is neither a base facet"),
        (MINIMAL + "colour: red\n", "colour: unknown field"),
        (MINIMAL + "groups: {g: {from: shoe, values: {a: [b]}}}\n", "groups.g.from: 'shoe'"),
        (
            MINIMAL + "groups: {region: {from: region, values: {a: [b]}}}\n",
            "groups.region: a group",
        ),
        (MINIMAL + "ratio_rounding: up\n", "ratio_rounding: 'up'"),
        ("organisation: [\n", "<rules>:2: not valid YAML"),
    ],
)
def test_bad_rules_name_the_field(text: str, message: str) -> None:
    with pytest.raises(RulesError, match=r"^<rules>") as info:
        parse_rules(text)
    assert message in str(info.value)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("organisation: x\nversion: 1\nmonth_by: never\n", encoding="utf-8")
    with pytest.raises(RulesError, match=f"^{path}: month_by"):
        load_rules(path)
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "missing.yaml")
