"""The month tallies of many incidents counted by the database, for a rebuild
(incidents/monthtally.py): four GROUP BY queries instead of a profile per incident."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from django.db import connection

from speechwatch.actors.models import Actor
from speechwatch.incidents.models import (
    Incident,
    IncidentActor,
    IncidentCategory,
    LegalReference,
    Status,
)
from speechwatch.reference.models import Region

__all__ = ["ALL", "SEP", "SET_FACETS", "joined", "recount"]

ALL = 0  # category_id of the rows counting every published incident (regions)
SEP = ","  # joins the members of a stored set (actor types and category ids never hold it)
SET_FACETS = ("victim_type", "perpetrator_type")  # stored as whole sets of types


def joined(values: Iterable[object]) -> str:
    """A set as stored: its members' text, sorted, joined."""
    return SEP.join(sorted(str(v) for v in values))


def recount(
    where: str, params: Sequence[date], lineage: Callable[[int], Sequence[int]]
) -> Counter[tuple]:  # type: ignore[type-arg]
    """The tallies of the published incidents matching ``where`` (SQL on ``i``), from four
    GROUP BY queries: incidents per (month, set of own categories, value) of region, victim
    types, perpetrator types and legal references, each set folded per incident by an index
    look-up. The groups (far fewer than incidents) are spread here to every category the set
    counts under, as `contributions` does per incident. Folded sets come back in any order and
    are put in canonical form first."""
    qn = connection.ops.quote_name
    incident, link, actor_link, actor, legal, region = (
        qn(m._meta.db_table)
        for m in (Incident, IncidentCategory, IncidentActor, Actor, LegalReference, Region)
    )
    pg = connection.vendor == "postgresql"
    month = "to_char(i.recorded_on, 'YYYY-MM')" if pg else "substr(i.recorded_on, 1, 7)"
    text = "::text" if pg else ""

    def folded(column: str, table: str, on: str) -> str:
        fold = "string_agg" if pg else "group_concat"
        return f"(SELECT {fold}({column}, ',') FROM {table} WHERE {on})"

    cats = folded(f"ic.category_id{text}", f"{link} ic", "ic.incident_id = i.id")
    typed = f"(SELECT p.type FROM {actor} p WHERE p.id = ia.actor_id)"
    victims = folded(typed, f"{actor_link} ia", "ia.incident_id = i.id AND ia.role = 'victim'")
    others = folded(typed, f"{actor_link} ia", "ia.incident_id = i.id AND ia.role <> 'victim'")
    inc = f"{incident} i"
    published = f"i.status = %s AND ({where})"
    args: list[str | date] = [Status.PUBLISHED, *params]
    queries = {
        "region": f"SELECT {month}, {cats}, COALESCE(r.code, ''), COUNT(*) FROM {inc} "
        f"LEFT JOIN {region} r ON r.id = i.region_id WHERE {published} GROUP BY 1, 2, 3",
        "victim_type": f"SELECT {month}, {cats}, {victims}, COUNT(*) FROM {inc} "
        f"WHERE {published} GROUP BY 1, 2, 3",
        "perpetrator_type": f"SELECT {month}, {cats}, {others}, COUNT(*) FROM {inc} "
        f"WHERE {published} GROUP BY 1, 2, 3",
        "legal_ref": f"SELECT {month}, {cats}, lr.code || ' ' || lr.article, "
        f"COUNT(DISTINCT i.id) FROM {inc} JOIN {legal} lr ON lr.incident_id = i.id "
        f"WHERE {published} GROUP BY 1, 2, 3",
    }
    spread: dict[str, dict[int, str]] = {}  # folded own categories -> counted one -> own below

    def under(folded_cats: str | None) -> dict[int, str]:
        key = folded_cats or ""
        if key not in spread:
            below: dict[int, set[int]] = defaultdict(set)
            for own in {int(c) for c in key.split(SEP) if c}:
                for c in lineage(own):
                    below[c].add(own)
            spread[key] = {c: joined(owns) for c, owns in below.items()}
        return spread[key]

    total: Counter[tuple] = Counter()  # type: ignore[type-arg]
    with connection.cursor() as cursor:
        for facet, sql in queries.items():
            cursor.execute(sql, args)
            for m, own, value, n in cursor.fetchall():
                if facet in SET_FACETS:
                    value = joined(set(value.split(SEP))) if value else ""
                if not value and facet != "region":
                    continue
                counted = under(own)
                if facet == "region":
                    total[(m, ALL, "", "")] += n
                    total[(m, ALL, "region", value)] += n
                for c, owns in counted.items():
                    if facet == "region":
                        total[(m, c, "", "")] += n
                        if lineage(c)[-1] == c:  # a block: which own categories
                            total[(m, c, "cats", owns)] += n
                    if value:
                        total[(m, c, facet, value)] += n
    return total
