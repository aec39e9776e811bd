"""Reports on ongoing cases: published incidents linked to a case already followed before their
own month (the case had a stage dated, or another non-rejected incident recorded, before the
first day of the incident's month). Block L of an overview counts new cases only; the month
tallies keep these reports apart (incidents/monthtally.py, served through
`monthtally.register_ongoing` in apps.py: cases sit above incidents)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from django.db import connection

from speechwatch.cases.models import CaseIncident, CaseStage
from speechwatch.incidents.models import CASE_LINKED_INDEX, Incident, Status
from speechwatch.lib.rawsql import as_date, chunks, fetch_all

__all__ = ["case_mates", "case_months", "cases_of", "ongoing_among", "ongoing_between"]

CHUNK = 5_000  # ids per query (SQLite's bound parameters)


def _tables() -> tuple[str, str, str]:
    qn = connection.ops.quote_name
    return tuple(qn(m._meta.db_table) for m in (CaseIncident, CaseStage, Incident))  # type: ignore[return-value]


def _ongoing_sql(where: str, *, by_date: bool) -> str:
    """First the published case reports matching ``where`` (on ``i``): by date from the small
    partial index of Incident.case_linked (SQLite is told to use it, as its statistics favour
    the month index), or by id; then each one's case looked up by index for an earlier stage or
    another incident (never the report itself, which is not read then)."""
    link, stage, incident = _tables()
    linked_index = ""
    if connection.vendor == "postgresql":
        first_day = "date_trunc('month', i.recorded_on)::date"
    else:  # SQLite: dates are 'YYYY-MM-DD' text
        first_day = "substr(i.recorded_on, 1, 8) || '01'"
        if by_date:
            linked_index = f" INDEXED BY {connection.ops.quote_name(CASE_LINKED_INDEX)}"
    # The index's own condition, written out (not a parameter) so both planners can match it.
    return (
        "WITH linked AS ("
        f"SELECT ci.incident_id, ci.case_id, i.recorded_on, {first_day} AS first_day "
        f"FROM {incident} i{linked_index} JOIN {link} ci ON ci.incident_id = i.id "
        f"WHERE i.case_linked AND i.status = '{Status.PUBLISHED.value}' AND {where}) "
        "SELECT l.incident_id, l.recorded_on FROM linked l WHERE "
        f"EXISTS (SELECT 1 FROM {stage} s WHERE s.case_id = l.case_id AND s.date < l.first_day) "
        f"OR EXISTS (SELECT 1 FROM {link} c2 JOIN {incident} i2 ON i2.id = c2.incident_id "
        "WHERE c2.case_id = l.case_id AND c2.incident_id <> l.incident_id "
        "AND i2.status <> %s AND i2.recorded_on < l.first_day)"
    )


def _small(sql: str, params: Sequence[int | str]) -> list[tuple]:  # type: ignore[type-arg]
    """A look-up by id, run by every incident and case write: a plain cursor (fetch_all's
    savepoint and JIT setting cost PostgreSQL more than the query; it is never costly enough
    to be compiled)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def ongoing_between(start: date, end: date) -> dict[int, date]:
    """The reports on ongoing cases recorded in [start, end]: incident id -> recorded_on."""
    sql = _ongoing_sql("i.recorded_on >= %s AND i.recorded_on <= %s", by_date=True)
    found = fetch_all(sql, [start, end, Status.REJECTED])
    return {incident_id: as_date(day) for incident_id, day in found}


def ongoing_among(ids: Collection[int]) -> set[int]:
    """Which of the incidents ``ids`` are reports on ongoing cases."""
    out: set[int] = set()
    for chunk in chunks(sorted(ids), CHUNK):
        where = f"i.id IN ({', '.join(['%s'] * len(chunk))})"
        found = _small(_ongoing_sql(where, by_date=False), [*chunk, Status.REJECTED])
        out.update(incident_id for incident_id, _ in found)
    return out


def case_mates(ids: Collection[int]) -> set[int]:
    """The incidents sharing a case with any of ``ids`` (those linked included): whether they
    report on an ongoing case can change with a write to ``ids``."""
    link = _tables()[0]
    out: set[int] = set()
    for chunk in chunks(sorted(ids), CHUNK):
        marks = ", ".join(["%s"] * len(chunk))
        found = _small(
            f"SELECT DISTINCT c2.incident_id FROM {link} c1 JOIN {link} c2 "
            f"ON c2.case_id = c1.case_id WHERE c1.incident_id IN ({marks})",
            chunk,
        )
        out.update(pk for (pk,) in found)
    return out


def case_months(case_ids: Collection[int]) -> set[str]:
    """The months (YYYY-MM) of the published incidents linked to the cases ``case_ids``."""
    out: set[str] = set()
    for chunk in chunks(sorted(case_ids), CHUNK):
        links = CaseIncident.objects.filter(case_id__in=chunk, incident__status=Status.PUBLISHED)
        days = links.values_list("incident__recorded_on", flat=True).distinct()
        out.update(f"{day:%Y-%m}" for day in days)
    return out


def cases_of(incident_ids: Collection[int]) -> set[int]:
    """The cases linking any of the incidents ``incident_ids``."""
    out: set[int] = set()
    for chunk in chunks(sorted(incident_ids), CHUNK):
        links = CaseIncident.objects.filter(incident_id__in=chunk)
        out.update(links.values_list("case_id", flat=True))
    return out
