"""Full-text search (incidents/search.py): words, Kazakh letters, prefixes, every writer's path."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from speechwatch.audit.record import Who
from speechwatch.incidents.actions import (
    IncidentInput,
    SourceInput,
    change_status,
    create_incident,
)
from speechwatch.incidents.filters import IncidentFilters
from speechwatch.incidents.models import Incident
from speechwatch.incidents.search import (
    BACKENDS,
    FTS,
    fts5_query,
    search_text,
    search_words,
    tsquery,
    words,
)
from tests.workspace.helpers import client_for, make_users

WHO = Who(label="test")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«Азаттық» радиосы", ["азаттық", "радиосы"]),
        ("ӘҒҚҢӨҰҮҺІ", ["әғқңөұүһі"]),
        ("Ёлка, ёж", ["елка", "еж"]),
        ("e-mail: a_b@example.org", ["e", "mail", "a", "b", "example", "org"]),
        ("мои\u0306", ["мой"]),  # и + combining breve is й
        ("Incident 12345/2024", ["incident", "12345", "2024"]),
        ('"AND" OR NEAR(x) * ^ : -', ["and", "or", "near", "x"]),
        ("", []),
        ("ж" * 256 + " соңы " + "ж" * 255, ["соңы", "ж" * 255]),  # over MAX_WORD: not a word
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_search_text_is_words_joined_by_spaces() -> None:
    assert search_text(["Тілші  ҚАЗАҚСТАН", "", "Астана-2024"]) == "тілші қазақстан астана 2024"


@pytest.mark.parametrize(
    ("query", "fts5", "ts"),
    [
        ("Қазақ", '"қазақ"*', "'қазақ':*"),
        ("радио Азаттық", '"радио" "азаттық"*', "'радио' & 'азаттық':*"),
        ('x" OR 1=1 --', '"x" "or" "1"*', "'x' & 'or' & '1':*"),
    ],
)
def test_query_text_is_quoted_words_with_a_prefix_last(query: str, fts5: str, ts: str) -> None:
    terms = search_words(query)
    assert (fts5_query(terms), tsquery(terms)) == (fts5, ts)


def test_every_database_vendor_in_use_has_a_backend() -> None:
    assert connection.vendor in BACKENDS


@pytest.mark.django_db
def test_postgresql_indexes_the_words_as_they_are() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's generated column")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a "
            "ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "WHERE d.adrelid = 'incidents_incident'::regclass AND a.attname = 'search_vector'"
        )
        (expression,) = cursor.fetchone()
    assert "array_to_tsvector" in expression and "to_tsvector('simple'" not in expression


def _create(external_id: str, title: str, summary: str = "") -> None:
    create_incident(
        IncidentInput(
            recorded_on=date(2024, 4, 3),
            title={"kk": title},
            summary={"ru": summary} if summary else {},
            region="astana",
            categories=["I.accreditation"],
            sources=[SourceInput(kind="url", url=f"https://example.org/{external_id}")],
            external_id=external_id,
        ),
        who=WHO,
    )


def found(q: str) -> list[str]:
    qs = IncidentFilters(q=q).apply(Incident.objects.all(), public=False)
    return sorted(qs.values_list("external_id", flat=True))


@pytest.fixture
def three(installed: None) -> None:
    _create("kk-1", "ҚАЗАҚСТАН тілшісі", "Өскемен")
    _create("kk-2", "Казак станица", "Усть-Каменогорск")
    _create("kk-3", "Әнші Ұлықбек үндеді", "ғалым һәм ілім")


SEARCHES = [
    ("қазақстан", ["kk-1"]),
    ("ҚАЗАҚСТАН", ["kk-1"]),
    ("Қазақ", ["kk-1"]),  # the last word is a prefix
    ("казак", ["kk-2"]),  # к is not қ: no folding of Kazakh letters into Russian ones
    ("өскемен", ["kk-1"]),
    ("оскемен", []),
    ("ӘНШІ ұлықбек ҮНДЕДІ", ["kk-3"]),
    ("ҒАЛЫМ ҺӘМ ІЛІМ", ["kk-3"]),
    ("ілім", ["kk-3"]),
    ("илим", []),
    ("қазақ тілшісі", []),  # only the last word is a prefix
    ("тілшісі қазақ", ["kk-1"]),
    ("усть каменогорск", ["kk-2"]),
    ("усть-каменогорск", ["kk-2"]),
    ("каменогорск усть", ["kk-2"]),  # words, not a phrase
    ("станица протенге", []),  # every word must occur
    ('"', []),  # no words: nothing, never everything
    ("***", []),
    ('NEAR("a" "b") OR AND NOT', []),  # FTS5 syntax is just words here
    ("с" * 150, []),
]


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize(("q", "expected"), SEARCHES)
def test_search(q: str, expected: list[str]) -> None:
    assert found(q) == expected


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize(("q", "expected"), SEARCHES)
def test_search_of_a_common_word_finds_the_same(q: str, expected: list[str], monkeypatch) -> None:
    # Any match counts as common: SQLite checks each listed row against the index by rowid.
    monkeypatch.setattr("speechwatch.incidents.search.COMMON", 0)
    assert found(q) == expected


@pytest.mark.usefixtures("three")
def test_the_portal_the_api_and_the_staff_list_use_the_index() -> None:
    incident = Incident.objects.get(external_id="kk-1")
    for status in ("under_review", "verified", "published"):
        change_status(incident, status, who=WHO)
    assert [
        i["external_id"] for i in Client().get("/api/v1/incidents", {"q": "қазақ"}).json()["items"]
    ] == ["kk-1"]
    assert "kk-1" in Client().get("/", {"q": "ҚАЗАҚ"}).content.decode()
    assert "kk-1" not in Client().get("/", {"q": "казак"}).content.decode()
    staff = client_for(make_users()["monitor"])
    page = staff.get("/work/incidents/", {"q": "ста"}).content.decode()
    assert "kk-2" in page and "kk-1" not in page and "kk-3" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["2024жылы", "COVID19 ақтөбеkz", "соңғы"])
def test_words_are_indexed_as_they_are(installed: None, q: str) -> None:
    # Mixed letters and digits, mixed scripts, and a run too long to be a word beside them.
    _create("w-1", "2024жылы covid19 ақтөбеkz", "ы" * 300 + " соңғысы")
    assert found(q) == ["w-1"]


@pytest.mark.usefixtures("three")
def test_updates_and_deletes_reach_the_index() -> None:
    # The raw UPDATE is what the importer's fast path does on re-import.
    Incident.objects.filter(external_id="kk-2").update(search_text="протенге редакторы")
    assert found("протенге") == ["kk-2"]
    assert found("станица") == []
    Incident.objects.filter(external_id="kk-2").delete()
    assert found("протенге") == []


@pytest.mark.usefixtures("three")
def test_a_lost_sqlite_trigger_is_restored_after_migrate() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's generated column cannot be lost to a table rebuild")
    # What Django's SQLite schema editor does to a table it alters: the triggers go with it.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {FTS}_ai")
    _create("kk-4", "Жаңа хабар")
    assert found("жаңа") == []
    call_command("migrate", "incidents", verbosity=0)
    assert found("жаңа") == ["kk-4"]  # the index was rebuilt, the trigger is back
    _create("kk-5", "Жаңалық")
    assert found("жаңа") == ["kk-4", "kk-5"]


@pytest.mark.usefixtures("three")
def test_count_capped_stops_counting_at_the_cap() -> None:
    from speechwatch.incidents.search import count_capped

    assert count_capped(Incident.objects.all(), cap=2) == (2, True)
    assert count_capped(Incident.objects.all(), cap=5) == (3, False)


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize(("q", "expected"), SEARCHES)
def test_search_common_among_the_newest_finds_the_same(q: str, expected: list[str], monkeypatch):
    # Every query counts as common among the newest incidents: no ids gathered, rows checked.
    monkeypatch.setattr("speechwatch.incidents.search.SAMPLE_HITS", 0)
    assert found(q) == expected


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize(
    ("q", "sample_hits", "common"),
    [
        ("ста", 1, True),  # kk-2 "станица": one of the three newest
        ("ста", 2, False),
        ("қазақстан тілшісі", 1, True),
        ("оскемен", 1, False),  # no match at all
    ],
)
def test_common_at_top_counts_matches_among_the_newest(q, sample_hits, common, monkeypatch):
    from speechwatch.incidents.search import backend, common_at_top

    monkeypatch.setattr("speechwatch.incidents.search.SAMPLE_HITS", sample_hits)
    terms = search_words(q)
    text = backend().query(terms)
    assert common_at_top("default", connection.vendor, terms, text) is common


@pytest.mark.usefixtures("three")
def test_a_word_common_among_the_newest_never_has_its_matches_gathered(monkeypatch) -> None:
    # A word in every incident: reading all its ids from the index costs ~60 ms at 1M on
    # PostgreSQL (a GIN posting list is read whole, LIMIT or not); the list walks instead.
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("speechwatch.incidents.search.SAMPLE_HITS", 2)
    for n in range(3):
        _create(f"kk-c{n}", f"Жиі сөз {n}")
    with CaptureQueriesContext(connection) as queries:
        assert found("жиі") == ["kk-c0", "kk-c1", "kk-c2"]
    assert not [q["sql"] for q in queries.captured_queries if "LIMIT 10001" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        assert found("ҚАЗАҚСТАН") == ["kk-1"]  # rare: its few ids are gathered, as before
    assert [q["sql"] for q in queries.captured_queries if "LIMIT 10001" in q["sql"]]
