"""The shipped population table is consistent with the country total of the same release."""

from __future__ import annotations

from typing import Any

import yaml

from speechwatch.reference.population import DATA, population

ROUNDING = 20  # people per unit at most, should a table ever come rounded


def _raw() -> dict[str, Any]:
    raw = yaml.safe_load((DATA / "kz-population.yaml").read_text(encoding="utf-8"))
    assert isinstance(raw, dict)
    return raw


def test_the_figures_stay_below_the_country_total_and_every_unit_is_listed() -> None:
    raw = _raw()
    assert isinstance(raw["country_total"], int)
    assert sum(population().figures.values()) < raw["country_total"]
    # Units without a figure are listed as null, so completing the table is a visible edit.
    assert len(raw["figures"]) == 20


def test_a_complete_table_sums_to_the_country_total() -> None:
    raw = _raw()
    figures = population().figures
    if len(figures) < len(raw["figures"]):
        return  # incomplete: those units show no rate (docs/reference-data.md)
    assert abs(sum(figures.values()) - raw["country_total"]) <= ROUNDING * len(figures)
