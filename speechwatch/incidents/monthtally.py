"""Published incidents per month, kept up to date by the writers instead of counted per report.

A monthly overview counts every category of a month with its facets (region, victim and
perpetrator types, legal references). Reading the month's incidents for that grows with the
month: seconds for the eighteen months a report compares at a million incidents. So each
published incident adds one to a few dozen rows of `MonthTally`, keyed by (month, category,
facet, value) for every category it counts under (its own and their ancestors): a month is then
a few hundred rows whatever it holds. Sets are stored whole where counts of derived groups need
them (victim and perpetrator types: one incident with two journalists' types counts once per
group); legal references and regions one value each. At each block the incident's own
categories below it are stored as one value ("cats"), so a report can tell whether its listed
items cover the block.

Kept like incidents/queuecounts.py: each incident action wraps its write in `tallying(ids)`
(before/after of the touched incidents, the difference added in the same transaction); the
importer calls `rebuild_month_tallies()` after a bulk import (for a smaller one, only the
months it wrote to), and so does
`manage.py month_tallies --rebuild` after any change made outside the actions. An actor's type
is not an incident write: `reconcile_actors()` (run by the report before reading) recounts the
months of incidents linked to actors changed since the last reconciliation.

Reports on ongoing cases (cases/ongoing.py) add their rows a second time under the facet with
ONGOING before it, and one row (block, "~id", incident id) per block they count under, so a
report counting block L by new cases only takes them out from a few aggregated rows. Whether an
incident reports on an ongoing case depends on its case's other incidents and stages: `tallying`
also watches the incidents sharing a case with those written, the case actions wrap their
writes in it for every incident of the case, and an import recounts the months of the cases it
wrote. The cases app tells the tallies how (`register_ongoing`): it sits above this one.
"""

from __future__ import annotations

import uuid
from calendar import monthrange
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Max, Q

from speechwatch.actors.models import Actor
from speechwatch.incidents.models import (
    Incident,
    IncidentActor,
    IncidentCategory,
    LegalReference,
    MonthTally,
    Role,
    Status,
    TallyStamp,
)
from speechwatch.incidents.tallyrecount import ALL, recount
from speechwatch.incidents.tallyrows import ONGOING, Profile, contributions, ongoing_rows
from speechwatch.lib.rawsql import chunks
from speechwatch.taxonomy.models import Category

__all__ = [
    "ALL",
    "ONGOING",
    "VERSION",
    "OngoingCases",
    "Profile",
    "actors_counted",
    "contributions",
    "is_built",
    "lineages",
    "month_versions",
    "ongoing_rows",
    "profiles",
    "rebuild_month_tallies",
    "reconcile_actors",
    "register_ongoing",
    "tallying",
]

VERSION = -1  # category_id of a month's version row: bumped by every write to the month
CHUNK = 5_000


@dataclass(frozen=True)
class OngoingCases:
    """How to tell reports on ongoing cases, given by the cases app (cases/ongoing.py)."""

    among: Callable[[Collection[int]], set[int]]  # which of these incidents are
    between: Callable[[date, date], Mapping[int, date]]  # those recorded in the range
    mates: Callable[[Collection[int]], set[int]]  # incidents sharing a case with these


_ongoing: list[OngoingCases] = []


def register_ongoing(how: OngoingCases) -> None:
    _ongoing[:] = [how]


# -- from the database --------------------------------------------------------------------------


def lineages() -> Callable[[int], Sequence[int]]:
    parent = dict(Category.objects.values_list("id", "parent_id"))
    cache: dict[int, list[int]] = {}

    def lineage(pk: int) -> Sequence[int]:
        if pk not in cache:
            chain, seen = [pk], {pk}
            while parent.get(chain[-1]) is not None and parent[chain[-1]] not in seen:
                chain.append(parent[chain[-1]])
                seen.add(chain[-1])
            cache[pk] = chain
        return cache[pk]

    return lineage


def profiles(
    incidents: Q, links: Q, *, ongoing: Collection[int] | None = None
) -> dict[int, Profile]:
    """Profiles of the published incidents matching ``incidents`` (``links``: the same filter
    as seen from a link table, on ``incident_id`` / ``incident__…``). ``ongoing``: those known
    to report on an ongoing case, when the caller has just found them (else asked here)."""
    rows = list(
        Incident.objects.filter(incidents, status=Status.PUBLISHED).values_list(
            "id", "recorded_on", "region__code", "case_linked"
        )
    )
    base = {pk: (f"{day:%Y-%m}", region or "") for pk, day, region, _ in rows}
    # Only an incident linked to a case can report on an ongoing one (Incident.case_linked).
    linked = [pk for pk, _, _, case_linked in rows if case_linked]
    if not base:
        return {}
    cats: dict[int, list[int]] = defaultdict(list)
    for pk, category in IncidentCategory.objects.filter(links).values_list(
        "incident_id", "category_id"
    ):
        cats[pk].append(category)
    types: dict[tuple[int, bool], set[str]] = defaultdict(set)
    for pk, role, kind in IncidentActor.objects.filter(links).values_list(
        "incident_id", "role", "actor__type"
    ):
        types[(pk, role == Role.VICTIM)].add(kind)
    refs: dict[int, set[str]] = defaultdict(set)
    for pk, code, article in LegalReference.objects.filter(links).values_list(
        "incident_id", "code", "article"
    ):
        refs[pk].add(f"{code} {article}")
    if ongoing is None:
        ongoing = _ongoing[0].among(linked) if _ongoing and linked else set()
    return {
        pk: Profile(
            month,
            tuple(sorted(cats.get(pk, ()))),
            region,
            frozenset(types.get((pk, True), ())),
            frozenset(types.get((pk, False), ())),
            frozenset(refs.get(pk, ())),
            pk in ongoing,
        )
        for pk, (month, region) in base.items()
    }


def _of_ids(ids: Sequence[int], ongoing: Collection[int] | None = None) -> dict[int, Profile]:
    return profiles(Q(pk__in=ids), Q(incident_id__in=ids), ongoing=ongoing) if ids else {}


def tally(found: Mapping[int, Profile], lineage: Callable[[int], Sequence[int]]) -> Counter[tuple]:  # type: ignore[type-arg]
    """(month, category id, facet, value) -> incidents, over some incidents' profiles."""
    total: Counter[tuple] = Counter()  # type: ignore[type-arg]
    for pk, p in found.items():
        own = contributions(
            p.categories,
            lineage,
            region=p.region,
            victim_types=p.victim_types,
            perpetrator_types=p.perpetrator_types,
            legal_refs=p.legal_refs,
        )
        if p.ongoing:
            own.update(ongoing_rows(own, pk, lambda c: lineage(c)[-1] == c))
        for (c, facet, value), n in own.items():
            total[(p.month, ALL if c is None else c, facet, value)] += n
    return total


def _lock() -> None:
    """Serialise tally writers: a rebuild reads the incidents only after the lock, so a write
    committed before it is counted and one committed after adds its difference to the result."""
    TallyStamp.objects.select_for_update().filter(key="lock").exists()


def _upsert(rows: Sequence[tuple[str, int, str, str, int]]) -> None:
    table = connection.ops.quote_name(MonthTally._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (month, category_id, facet, value, n) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (month, category_id, facet, value) "
            f"DO UPDATE SET n = {table}.n + excluded.n",
            rows,
        )


def _add(delta: Counter[tuple]) -> None:  # type: ignore[type-arg]
    """Add ``delta`` to the kept rows; each month touched gets its version row bumped."""
    rows = [(*key, n) for key, n in delta.items() if n]
    if not rows:
        return
    months = sorted({r[0] for r in rows})
    _upsert([*rows, *((month, VERSION, "", "", 1) for month in months)])
    MonthTally.objects.filter(month__in=months, n=0).delete()


@contextmanager
def tallying(ids: list[int]) -> Iterator[list[int]]:
    """Around a write to the incidents ``ids`` (the list may grow inside: created incidents):
    the month tallies move by what the write changed, to them and to the incidents sharing a
    case with them (whether those report on an ongoing case may change). Inside the caller's
    transaction. A write that links incidents to a case passes every incident of the case."""
    mates = _ongoing[0].mates(ids) if _ongoing and ids else set()
    before = _of_ids(sorted({*ids, *mates}))
    yield ids
    after = _of_ids(sorted({*ids, *mates}))
    if before == after:
        return
    lineage = lineages()
    delta = tally(after, lineage)
    delta.subtract(tally(before, lineage))
    _lock()
    _add(delta)


# -- rebuilding ----------------------------------------------------------------------------------


def _stamp(key: str, value: str) -> None:
    TallyStamp.objects.update_or_create(key=key, defaults={"value": value})


def actors_stamp() -> str:
    found = Actor.objects.aggregate(n=Count("id"), m=Max("id"), u=Max("updated_at"))
    stamp = found["u"].isoformat() if found["u"] else "-"
    return f"{found['n']}/{found['m'] or 0}@{stamp}"


def actors_counted() -> None:
    """Record that the tallies count every actor's current type (after a rebuild of the months
    of every incident linked to an actor written since the last stamp)."""
    _stamp("actors", actors_stamp())


def month_versions(months: Iterable[str]) -> tuple[str, dict[str, int]]:
    """(generation, month -> version): the state of the months' tallies in a few words, for
    the reports' figures cache (the version moves with every write to the month, the
    generation with every full rebuild; "" when the tallies are not built)."""
    generation = TallyStamp.objects.filter(key="built").values_list("value", flat=True).first()
    if generation is None:
        return "", {}
    rows = MonthTally.objects.filter(category_id=VERSION, month__in=list(months))
    return generation, dict(rows.values_list("month", "n"))


def is_built() -> bool:
    """Whether the tallies stand for the incidents (set by a rebuild, or by the migration on a
    database without incidents; the actions keep it true)."""
    return TallyStamp.objects.filter(key="built").exists()


def _span(month: str) -> tuple[date, date]:
    """The first and the last day of a YYYY-MM month (inclusive: December 9999 has no next)."""
    year, number = int(month[:4]), int(month[5:7])
    return date(year, number, 1), date(year, number, monthrange(year, number)[1])


_EVER = (date(1, 1, 1), date(9999, 12, 31))


def _ongoing_part(
    spans: Sequence[tuple[date, date]], lineage: Callable[[int], Sequence[int]]
) -> Counter[tuple]:  # type: ignore[type-arg]
    """The ONGOING rows of the reports on ongoing cases recorded in ``spans`` (a few in a hundred
    incidents: counted from their profiles)."""
    if not _ongoing:
        return Counter()
    ids = sorted({pk for first, last in spans for pk in _ongoing[0].between(first, last)})
    total: Counter[tuple] = Counter()  # type: ignore[type-arg]
    for chunk in chunks(ids, CHUNK):
        found = _of_ids(chunk, ongoing=set(chunk))  # found by `between`: no need to ask again
        for (month, c, facet, value), n in tally(found, lineage).items():
            if facet.startswith(ONGOING):
                total[(month, c, facet, value)] += n
    return total


@transaction.atomic
def rebuild_month_tallies(months: Iterable[str] | None = None) -> int:
    """Recount the tallies of ``months`` (YYYY-MM), or of every month, from the incidents; for
    the importer and `manage.py month_tallies --rebuild`. Returns the rows written."""
    _lock()
    if months is None:
        MonthTally.objects.all().delete()
        where, params, spans = "1 = 1", [], [_EVER]
        actors_counted()
    else:
        wanted = sorted(set(months))
        if not wanted:
            return 0
        MonthTally.objects.filter(month__in=wanted).exclude(category_id=VERSION).delete()
        _upsert([(m, VERSION, "", "", 1) for m in wanted])
        spans = [_span(m) for m in wanted]
        where = " OR ".join(["(i.recorded_on >= %s AND i.recorded_on <= %s)"] * len(spans))
        params = [day for span in spans for day in span]
    lineage = lineages()
    total = recount(where, params, lineage, whole=months is None)
    total.update(_ongoing_part(spans, lineage))
    MonthTally.objects.bulk_create(
        (
            MonthTally(month=m, category_id=c, facet=f, value=v, n=n)
            for (m, c, f, v), n in total.items()
            if n
        ),
        batch_size=2_000,
    )
    if months is None:  # a new generation: months' versions start again
        _stamp("built", uuid.uuid4().hex)
    return len(total)


def reconcile_actors() -> list[str]:
    """Recount the months of published incidents linked to actors written since the last
    reconciliation (an actor's type is counted in its incidents' tallies). Cheap when no actor
    changed: one aggregate. Returns the months recounted."""
    now = actors_stamp()
    seen = TallyStamp.objects.filter(key="actors").values_list("value", flat=True).first()
    if seen == now:
        return []
    since = seen.rsplit("@", 1)[1] if seen else "-"
    last_id = int(seen.split("/", 1)[1].split("@", 1)[0]) if seen else 0
    changed = (
        Actor.objects.all()
        if since == "-"
        else Actor.objects.filter(Q(updated_at__gte=since) | Q(id__gt=last_id))
    )
    months = sorted(
        {
            f"{day:%Y-%m}"
            for day in Incident.objects.filter(
                status=Status.PUBLISHED, actor_links__actor__in=changed.values("id")
            )
            .values_list("recorded_on", flat=True)
            .distinct()
        }
    )
    with transaction.atomic():
        rebuild_month_tallies(months)
        _stamp("actors", now)
    return months
