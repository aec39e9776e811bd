"""Load stage: counted figures per month, from ``MonthFiguresCache`` when still valid, else
computed (comparison and chart months from aggregate queries, monthcounts.py; the report month
under its listing) and stored. Validity: the audit log's state, else a per-month fingerprint
(docs/reports.md, "Figures cache")."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from django.db import DatabaseError, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from speechwatch.actors.models import Actor
from speechwatch.audit.models import AuditEvent
from speechwatch.cases.ongoing import ongoing_between
from speechwatch.incidents.models import (
    Incident,
)
from speechwatch.lib.dates import add_months, month_bounds
from speechwatch.reports.counting import (
    BlockSpec,
    count_period,
)
from speechwatch.reports.figcache import (
    MonthEntry,
    cache_key,
    entry_from_data,
    entry_to_data,
    month_fingerprint,
)
from speechwatch.reports.loadrows import month_rows
from speechwatch.reports.loadtallies import (
    load_tallies,
    month_versions,
    tallies_ready,
)
from speechwatch.reports.models import MonthFiguresCache
from speechwatch.reports.monthcounts import count_months
from speechwatch.reports.rows import CategoryInfo, IncidentRow, Period, Taxonomy
from speechwatch.reports.rules import CountingRules
from speechwatch.reports.tallycount import (
    figures_from_tally,
    regions_from_tally,
    supports,
)

__all__ = ["MonthFigures", "MonthKey", "clear_figures_cache", "month_str", "months_between", "runs"]

logger = logging.getLogger(__name__)


# -- monthly figures, cached -------------------------------------------------------------------

# Audit events checked for late commits: a transaction that allocated an audit id before the
# newest one seen but committed afterwards still lands in this window (see _audit_state).
AUDIT_WINDOW = 10_000
MonthKey = tuple[int, int]


def month_str(month: MonthKey) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def months_between(first: MonthKey, last: MonthKey) -> list[MonthKey]:
    result = [first]
    while result[-1] < last:
        result.append(add_months(*result[-1], 1))
    return result


def runs(months: Sequence[MonthKey]) -> list[list[MonthKey]]:
    """Consecutive months grouped, so each run is read with one set of range queries."""
    runs: list[list[MonthKey]] = []
    for month in sorted(months):
        if runs and add_months(*runs[-1][-1], 1) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


def _audit_state() -> tuple[int, int]:
    """(newest audit event id, events among the last AUDIT_WINDOW ids). Every action records an
    audit event, so while both are unchanged nothing was written: cached months need no check.
    The count catches a transaction that committed after a newer id was already visible."""
    last = AuditEvent.objects.aggregate(m=Max("id"))["m"] or 0
    window = AuditEvent.objects.filter(id__gt=last - AUDIT_WINDOW, id__lte=last).count()
    return last, window


def _fingerprints(
    months: Sequence[MonthKey],
    ongoing_of: Callable[[date, date], Mapping[int, date]],
    tallied: bool,
) -> dict[MonthKey, str]:
    """figcache.month_fingerprint of each month, fresh from the database. With kept tallies:
    the months' tally versions (every write to a month, its reports on ongoing cases included,
    moves its version; one query); else one indexed range aggregate per month, the actors and
    the reports on ongoing cases."""
    if tallied:
        generation, versions = month_versions(month_str(m) for m in months)
        return {
            m: month_fingerprint(-1, versions.get(month_str(m), 0), None, (), generation)
            for m in months
        }
    start = month_bounds(*min(months))[0]
    end = month_bounds(*max(months))[1]
    ongoing: dict[MonthKey, list[int]] = defaultdict(list)
    for incident_id, day in ongoing_of(start, end).items():
        ongoing[(day.year, day.month)].append(incident_id)
    actors = Actor.objects.aggregate(n=Count("id"), u=Max("updated_at"))
    actor_stamp = f"{actors['n']}@{actors['u'].isoformat() if actors['u'] else '-'}"
    result = {}
    for month in months:
        first, last = month_bounds(*month)
        agg = Incident.objects.filter(recorded_on__gte=first, recorded_on__lte=last).aggregate(
            n=Count("id"), s=Sum("id"), u=Max("updated_at")
        )
        result[month] = month_fingerprint(
            agg["n"], agg["s"] or 0, agg["u"], ongoing.get(month, ()), actor_stamp
        )
    return result


class MonthFigures:
    """Counted figures per month, from MonthFiguresCache when still valid, else computed from
    the month's rows (and stored). Two kinds of entries: *counts* (every code's count, legal
    references, regions; no blocks listed) for comparisons and charts, shared by every report;
    and the report month's figures under its listing spec."""

    def __init__(
        self,
        taxonomy: tuple[int, str, int],
        pairs: Sequence[tuple[int, CategoryInfo]],
        rules: CountingRules,
        *,
        use_cache: bool,
    ) -> None:
        self.tax = Taxonomy([info for _, info in pairs])
        self.codes = {pk: info.code for pk, info in pairs}
        self.taxonomy, self.pairs, self.rules = taxonomy, pairs, rules
        # Comparisons count by recorded_on with only the legal-reference facet: cheaper rows.
        self.counts_rules = replace(rules, facets=("legal_ref",), groups={}, month_by="recorded_on")
        self.counts_key = cache_key(taxonomy, pairs, self.counts_rules, None)
        self.use_cache = use_cache
        self.stats = {"fresh": 0, "checked": 0, "computed": 0}
        self._tallied: bool | None = None
        self._ongoing: dict[tuple[date, date], dict[int, date]] = {}

    def tallied(self) -> bool:
        """Whether the kept month tallies stand for the data (asked once per report)."""
        if self._tallied is None:
            self._tallied = tallies_ready()
        return self._tallied

    def ongoing(self, start: date, end: date) -> dict[int, date]:
        """cases.ongoing.ongoing_between, read once per report for the widest range asked
        (without kept tallies: the fingerprints and the counting both take them)."""
        for (first, last), found in self._ongoing.items():
            if first <= start and end <= last:
                return {pk: day for pk, day in found.items() if start <= day <= end}
        self._ongoing[(start, end)] = found = ongoing_between(start, end)
        return found

    def _compute(
        self, wanted: Sequence[tuple[str, MonthKey]], spec: Sequence[BlockSpec] | None
    ) -> dict[tuple[str, MonthKey], MonthEntry]:
        """Every entry from the kept month tallies when they stand for the data; else counts
        entries from aggregate queries (monthcounts.py), one set per run of consecutive months,
        and the report month's entry under its spec from the month's rows."""
        if self.tallied():
            out = self._from_tallies(wanted, spec)
        else:
            out = self._from_incidents(wanted, spec)
        self.stats["computed"] += len(out)
        return out

    def _from_tallies(
        self, wanted: Sequence[tuple[str, MonthKey]], spec: Sequence[BlockSpec] | None
    ) -> dict[tuple[str, MonthKey], MonthEntry]:
        """Entries from the kept tallies (a few hundred rows a month); months counted by the
        report's own rules that the tallies cannot count (tallycount.supports) from rows."""
        spec_wanted = [(k, m) for k, m in wanted if k != self.counts_key]
        rows_wanted = [] if supports(self.rules) else spec_wanted
        full = sorted({m for k, m in spec_wanted} - {m for _, m in rows_wanted})
        light = sorted({m for k, m in wanted if k == self.counts_key} - set(full))
        tallies = {**load_tallies(light, self.codes, counts_only=True)}
        tallies.update(load_tallies(full, self.codes))
        out = self._from_incidents(rows_wanted, spec) if rows_wanted else {}
        for key, month in wanted:
            if (key, month) in out:
                continue
            is_counts = key == self.counts_key
            figures = figures_from_tally(
                tallies[month],
                self.tax,
                self.counts_rules if is_counts else self.rules,
                () if is_counts else (spec or ()),
                Period.month(*month),
            )
            out[(key, month)] = MonthEntry(figures, regions_from_tally(tallies[month]))
        return out

    def _from_incidents(
        self, wanted: Sequence[tuple[str, MonthKey]], spec: Sequence[BlockSpec] | None
    ) -> dict[tuple[str, MonthKey], MonthEntry]:
        out: dict[tuple[str, MonthKey], MonthEntry] = {}
        for run in runs(sorted({m for k, m in wanted if k == self.counts_key})):
            start, end = month_bounds(*run[0])[0], month_bounds(*run[-1])[1]
            days = self.ongoing(start, end)
            counted_months = count_months(run, self.codes, self.tax, self.counts_rules, days)
            out.update({(self.counts_key, m): e for m, e in counted_months.items()})
        spec_wanted = [(k, m) for k, m in wanted if k != self.counts_key]
        for run in runs(sorted({m for _, m in spec_wanted})):
            start, end = month_bounds(*run[0])[0], month_bounds(*run[-1])[1]
            per_month: dict[MonthKey, list[IncidentRow]] = {m: [] for m in run}
            for row in month_rows(self.codes, start, end):
                per_month[(row.recorded_on.year, row.recorded_on.month)].append(row)
            for month, rows in per_month.items():
                regions: dict[str, int] = defaultdict(int)
                for row in rows:
                    regions[row.region] += 1
                counted = [row for row in rows if row.categories]
                period = Period.month(*month)
                for key, m in spec_wanted:
                    if m == month:
                        figures = count_period(counted, self.tax, self.rules, spec or (), period)
                        out[(key, m)] = MonthEntry(figures, dict(regions))
        return out

    def entries(
        self, months: Sequence[MonthKey], report: MonthKey | None, spec: Sequence[BlockSpec] | None
    ) -> tuple[dict[MonthKey, MonthEntry], MonthEntry | None]:
        """Counts entries of ``months``, and the ``report`` month's entry under ``spec``."""
        spec_key = cache_key(self.taxonomy, self.pairs, self.rules, spec) if spec else ""
        wanted = [(self.counts_key, m) for m in dict.fromkeys(months)]
        if report is not None and spec is not None:
            wanted.append((spec_key, report))
        found = self._cached(wanted, spec) if self.use_cache else self._compute(wanted, spec)
        counts = {m: found[(self.counts_key, m)] for m in months}
        return counts, found.get((spec_key, report)) if report is not None and spec else None

    def _cached(
        self, wanted: Sequence[tuple[str, MonthKey]], spec: Sequence[BlockSpec] | None
    ) -> dict[tuple[str, MonthKey], MonthEntry]:
        audit = _audit_state()  # read before the data, so a later write shows as a change
        stored = {
            (row.key, _month_tuple(row.month)): row
            for row in MonthFiguresCache.objects.filter(
                key__in={k for k, _ in wanted}, month__in={month_str(m) for _, m in wanted}
            )
        }
        found: dict[tuple[str, MonthKey], MonthEntry] = {}
        unsure = []
        for w in wanted:
            row = stored.get(w)
            if row is not None and (row.audit_mark, row.audit_window) == audit:
                found[w] = entry_from_data(row.payload)
            else:
                unsure.append(w)
        self.stats["fresh"] += len(found)
        if not unsure:
            return found
        prints = _fingerprints(sorted({m for _, m in unsure}), self.ongoing, self.tallied())
        confirmed, stale = [], []
        for w in unsure:
            row = stored.get(w)
            if row is not None and row.fingerprint == prints[w[1]]:
                found[w] = entry_from_data(row.payload)
                confirmed.append(row.pk)
            else:
                stale.append(w)
        self.stats["checked"] += len(confirmed)
        computed = self._compute(stale, spec) if stale else {}
        found.update(computed)
        now = timezone.now()
        try:
            with transaction.atomic():  # a savepoint: a failed cache write cannot break callers
                if confirmed:
                    MonthFiguresCache.objects.filter(pk__in=confirmed).update(
                        audit_mark=audit[0], audit_window=audit[1]
                    )
                if computed:
                    MonthFiguresCache.objects.bulk_create(
                        [
                            MonthFiguresCache(
                                key=key,
                                month=month_str(month),
                                fingerprint=prints[month],
                                audit_mark=audit[0],
                                audit_window=audit[1],
                                payload=entry_to_data(entry),
                                computed_at=now,
                            )
                            for (key, month), entry in computed.items()
                        ],
                        update_conflicts=True,
                        unique_fields=["key", "month"],
                        update_fields=[
                            "fingerprint",
                            "audit_mark",
                            "audit_window",
                            "payload",
                            "computed_at",
                        ],
                    )
        except DatabaseError:
            logger.warning("report figures cache: could not store", exc_info=True)
        return found


def _month_tuple(key: str) -> MonthKey:
    year, month = key.split("-")
    return int(year), int(month)


def clear_figures_cache() -> int:
    """Forget every cached month (derived data: the next report recomputes what it needs)."""
    deleted, _ = MonthFiguresCache.objects.all().delete()
    return deleted
