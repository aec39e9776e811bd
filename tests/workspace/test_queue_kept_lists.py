"""The "missing" and "duplicates" tabs read lists kept by the actions (incidents/queuecounts.py):
after every kind of write they hold exactly what a direct query of the data finds, and the tabs
list the same incidents, in the same order, as a direct query would."""

from __future__ import annotations

from datetime import date

import pytest

from speechwatch.incidents import queuecounts
from speechwatch.incidents.actions import (
    SourceInput,
    change_status,
    delete_incident,
    update_incident,
)
from speechwatch.incidents.filters import IncidentFilters, parse_filters
from speechwatch.incidents.inputs import incident_input
from speechwatch.incidents.models import Incident, QueueMissing, QueueSharedUrl, Status
from speechwatch.workspace.queries import (
    incident_page,
    shared_source_urls,
    tab_incidents,
    tab_order,
)
from tests.workspace.helpers import SYSTEM, client_for, make_incident

URL = "https://example.org/shared/{}"


def kept_lists_equal_direct() -> None:
    kept = set(QueueMissing.objects.values_list("incident_id", "recorded_on"))
    assert kept == set(queuecounts.missing_incidents().values_list("id", "recorded_on"))
    assert dict(QueueSharedUrl.objects.values_list("url", "n")) == queuecounts.shared_urls()
    assert queuecounts.current() == queuecounts.direct()


def sources(*keys: object) -> list[SourceInput]:
    return [SourceInput(kind="url", url=URL.format(k)) for k in keys]


def missing_directly(params: dict[str, str] | None = None) -> list[str]:
    """What the tab listed before its members were kept: every open incident checked, sorted."""
    qs = queuecounts.missing_incidents()
    qs = parse_filters(params or {}, allow_status=False).apply(qs, public=False)
    return list(qs.order_by("-recorded_on", "-id").values_list("external_id", flat=True))


def missing_tab(params: dict[str, str] | None = None, limit: int = 2) -> list[str]:
    filters = parse_filters(params or {}, allow_status=False)
    seen: list[str] = []
    cursor = None
    while True:
        page = incident_page(
            tab_incidents("missing"), filters, cursor, limit=limit, order=tab_order("missing")
        )
        seen += [row.incident.external_id for row in page.rows]
        cursor = page.next_cursor
        if not cursor:
            return seen


@pytest.mark.usefixtures("installed")
def test_kept_lists_follow_every_write(users) -> None:
    queuecounts.current()
    a = make_incident(1, categories=[], sources=sources("x"))
    b = make_incident(2, sources=sources("x", "y"))
    c = make_incident(3, region="", sources=sources("y"))
    kept_lists_equal_direct()
    assert dict(QueueSharedUrl.objects.values_list("url", "n")) == {
        URL.format("x"): 2,
        URL.format("y"): 2,
    }
    data = incident_input(a)
    data.categories = ["R.threat"]
    data.recorded_on = date(2023, 1, 9)  # the kept order moves with the date
    data.sources = sources("y")
    a = update_incident(a, data, who=SYSTEM)
    kept_lists_equal_direct()
    assert QueueSharedUrl.objects.get(url=URL.format("y")).n == 3
    data = incident_input(b)
    data.sources = []
    b = update_incident(b, data, who=SYSTEM)
    kept_lists_equal_direct()
    data = incident_input(b)
    data.recorded_on = date(2022, 5, 6)  # a member's date moves: its kept order moves too
    b = update_incident(b, data, who=SYSTEM)
    kept_lists_equal_direct()
    assert QueueMissing.objects.get(incident_id=b.pk).recorded_on == date(2022, 5, 6)
    c = change_status(c, "rejected", who=SYSTEM)  # closed: off the tab; its URLs no longer count
    kept_lists_equal_direct()
    assert not QueueMissing.objects.filter(incident_id=c.pk).exists()
    delete_incident(a, who=SYSTEM)
    kept_lists_equal_direct()
    assert set(QueueMissing.objects.values_list("incident_id", flat=True)) == {b.pk}
    assert not QueueSharedUrl.objects.exists()


@pytest.mark.usefixtures("installed")
def test_missing_tab_lists_what_a_direct_query_lists(users) -> None:
    for n in range(1, 10):
        make_incident(
            n,
            recorded_on=date(2024, 3 + n % 3, 1 + n % 2),  # repeated dates: ties broken by id
            categories=[] if n % 3 == 0 else ["R.obstruction"],
            region="astana" if n % 4 == 0 else ("" if n % 2 else "almaty"),
            sources=[] if n == 8 else sources(n),
        )
    published = make_incident(10)
    for target in ("under_review", "verified", "published"):
        published = change_status(published, target, who=SYSTEM)
    data = incident_input(published)
    data.region = ""  # published without a region: not "missing" (closed)
    update_incident(published, data, who=SYSTEM)
    kept_lists_equal_direct()
    expected = missing_directly()
    assert len(expected) == 7 and "inc-t10" not in expected
    for limit in (2, 3, 50):
        assert missing_tab(limit=limit) == expected
    for params in (
        {"region": "astana"},
        {"category": "R"},
        {"q": "obstructed"},
        {"month": "2024-04"},
    ):
        assert missing_tab(params) == missing_directly(params)
    body = client_for(users["monitor"]).get("/work/?tab=missing").content.decode()
    assert [e for e in expected if f'id="row-{e}"' in body] == expected
    # What each row lacks, from the page's own reads (prefetched categories, first source).
    page = incident_page(
        tab_incidents("missing"), IncidentFilters(), None, order=tab_order("missing")
    )
    lacks = {row.incident.external_id: row.missing for row in page.rows}
    assert lacks["inc-t3"] == ["category", "region"]  # n=3: no category, odd n: no region
    assert lacks["inc-t8"] == ["source"]  # n=8: region astana, a category, no source
    assert lacks["inc-t6"] == ["category"]


@pytest.mark.usefixtures("installed")
def test_a_stale_member_never_shows(users) -> None:
    make_incident(1)
    complete = make_incident(2)
    queuecounts.current()
    QueueMissing.objects.create(incident_id=complete.pk, recorded_on=complete.recorded_on)
    QueueMissing.objects.create(incident_id=10**9, recorded_on=complete.recorded_on)  # deleted
    assert missing_tab() == []
    queuecounts.rebuild()
    assert not QueueMissing.objects.exists()


def shared_directly(limit: int) -> list[tuple[str, list[str]]]:
    """The duplicates tab's groups as found before they were kept: every source URL grouped."""
    shared = queuecounts.shared_urls()
    urls = sorted(shared, key=lambda u: (-shared[u], u))[:limit]
    live = Incident.objects.exclude(status=Status.REJECTED).order_by("id")
    return [
        (u, list(live.filter(sources__url=u).distinct().values_list("external_id", flat=True)))
        for u in urls
    ]


@pytest.mark.usefixtures("installed")
def test_duplicates_tab_lists_the_kept_groups(users) -> None:
    make_incident(1, sources=sources("a", "b", "b"))  # a URL twice in one incident counts once
    make_incident(2, sources=sources("a", "c"))
    make_incident(3, sources=sources("c", "b"))
    make_incident(4, sources=sources("c"))
    rejected = make_incident(5, sources=sources("a", "d"))
    make_incident(6, sources=sources("d"))
    change_status(rejected, "rejected", who=SYSTEM)
    kept_lists_equal_direct()
    for limit in (1, 2, 100):
        found = [(g.url, [i.external_id for i in g.incidents]) for g in shared_source_urls(limit)]
        assert found == shared_directly(limit)
    assert [u for u, _ in shared_directly(100)] == [URL.format(k) for k in "cab"]
    body = client_for(users["monitor"]).get("/work/?tab=duplicates").content.decode()
    assert URL.format("c") in body and URL.format("d") not in body


@pytest.mark.usefixtures("installed")
def test_rebuild_restores_the_lists_after_a_bulk_change(users) -> None:
    make_incident(1, sources=sources("a"))
    make_incident(2, sources=sources("b"))
    queuecounts.current()
    Incident.objects.update(region=None)  # raw bulk change: the kept lists lag
    from speechwatch.incidents.models import Source

    Source.objects.update(url=URL.format("z"))
    assert not QueueMissing.objects.exists()
    queuecounts.rebuild()
    kept_lists_equal_direct()
    assert QueueMissing.objects.count() == 2 and QueueSharedUrl.objects.get().n == 2
    assert [
        r.incident.external_id
        for r in incident_page(
            tab_incidents("missing"), IncidentFilters(), None, order=tab_order("missing")
        ).rows
    ] == ["inc-t2", "inc-t1"]


@pytest.mark.usefixtures("installed")
def test_an_import_moves_the_kept_counts_without_a_rebuild(users, tmp_path, monkeypatch) -> None:
    from tests.reports_db.records import import_records, incident

    queuecounts.current()
    make_incident(1, sources=sources("x"))
    shared = [{"kind": "url", "url": URL.format("x"), "confidential": False}]
    import_records(
        tmp_path / "first",
        [
            incident("imp-1", status="under_review", sources=shared),
            incident("imp-2", status="draft", region="", sources=shared),
            incident("imp-3", status="draft", categories=[]),
        ],
    )
    kept_lists_equal_direct()

    def no_rebuild() -> None:
        raise AssertionError("a small import rebuilt the queue counts")

    monkeypatch.setattr(queuecounts, "rebuild", no_rebuild)
    import_records(
        tmp_path / "second",
        [
            incident("imp-1", status="rejected", sources=shared),  # closed: its URL stops counting
            incident("imp-2", status="draft", region="astana"),  # no longer missing a region
            incident("imp-3", status="draft", categories=[]),  # unchanged
            incident("imp-4", status="draft", sources=[], region=""),
        ],
    )
    kept_lists_equal_direct()
    assert not QueueSharedUrl.objects.filter(url=URL.format("x")).exists()
