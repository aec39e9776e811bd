"""Test data for the pure report modules: the 2024 taxonomy tree and rows like April 2024."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import count
from typing import Any

from speechwatch.reports.rows import CategoryInfo, IncidentRow, Taxonomy

_TREE = {
    "R": [
        "R.obstruction",
        "R.attack",
        "R.threat",
        "R.detention",
        "R.summons",
        "R.discrediting",
        "R.image_misuse",
        "R.insult",
        "R.copyright",
        "R.media_interference",
    ],
    "I": [
        "I.refusal",
        "I.accreditation",
        "I.discrimination",
        "I.court_transparency",
        "I.blocking",
        "I.closure",
        "I.cyber",
        "I.persecution",
    ],
    "L": ["L.criminal", "L.civil", "L.administrative"],
    "L.administrative": [
        "L.administrative.false_info",
        "L.administrative.defamation",
        "L.administrative.election",
    ],
}


def categories() -> list[CategoryInfo]:
    result: list[CategoryInfo] = []
    position = count()
    for block in ("R", "I", "L"):
        result.append(CategoryInfo(block, None, block, {"en": f"block {block}"}, 0, next(position)))
        for code in _TREE[block]:
            result.append(CategoryInfo(code, block, block, {"en": code}, 1, next(position)))
            for sub in _TREE.get(code, []):
                result.append(CategoryInfo(sub, code, block, {"en": sub}, 2, next(position)))
    return result


TAXONOMY = Taxonomy(categories())


class Rows:
    """Makes rows with fresh ids; ``add(n, ...)`` adds n alike incidents."""

    def __init__(self, day: date = date(2024, 4, 10)) -> None:
        self.day = day
        self.rows: list[IncidentRow] = []
        self._ids = count(1)

    def add(
        self,
        n: int,
        *categories: str,
        recorded_on: date | None = None,
        **fields: Any,
    ) -> list[IncidentRow]:
        made = [
            IncidentRow(
                id=next(self._ids),
                recorded_on=recorded_on or self.day,
                categories=tuple(categories),
                **fields,
            )
            for _ in range(n)
        ]
        self.rows.extend(made)
        return made

    def __iter__(self) -> Iterator[IncidentRow]:
        return iter(self.rows)


def april_2024() -> list[IncidentRow]:
    """Rows whose April 2024 figures are the published ones: R 20 (2 obstruction, 8 discrediting
    of which 7 with state-sector victims), I 12 (5 refusals, 3 cyber), L 20 (3 criminal, 9 civil,
    8 administrative: 2 false information, 3 defamation), plus reports on ongoing cases and a
    March incident that must not count."""
    rows = Rows()
    rows.add(2, "R.obstruction", victim_types=("journalist",))
    rows.add(7, "R.discrediting", victim_types=("official",), perpetrator_types=("unknown",))
    rows.add(1, "R.discrediting", victim_types=("journalist",))
    rows.add(4, "R.threat")
    rows.add(3, "R.insult")
    rows.add(3, "R.summons")
    rows.add(5, "I.refusal", perpetrator_types=("state_body",))
    rows.add(3, "I.cyber")
    rows.add(2, "I.accreditation")
    rows.add(2, "I.blocking")
    rows.add(3, "L.criminal", legal_refs=("PC 274",))
    rows.add(9, "L.civil", legal_refs=("CC 143",))
    rows.add(2, "L.administrative.false_info", legal_refs=("CAO 456-2",))
    rows.add(3, "L.administrative.defamation", legal_refs=("CAO 73-3",))
    rows.add(3, "L.administrative")
    rows.add(2, "L.criminal", is_new_case=False)  # ongoing: listed apart, not counted
    rows.add(1, "R.threat", recorded_on=date(2024, 3, 31))  # recorded in March
    return rows.rows
