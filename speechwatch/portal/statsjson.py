"""/api/v1/statistics by month, written from JSON fragments kept with the month table.

Each series (dimension, code) is encoded over every month of the table once per table (a few
hundred short strings, portal.monthtable.MonthTable.fragments), so an answer joins a slice of
them: no Point objects, no schema validation, no encoder walk over a thousand dicts. By year, or
over months outside the table, the API writes statistics() instead; tests/portal/test_speed.py
checks both give exactly the response schema's JSON.
"""

from __future__ import annotations

import json

from speechwatch.portal.monthtable import MonthKey, MonthTable, month_table, month_text
from speechwatch.portal.statistics import (
    Dimension,
    Query,
    label_in,
    month_point,
    series_codes,
    with_rate,
)
from speechwatch.reference.population import population

PERIODS = ("", "", None)  # the fragments key of the months themselves


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _index(first: MonthKey, month: MonthKey) -> int:
    return (month[0] - first[0]) * 12 + month[1] - first[1]


def _fragments(table: MonthTable, dimension: Dimension, code: str, people: int | None) -> list[str]:
    key = (dimension, code, people)
    found = table.fragments.get(key)
    if found is None:  # two threads may both write it: the same list
        found = []
        for month in table.months:
            p = month_point(table.rows.get(month), dimension, code, month_text(month))
            p = with_rate(p, people) if people else p
            found.append(
                _dumps(
                    {
                        "period": p.period,
                        "value": p.value,
                        "origin": p.origin,
                        "rate": p.rate,
                        "missing": p.missing,
                    }
                )
            )
        table.fragments[key] = found
    return found


def month_json(query: Query, lang: str, gen: int) -> str | None:
    """The answer to ``query`` (``start`` and ``end`` given) as JSON text, or None when it is by
    year or reaches outside the table. Unknown codes raise StatisticsError."""
    table = month_table(gen)
    if query.by != "month" or not table.months or query.start is None or query.end is None:
        return None
    first, last = table.months[0], table.months[-1]
    if not first <= query.start <= query.end <= last:
        return None
    i, j = _index(first, query.start), _index(first, query.end) + 1
    codes, known = series_codes(table, query)
    pop = population() if query.dimension == "region" else None
    series = []
    for code in codes:
        people = pop.figures.get(code) if pop else None
        points = ",".join(_fragments(table, query.dimension, code, people)[i:j])
        label = label_in(known[code], lang, code)
        series.append(
            f'{{"code":{_dumps(code)},"label":{_dumps(label)},"points":[{points}],'
            f'"population":{_dumps(people)}}}'
        )
    periods = table.fragments.get(PERIODS)
    if periods is None:
        periods = table.fragments[PERIODS] = [_dumps(month_text(m)) for m in table.months]
    return (
        f'{{"dimension":{_dumps(query.dimension)},"by":"month",'
        f'"start":{_dumps(month_text(query.start))},"end":{_dumps(month_text(query.end))},'
        f'"periods":[{",".join(periods[i:j]) if codes else ""}],"series":[{",".join(series)}],'
        f'"first_month":{_dumps(month_text(first))},'
        f'"population_source":{_dumps(pop.source if pop else "")}}}'
    )
