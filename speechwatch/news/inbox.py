"""Reads for the triage inbox and the source-health page (no writes here).

Stories: the inbox lists *stories*; today every item is its own story. Part 2 groups items
into stories by registering a grouper with `register_grouper` — the views and templates
already render groups (a story key, its items, the group's checkbox values).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from speechwatch.lib.dates import BadParameter, query_date
from speechwatch.news.models import FetchRun, NewsItem, Source, TriageState

PAGE_SIZE = 50
STATES = ("new", "incident", "attached", "dismissed", "all")
SORTS = ("score", "newest")  # default: by score for new items, newest first otherwise
LANGS = ("kk", "ru", "en")
HEALTH_DAYS = 14


# --- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxFilters:
    state: str = "new"
    source: int | None = None
    lang: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = ""

    @property
    def by_score(self) -> bool:
        return self.sort == "score" or (not self.sort and self.state == "new")


def parse_inbox_filters(params: Mapping[str, str]) -> InboxFilters:
    """The inbox's query parameters; BadParameter (naming the parameter) for unusable input."""
    state = (params.get("state") or "new").strip()
    if state not in STATES:
        raise BadParameter("state", f"{state[:40]!r}: expected one of {', '.join(STATES)}")
    source_text = (params.get("source") or "").strip()
    source = None
    if source_text:
        if not source_text.isdigit() or len(source_text) > 18:
            raise BadParameter("source", f"{source_text[:40]!r} is not a source number")
        source = int(source_text)
    lang = (params.get("lang") or "").strip()
    if lang and lang not in LANGS:
        raise BadParameter("lang", f"{lang[:40]!r}: expected one of {', '.join(LANGS)}")
    dates = {}
    for param in ("from", "to"):
        text = (params.get(param) or "").strip()
        dates[param] = query_date(param, text) if text else None
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        raise BadParameter("to", "the end date is before the start date")
    sort = (params.get("sort") or "").strip()
    if sort and sort not in SORTS:
        raise BadParameter("sort", f"{sort[:40]!r}: expected one of {', '.join(SORTS)}")
    return InboxFilters(state, source, lang, dates["from"], dates["to"], sort)


def apply_filters(qs: QuerySet[NewsItem], f: InboxFilters) -> QuerySet[NewsItem]:
    qs = qs.filter(is_latest=True)
    if f.state != "all":
        qs = qs.filter(triage_state=f.state)
    if f.source is not None:
        qs = qs.filter(source_id=f.source)
    if f.lang:
        qs = qs.filter(lang=f.lang)
    # The day an item was published; items without a publication date count by arrival.
    if f.date_from:
        qs = qs.filter(
            Q(published_at__date__gte=f.date_from)
            | Q(published_at__isnull=True, fetched_at__date__gte=f.date_from)
        )
    if f.date_to:
        qs = qs.filter(
            Q(published_at__date__lte=f.date_to)
            | Q(published_at__isnull=True, fetched_at__date__lte=f.date_to)
        )
    return qs


# --- keyset pages ----------------------------------------------------------------------------


class BadInboxCursor(ValueError):
    pass


def encode_cursor(at: datetime, pk: int) -> str:
    return f"{int(at.timestamp() * 1_000_000)}.{pk}"


def decode_cursor(text: str) -> tuple[datetime, int]:
    try:
        micros, pk = text.split(".")
        number, stamp = int(pk), int(micros)
        if not 0 <= number < 2**63 or not 0 <= stamp < 253_402_300_800_000_000:
            raise ValueError(text)
    except ValueError:
        raise BadInboxCursor(f"cursor: bad cursor {text[:40]!r}") from None
    return datetime.fromtimestamp(stamp / 1_000_000, tz=UTC), number


def encode_score_cursor(score: float, pk: int) -> str:
    return f"{score:.6f}~{pk}"


def decode_score_cursor(text: str) -> tuple[float, int]:
    try:
        score_text, pk = text.split("~")
        score, number = float(score_text), int(pk)
        if not -1.0 <= score <= 1.0 or not 0 <= number < 2**63:
            raise ValueError(text)
    except ValueError:
        raise BadInboxCursor(f"cursor: bad cursor {text[:40]!r}") from None
    return score, number


@dataclass
class Story:
    """One story in the inbox: today one item; part 2 puts every report of an event here."""

    key: str
    items: list[NewsItem]

    @property
    def lead(self) -> NewsItem:
        return self.items[0]

    @property
    def item_ids(self) -> list[int]:
        return [item.pk for item in self.items]


Grouper = Callable[[Sequence[NewsItem]], list[Story]]


def one_story_per_item(items: Sequence[NewsItem]) -> list[Story]:
    return [Story(key=f"item-{item.first_id}", items=[item]) for item in items]


_GROUPERS: list[Grouper] = [one_story_per_item]


def register_grouper(grouper: Grouper) -> None:
    """Part 2's story clustering plugs in here; the last registered grouper is used."""
    _GROUPERS.append(grouper)


def group_stories(items: Sequence[NewsItem]) -> list[Story]:
    return _GROUPERS[-1](items)


@dataclass
class InboxPage:
    stories: list[Story]
    next_cursor: str | None
    items: list[NewsItem] = field(default_factory=list)


def inbox_page(f: InboxFilters, cursor: str | None, *, limit: int = PAGE_SIZE) -> InboxPage:
    """Most likely violations first (new items) or newest arrivals first, keyset-paginated on
    (triage_score, id) or (fetched_at, id). Items not scored yet have score -1: last."""
    qs = apply_filters(NewsItem.objects.all(), f)
    if f.by_score:
        qs = qs.order_by("-triage_score", "-id")
        if cursor:
            score, pk = decode_score_cursor(cursor)
            qs = qs.filter(
                Q(triage_score__lt=score) | Q(triage_score=score, id__lt=pk),
                triage_score__lte=score,
            )
    else:
        qs = qs.order_by("-fetched_at", "-id")
        if cursor:
            at, pk = decode_cursor(cursor)
            qs = qs.filter(Q(fetched_at__lt=at) | Q(fetched_at=at, id__lt=pk), fetched_at__lte=at)
    qs = qs.select_related("source", "incident", "triage")
    items = list(qs.defer("raw", "triage__signature", "triage__embedding")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    last = items[-1] if items else None
    next_cursor = None
    if more and last:
        next_cursor = (
            encode_score_cursor(last.triage_score, last.pk)
            if f.by_score
            else encode_cursor(last.fetched_at, last.pk)
        )
    return InboxPage(group_stories(items), next_cursor, items)


def inbox_counts() -> dict[str, int]:
    """Items waiting per state (latest revisions only), for the inbox tabs and the queue."""
    rows = (
        NewsItem.objects.filter(is_latest=True)
        .values("triage_state")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {state: 0 for state in TriageState.values}
    counts.update({r["triage_state"]: r["n"] for r in rows})
    return counts


def new_item_count() -> int:
    return NewsItem.objects.filter(is_latest=True, triage_state=TriageState.NEW).count()


# --- source health ---------------------------------------------------------------------------


@dataclass
class SourceHealth:
    source: Source
    last_run: FetchRun | None
    errors: int  # failed runs in the window
    runs: int
    items: int  # items stored, all time
    per_day: list[tuple[date, int]]  # oldest first, HEALTH_DAYS entries

    @property
    def peak(self) -> int:
        return max((n for _, n in self.per_day), default=0)

    @property
    def bars(self) -> list[tuple[int, int, int, date, int]]:
        """(x, y, height, day, count) of each day's bar in the 112×26 inline SVG."""
        peak = self.peak or 1
        out = []
        for i, (day, n) in enumerate(self.per_day):
            height = max(1, round(24 * n / peak)) if n else 0
            out.append((i * 8, 25 - height, height, day, n))
        return out


def source_health(now: datetime | None = None, days: int = HEALTH_DAYS) -> list[SourceHealth]:
    """Every source with its last run, failed runs and items per day — four queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first_day = today - timedelta(days=days - 1)
    since = now - timedelta(days=days)
    sources = list(Source.objects.select_related("outlet").annotate(n_items=Count("items")))
    last_ids = FetchRun.objects.values("source_id").annotate(last=Max("id")).values("last")
    last_runs = {r.source_id: r for r in FetchRun.objects.filter(id__in=last_ids)}
    run_counts: dict[int, tuple[int, int]] = {}
    for row in (
        FetchRun.objects.filter(started_at__gte=since)
        .values("source_id")
        .annotate(runs=Count("id"), errors=Count("id", filter=~Q(error="")))
        .order_by()
    ):
        run_counts[row["source_id"]] = (row["runs"], row["errors"])
    per_day: dict[tuple[int, date], int] = {}
    for day_row in (
        NewsItem.objects.filter(fetched_at__date__gte=first_day)
        .annotate(day=TruncDate("fetched_at"))
        .values("source_id", "day")
        .annotate(n=Count("id"))
        .order_by()
    ):
        per_day[(day_row["source_id"], day_row["day"])] = day_row["n"]
    window = [first_day + timedelta(days=i) for i in range(days)]
    out = []
    for s in sources:
        runs, errors = run_counts.get(s.pk, (0, 0))
        out.append(
            SourceHealth(
                source=s,
                last_run=last_runs.get(s.pk),
                errors=errors,
                runs=runs,
                items=s.n_items,  # type: ignore[attr-defined]
                per_day=[(d, per_day.get((s.pk, d), 0)) for d in window],
            )
        )
    return out
