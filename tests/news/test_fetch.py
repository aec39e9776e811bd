"""Fetching feeds, pages and sitemaps over a local HTTP server: conditional GET, each story once,
revisions, encodings, and every kind of bad input recorded on the source's FetchRun."""

from __future__ import annotations

import zlib

import pytest

from speechwatch.audit.record import Who
from speechwatch.news.actions import add_source
from speechwatch.news.fetch import fetch_due, fetch_source
from speechwatch.news.models import FetchRun, NewsItem, Source
from tests.news.fetch_server import Route, Server, rss

pytestmark = pytest.mark.django_db
WHO = Who(label="test")
ARTICLE = (
    "<html><head><title>Редакцию оштрафовали</title></head><body><nav>Меню</nav><article>"
    "<h1>Редакцию оштрафовали</h1>"
    + "".join(
        f"<p>Вымышленный абзац {n}: суд в вымышленном городе оштрафовал редакцию за публикацию "
        "о работе местного акимата; журналисты намерены обжаловать решение.</p>"
        for n in range(6)
    )
    + "</article><footer>©</footer></body></html>"
)


@pytest.fixture(autouse=True)
def _loopback(settings):
    settings.SPEECHWATCH_FETCH_ALLOW_PRIVATE = True  # the fixture server is on 127.0.0.1
    settings.SPEECHWATCH_FETCH_POLITENESS = 0
    settings.SPEECHWATCH_FETCH_RETRIES = 1
    settings.SPEECHWATCH_FETCH_TIMEOUT = 3
    settings.SPEECHWATCH_FETCH_BACKOFF = 0.01


@pytest.fixture
def server():
    with Server() as srv:
        yield srv


def feed_source(server: Server, path: str = "/feed.xml", **kw) -> Source:
    return add_source(WHO, kind="rss", url_or_path=server.url(path), name=path, **kw)


def test_feed_items_stored_once_and_304_costs_nothing(server: Server) -> None:
    body = rss(
        [
            (f"https://example.kz/n/{n}?utm_source=rss", f"Жаңалық {n}", f"Мәтін {n}")
            for n in range(3)
        ]
    )
    server.routes["/feed.xml"] = Route(body.encode(), etag='"v1"', gzip=True)
    source = feed_source(server)
    run = fetch_source(source)
    assert (run.http_status, run.items_new, run.error) == (200, 3, "")
    item = NewsItem.objects.get(title="Жаңалық 0")
    assert item.canonical_url == "https://example.kz/n/0"
    assert item.lang == "ru" and item.extraction == "feed" and item.published_at is not None
    assert zlib.decompress(bytes(item.raw))  # raw payload kept compressed
    source.refresh_from_db()
    assert source.etag == '"v1"' and source.next_due_at is not None
    run = fetch_source(source)
    assert (run.http_status, run.items_new, run.items_seen, run.bytes) == (304, 0, 0, 0)
    assert server.hits[-1][1]["if-none-match"] == '"v1"'
    assert "SpeechWatch" in server.hits[-1][1]["user-agent"]
    assert "mailto:" in server.hits[-1][1]["user-agent"]


def test_same_story_again_is_seen_and_an_edit_is_a_revision(server: Server) -> None:
    server.routes["/a.xml"] = Route(rss([("https://example.kz/n/1", "T", "first text")]).encode())
    server.routes["/b.xml"] = Route(
        rss([("https://m.example.kz/amp/n/1/?fbclid=z", "T", "first text, corrected")]).encode()
    )
    first = fetch_source(feed_source(server, "/a.xml"))
    second = fetch_source(feed_source(server, "/b.xml"))
    assert (first.items_new, second.items_new, second.items_revised) == (1, 0, 1)
    items = NewsItem.objects.order_by("revision")
    assert [(i.revision, i.is_latest) for i in items] == [(1, False), (2, True)]
    assert items[1].revision_of_id == items[0].pk
    third = fetch_source(Source.objects.get(name="/b.xml"))
    assert (third.items_new, third.items_revised, third.items_seen) == (0, 0, 1)


def test_undeclared_and_declared_cp1251(server: Server) -> None:
    doc = rss([("https://example.kz/cp/1", "Новости Казахстана", "Текст на русском")])
    server.routes["/undeclared.xml"] = Route(
        doc.encode("cp1251"), content_type="application/rss+xml"
    )
    declared = doc.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="windows-1251"?>')
    server.routes["/declared.xml"] = Route(
        declared.replace("/cp/1", "/cp/2").encode("cp1251"), content_type="text/xml"
    )
    wrong = doc.replace("/cp/1", "/cp/3").encode("cp1251")  # says UTF-8, is cp1251
    server.routes["/wrong.xml"] = Route(wrong, content_type="text/xml; charset=utf-8")
    for path in ("/undeclared.xml", "/declared.xml", "/wrong.xml"):
        assert fetch_source(feed_source(server, path)).error == ""
    assert set(NewsItem.objects.values_list("title", flat=True)) == {"Новости Казахстана"}
    assert NewsItem.objects.count() == 1  # same text at three addresses: one story


def test_full_text_fetches_the_article(server: Server) -> None:
    server.routes["/article"] = Route(ARTICLE.encode(), content_type="text/html; charset=utf-8")
    server.routes["/feed.xml"] = Route(
        rss([(server.url("/article"), "Редакцию оштрафовали", "Кратко")]).encode()
    )
    run = fetch_source(feed_source(server, full_text=True))
    assert run.error == ""
    item = NewsItem.objects.get()
    assert item.extraction == "trafilatura" and "Вымышленный абзац 5" in item.text
    assert "Меню" not in item.text


def test_page_and_sitemap_sources(server: Server) -> None:
    server.routes["/article"] = Route(ARTICLE.encode(), content_type="text/html")
    server.routes["/sitemap.xml"] = Route(
        (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{server.url('/article')}</loc><lastmod>2024-04-01</lastmod></url></urlset>"
        ).encode(),
        content_type="application/xml",
    )
    page = add_source(WHO, kind="page", url_or_path=server.url("/article"), name="page")
    assert fetch_source(page).items_new == 1
    sitemap = add_source(WHO, kind="sitemap", url_or_path=server.url("/sitemap.xml"), name="sm")
    run = fetch_source(sitemap)
    assert (run.items_new, run.items_seen, run.error) == (0, 1, "")  # already known from the page


BAD = [
    (
        "malformed",
        Route(b"<rss><channel><item><title>x</broken", content_type="text/xml"),
        "malformed feed",
    ),
    (
        "html",
        Route(b"<html><body><p>hello</p></body></html>", content_type="text/html"),
        "not an RSS",
    ),
    (
        "binary",
        Route(b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png"),
        "binary content",
    ),
    ("nul", Route(b"\x00\x01\x02" * 50, content_type="text/plain"), "binary content"),
    ("huge", Route(b"<rss>" + b"x" * 3000, content_type="text/xml"), "size cap"),
    ("status", Route(b"gone", status=410, content_type="text/plain"), "HTTP 410"),
    (
        "badutf",
        Route(b"<rss>\x98\xff\xfe</rss>", content_type="text/xml; charset=klingon"),
        "encoding",
    ),
]


@pytest.mark.parametrize(("name", "route", "reason"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_the_sources_error_and_stores_nothing(
    server: Server, settings, name, route, reason
) -> None:
    settings.SPEECHWATCH_FETCH_MAX_BYTES = 2000
    server.routes[f"/{name}"] = route
    good = rss([("https://example.kz/ok", "Ok", "fine")]).encode()
    server.routes["/good"] = Route(good)
    feed_source(server, f"/{name}")
    feed_source(server, "/good")
    runs = {r.source.name: r for r in fetch_due()}  # one failing source never stops the others
    assert reason in runs[f"/{name}"].error
    assert runs["/good"].error == "" and runs["/good"].items_new == 1
    assert NewsItem.objects.count() == 1


def test_malformed_feed_keeps_whole_entries_and_notes_the_error(server: Server) -> None:
    body = rss([("https://example.kz/whole", "Whole", "fine")]).replace(
        "</channel></rss>", "<item><title>cut"
    )
    server.routes["/feed.xml"] = Route(body.encode())
    run = fetch_source(feed_source(server))
    assert (
        run.items_new == 1 and "malformed feed" in run.error and "1 whole entries kept" in run.error
    )
    assert list(NewsItem.objects.values_list("title", flat=True)) == ["Whole"]


def test_page_that_is_no_article(server: Server) -> None:
    server.routes["/menu"] = Route(
        b"<html><body><a href='/'>Home</a></body></html>", content_type="text/html"
    )
    run = fetch_source(add_source(WHO, kind="page", url_or_path=server.url("/menu"), name="menu"))
    assert "no article text" in run.error and NewsItem.objects.count() == 0


def test_unreachable_host_and_retries(server: Server, settings) -> None:
    server.routes["/flaky"] = Route(b"busy", status=503, content_type="text/plain")
    run = fetch_source(feed_source(server, "/flaky"))
    assert "HTTP 503" in run.error
    assert [p for p, _ in server.hits].count(
        "/flaky"
    ) == 2  # one retry (SPEECHWATCH_FETCH_RETRIES=1)
    dead = add_source(WHO, kind="rss", url_or_path="http://127.0.0.1:9/feed", name="dead")
    assert "ConnectionRefusedError" in fetch_source(dead).error
    nohost = add_source(WHO, kind="rss", url_or_path="http://no-such-host.invalid/f", name="nx")
    assert "host not found" in fetch_source(nohost).error


def test_ssrf_guard_refuses_private_addresses_and_redirects_to_them(
    server: Server, settings
) -> None:
    settings.SPEECHWATCH_FETCH_ALLOW_PRIVATE = False
    for url in (
        "http://127.0.0.1:1/x",
        "http://10.0.0.1/x",
        "http://169.254.169.254/latest",
        "http://[::1]/x",
        "http://224.0.0.1/x",
        "http://0.0.0.0/x",
        "http://localhost/x",
    ):
        source = add_source(WHO, kind="rss", url_or_path=url, name=url)
        assert "refused address" in fetch_source(source).error, url
    assert server.hits == []


def test_redirect_to_a_private_address_is_refused(server: Server, settings) -> None:
    from speechwatch.news.client import Client

    # a public name that redirects to loopback: the redirect target is checked again
    client = Client(
        politeness=0,
        retries=0,
        respect_robots=False,
        resolver=lambda host, port: (
            ["93.184.216.34"] if host == "public.example" else ["127.0.0.1"]
        ),
    )
    server.routes["/r"] = Route(b"", status=302, headers={"Location": "http://internal.example/"})

    import speechwatch.news.client as mod

    calls = []
    original = mod._PinnedHTTP.connect

    def connect(self):  # the public address is really our server: connect there
        calls.append(self._ips[0])
        self._ips, self.port = ["127.0.0.1"], server.port
        original(self)

    mod._PinnedHTTP.connect = connect  # type: ignore[method-assign]
    try:
        source = add_source(WHO, kind="rss", url_or_path="http://public.example/r", name="redir")
        run = fetch_source(source, client)
    finally:
        mod._PinnedHTTP.connect = original  # type: ignore[method-assign]
    assert "internal.example" in run.error and "refused address 127.0.0.1" in run.error
    assert calls == ["93.184.216.34"]


def test_redirect_limit_and_robots(server: Server) -> None:
    for n in range(7):
        server.routes[f"/loop{n}"] = Route(b"", status=301, headers={"Location": f"/loop{n + 1}"})
    assert "more than 5 redirects" in fetch_source(feed_source(server, "/loop0")).error
    server.routes["/robots.txt"] = Route(
        b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    server.routes["/private/feed.xml"] = Route(rss([("https://e.kz/p", "P", "p")]).encode())
    assert "robots.txt" in fetch_source(feed_source(server, "/private/feed.xml")).error
    assert not any(p == "/private/feed.xml" for p, _ in server.hits)


def test_politeness_waits_between_requests_to_one_host() -> None:
    from speechwatch.news.client import Client

    now = [100.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    client = Client(politeness=1.0, sleep=sleep, clock=lambda: now[0])
    client._polite("a.kz")
    client._polite("b.kz")
    client._polite("a.kz")
    assert slept == [1.0]


def test_folder_source_reads_files_and_reports_bad_ones(tmp_path) -> None:
    from pathlib import Path

    folder = Path(__file__).parent / "fixtures" / "folder"
    source = add_source(WHO, kind="folder", url_or_path=str(folder), name="folder")
    run = fetch_source(source)
    assert run.items_new == 4
    assert "broken.html" in run.error and "binary" in run.error
    titles = set(NewsItem.objects.values_list("title", flat=True))
    assert {"Тестовая заметка", "Жалоба", "Fictional story one", "Fictional two"} <= titles
    assert fetch_source(source).items_new == 0


def test_a_crash_while_storing_stores_nothing_of_that_item(server: Server, monkeypatch) -> None:
    server.routes["/feed.xml"] = Route(
        rss([("https://e.kz/1", "A", "a"), ("https://e.kz/2", "B", "b")]).encode()
    )
    import speechwatch.news.actions as actions

    real = actions.NewsItem.save

    def save(self, *a, **kw):
        real(self, *a, **kw)
        if self.title == "A":
            raise RuntimeError("disk full")  # after the row is written: the atomic block undoes it

    def bulk_create(*a, **kw):
        raise RuntimeError("database is locked")  # the batch fails: item by item, each alone

    monkeypatch.setattr(actions.NewsItem, "save", save)
    monkeypatch.setattr(actions.NewsItem.objects, "bulk_create", bulk_create)
    run = fetch_source(feed_source(server))
    assert "disk full" in run.error and run.items_new == 1
    assert list(NewsItem.objects.values_list("title", flat=True)) == ["B"]
    assert FetchRun.objects.count() == 1
