"""Counting rules as data: one YAML file per organisation (speechwatch/reports/data/).

The rules say which date assigns an incident to a month, which blocks count only new cases, which
facets items are broken down by, and how raw facet values group ("state sector"). Code never
hard-wires these; a file that breaks them is rejected with the file and field named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

__all__ = [
    "BASE_FACETS",
    "DEFAULT_RULES_PATH",
    "CountingRules",
    "FacetGroup",
    "RulesError",
    "default_rules",
    "load_rules",
    "parse_rules",
]

DEFAULT_RULES_PATH = Path(__file__).parent / "data" / "counting-rules.yaml"

# Facets read straight off an IncidentRow; groups derive further facets from these.
BASE_FACETS = ("victim_type", "perpetrator_type", "region", "legal_ref")
MonthBy = Literal["recorded_on", "occurred_on"]
Rounding = Literal["down", "half_up"]


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class FacetGroup:
    """A derived facet: ``values`` maps a group name to the raw values of ``source`` it covers."""

    name: str
    source: str
    values: Mapping[str, tuple[str, ...]]

    def groups_of(self, raw: str) -> list[str]:
        return [group for group, members in self.values.items() if raw in members]


@dataclass(frozen=True)
class CountingRules:
    organisation: str
    version: int
    month_by: MonthBy = "recorded_on"
    new_cases_only: frozenset[str] = frozenset()
    facets: tuple[str, ...] = BASE_FACETS
    groups: Mapping[str, FacetGroup] = field(default_factory=dict)
    ratio_rounding: Rounding = "down"


def load_rules(path: Path | str) -> CountingRules:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read: {exc.strerror}") from exc
    return parse_rules(text, source=str(path))


def default_rules() -> CountingRules:
    return load_rules(DEFAULT_RULES_PATH)


def parse_rules(text: str, source: str = "<rules>") -> CountingRules:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise RulesError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise RulesError(f"{source}: expected a mapping at the top level")

    def fail(key: str, message: str) -> RulesError:
        return RulesError(f"{source}: {key}: {message}")

    known = {
        "organisation",
        "version",
        "month_by",
        "new_cases_only",
        "facets",
        "groups",
        "ratio_rounding",
    }
    for key in doc:
        if key not in known:
            raise fail(str(key), f"unknown field (expected one of {', '.join(sorted(known))})")

    organisation = doc.get("organisation")
    if not isinstance(organisation, str) or not organisation:
        raise fail("organisation", "required, a non-empty string")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail("version", "required, a positive integer")
    month_by = doc.get("month_by", "recorded_on")
    if month_by not in ("recorded_on", "occurred_on"):
        raise fail("month_by", f"{month_by!r} is not one of recorded_on, occurred_on")
    rounding = doc.get("ratio_rounding", "down")
    if rounding not in ("down", "half_up"):
        raise fail("ratio_rounding", f"{rounding!r} is not one of down, half_up")

    new_cases_only = _string_list(doc.get("new_cases_only", []), "new_cases_only", fail)
    groups = _parse_groups(doc.get("groups", {}), fail)
    facets = _string_list(doc.get("facets", list(BASE_FACETS)), "facets", fail)
    for i, facet in enumerate(facets):
        if facet not in BASE_FACETS and facet not in groups:
            raise fail(
                f"facets[{i}]",
                f"{facet!r} is neither a base facet ({', '.join(BASE_FACETS)}) nor a group",
            )
    return CountingRules(
        organisation=organisation,
        version=version,
        month_by=month_by,
        new_cases_only=frozenset(new_cases_only),
        facets=tuple(facets),
        groups=groups,
        ratio_rounding=rounding,
    )


def _string_list(value: Any, key: str, fail: Any) -> list[str]:
    if not isinstance(value, list):
        raise fail(key, "expected a list of strings")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item:
            raise fail(f"{key}[{i}]", "expected a non-empty string")
    if len(set(value)) != len(value):
        raise fail(key, "lists a value twice")
    return list(value)


def _parse_groups(value: Any, fail: Any) -> dict[str, FacetGroup]:
    if not isinstance(value, dict):
        raise fail("groups", "expected a mapping of group facet name to its definition")
    groups: dict[str, FacetGroup] = {}
    for name, spec in value.items():
        key = f"groups.{name}"
        if name in BASE_FACETS:
            raise fail(key, "a group cannot reuse the name of a base facet")
        if not isinstance(spec, dict) or set(spec) != {"from", "values"}:
            raise fail(key, "expected exactly the fields 'from' and 'values'")
        source = spec["from"]
        if source not in BASE_FACETS:
            raise fail(f"{key}.from", f"{source!r} is not a base facet ({', '.join(BASE_FACETS)})")
        if not isinstance(spec["values"], dict) or not spec["values"]:
            raise fail(f"{key}.values", "expected a non-empty mapping of group to raw values")
        values = {
            str(group): tuple(_string_list(raw, f"{key}.values.{group}", fail))
            for group, raw in spec["values"].items()
        }
        groups[str(name)] = FacetGroup(name=str(name), source=source, values=values)
    return groups
