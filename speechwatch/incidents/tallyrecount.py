"""The month tallies of many incidents counted by the database, for a rebuild
(incidents/monthtally.py): two grouped queries instead of a profile per incident."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
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
from speechwatch.incidents.tallyrows import SEP, SET_FACETS, joined
from speechwatch.reference.models import Region

__all__ = ["ALL", "recount"]

ALL = 0  # category_id of the rows counting every published incident (regions)


def recount(
    where: str,
    params: Sequence[date],
    lineage: Callable[[int], Sequence[int]],
    *,
    whole: bool = False,
) -> Counter[tuple]:  # type: ignore[type-arg]
    """The tallies of the published incidents matching ``where`` (SQL on ``i``), from two
    queries: incidents per (month, set of own categories, region, set of role-tagged actor
    types), and per (month, set of own categories, legal reference). They are summed per
    facet, and these sums (far fewer than incidents) spread here to every category the set
    counts under, as `contributions` does per incident. Folded sets come back in any order and
    are put in canonical form first. 9-10 s at 1M incidents on either database, against 16-24
    s for the four correlated queries before."""
    total: Counter[tuple] = Counter()  # type: ignore[type-arg]
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

    def add(m: str, counted: dict[int, str], facet: str, value: str, n: int) -> None:
        for c in counted:
            total[(m, c, facet, value)] += n

    main, legal = _queries(where, whole)
    args: list[str | date] = [Status.PUBLISHED, *params]
    # Summed per facet first: (month, own categories, value) repeat far more than rows.
    facets: dict[str, Counter[tuple]] = {f: Counter() for f in ("region", *SET_FACETS)}  # type: ignore[type-arg]
    types: dict[str, tuple[str, str]] = {}  # folded tagged types -> (victims, others)
    for m, own, region, typed, n in _streamed(main, args):
        if typed not in types:
            tagged = set(typed.split(SEP)) if typed else set()
            types[typed] = (
                joined(t[1:] for t in tagged if t[0] == "v"),
                joined(t[1:] for t in tagged if t[0] == "o"),
            )
        victims, others = types[typed]
        facets["region"][(m, own, region)] += n
        facets["victim_type"][(m, own, victims)] += n
        facets["perpetrator_type"][(m, own, others)] += n
    for (m, own, region), n in facets.pop("region").items():
        counted = under(own)
        total[(m, ALL, "", "")] += n
        total[(m, ALL, "region", region)] += n
        add(m, counted, "", "", n)
        if region:
            add(m, counted, "region", region, n)
        for c, owns in counted.items():
            if lineage(c)[-1] == c:  # a block: which own categories
                total[(m, c, "cats", owns)] += n
    for facet, found in facets.items():
        for (m, own, value), n in found.items():
            if value:
                add(m, under(own), facet, value, n)
    for m, own, ref, n in _streamed(legal, args):
        add(m, under(own), "legal_ref", ref, n)
    return total


def _streamed(sql: str, args: Sequence[str | date]) -> Iterator[tuple]:  # type: ignore[type-arg]
    """The rows of a query a chunk at a time (a server-side cursor on PostgreSQL): SQLite
    returns one per incident, and memory stays flat. A PostgreSQL cursor is planned for its
    first rows (cursor_tuple_fraction 0.1: nested loops instead of the hash joins, minutes
    instead of seconds at a million incidents); every row is read here, so it is planned so."""
    pg = connection.vendor == "postgresql"
    if pg:
        with connection.cursor() as cursor:
            cursor.execute("SET cursor_tuple_fraction = 1")
    try:
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, args)
            while rows := cursor.fetchmany(10_000):
                yield from rows
    finally:
        if pg:
            with connection.cursor() as cursor:
                cursor.execute("RESET cursor_tuple_fraction")


def _queries(where: str, whole: bool) -> tuple[str, str]:
    """The two queries of `recount`. An incident's categories and actors' types are folded into
    one string each (actor types tagged "v" for victims, "o" for the other roles), by one index
    look-up per incident, a row per incident (SQLite's grouping of many long keys in a temporary
    B-tree is slower than Python's Counter). For every month (``whole``) PostgreSQL instead
    hash-joins each link table, grouped per incident, and groups the result itself: half the
    time at a million incidents; for some months the look-ups by index are cheaper, and they
    do not depend on the planner's statistics (a hash join reads each link table whole)."""
    qn = connection.ops.quote_name
    incident, link, actor_link, actor, legal, region = (
        qn(m._meta.db_table)
        for m in (Incident, IncidentCategory, IncidentActor, Actor, LegalReference, Region)
    )
    tag = "CASE WHEN ia.role = 'victim' THEN 'v' ELSE 'o' END || p.type"
    published = f"i.status = %s AND ({where})"
    pg = connection.vendor == "postgresql"
    month = "to_char(i.recorded_on, 'YYYY-MM')" if pg else "substr(i.recorded_on, 1, 7)"
    if pg and whole:
        chosen = (
            f"WITH sel AS (SELECT i.id, {month} AS m, COALESCE(r.code, '') AS region "
            f"FROM {incident} i LEFT JOIN {region} r ON r.id = i.region_id WHERE {published}), "
            f"c AS (SELECT ic.incident_id AS id, string_agg(ic.category_id::text, ',') AS cats "
            f"FROM sel JOIN {link} ic ON ic.incident_id = sel.id GROUP BY ic.incident_id) "
        )
        main = chosen + (
            f", a AS (SELECT ia.incident_id AS id, string_agg({tag}, ',') AS typed FROM sel "
            f"JOIN {actor_link} ia ON ia.incident_id = sel.id JOIN {actor} p ON p.id = ia.actor_id "
            "GROUP BY ia.incident_id) "
            "SELECT sel.m, c.cats, sel.region, COALESCE(a.typed, ''), COUNT(*) FROM sel "
            "LEFT JOIN c ON c.id = sel.id LEFT JOIN a ON a.id = sel.id GROUP BY 1, 2, 3, 4"
        )
        legal_sql = chosen + (
            "SELECT sel.m, c.cats, lr.code || ' ' || lr.article, COUNT(DISTINCT sel.id) FROM sel "
            f"JOIN {legal} lr ON lr.incident_id = sel.id LEFT JOIN c ON c.id = sel.id "
            "GROUP BY 1, 2, 3"
        )
        return main, legal_sql
    fold, text = ("string_agg", "::text") if pg else ("group_concat", "")
    cats = f"(SELECT {fold}(ic.category_id{text}, ',') FROM {link} ic WHERE ic.incident_id = i.id)"
    typed = (
        f"(SELECT {fold}({tag}, ',') FROM {actor_link} ia "
        f"JOIN {actor} p ON p.id = ia.actor_id WHERE ia.incident_id = i.id)"
    )
    main = (
        f"SELECT {month}, {cats}, COALESCE(r.code, ''), COALESCE({typed}, ''), 1 "
        f"FROM {incident} i LEFT JOIN {region} r ON r.id = i.region_id WHERE {published}"
    )
    legal_sql = (
        f"SELECT {month}, {cats}, lr.code || ' ' || lr.article, COUNT(DISTINCT i.id) "
        f"FROM {legal} lr JOIN {incident} i ON i.id = lr.incident_id WHERE {published} "
        "GROUP BY 1, 2, 3"
    )
    return main, legal_sql
