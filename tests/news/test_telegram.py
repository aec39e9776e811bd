"""Telegram Desktop exports: entities, forwards, unknown fields, later exports add only new."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speechwatch.audit.record import Who
from speechwatch.news.actions import add_source
from speechwatch.news.fetch import fetch_source
from speechwatch.news.models import NewsItem
from speechwatch.news.parsed import FetchError
from speechwatch.news.telegram import flatten, parse_export

FIXTURES = Path(__file__).parent / "fixtures"


def test_text_entities_flatten_to_text_and_links() -> None:
    text, links = flatten(
        [
            "see ",
            {"type": "link", "text": "https://a.kz/x"},
            " and ",
            {"type": "text_link", "text": "here", "href": "https://b.kz/y"},
            {"type": "bold", "text": "!"},
        ]
    )
    assert text == "see https://a.kz/x and here!"
    assert links == ["https://a.kz/x", "https://b.kz/y"]
    assert flatten("plain") == ("plain", [])
    assert flatten(None) == ("", [])


def test_parse_export_reads_messages_and_skips_service_and_empty() -> None:
    items = parse_export((FIXTURES / "tg1" / "result.json").read_bytes(), "tg1")
    assert [i.external_id for i in items] == ["1700000001:2", "1700000001:3", "1700000001:4"]
    first, second, forwarded = items
    assert (
        first.published_at is not None
        and first.published_at.isoformat() == "2024-04-01T04:15:00+00:00"
    )
    assert first.url == "https://t.me/dala_news_fixture/2"
    assert "https://example.kz/news/akkreditaciya" in second.text
    assert forwarded.text.startswith("[forwarded from Example Media]")
    assert "https://example.org/report-1" in forwarded.text


@pytest.mark.parametrize(
    "body", [b"not json", b"[]", b'{"name": "x"}', b'{"messages": 5}', "{}".encode("utf-16")]
)
def test_not_an_export_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(FetchError, match="where"):
        parse_export(body, "where")


@pytest.mark.django_db
def test_later_export_adds_only_new_messages(tmp_path: Path) -> None:
    export = tmp_path / "result.json"
    export.write_bytes((FIXTURES / "tg1" / "result.json").read_bytes())
    source = add_source(Who(label="t"), kind="telegram", url_or_path=str(export), name="Dala")
    run = fetch_source(source)
    assert (run.items_new, run.error) == (3, "")
    export.write_bytes((FIXTURES / "tg2" / "result.json").read_bytes())  # unknown fields too
    run = fetch_source(source)
    assert run.error == ""
    assert (run.items_new, run.items_seen) == (1, 3)
    assert NewsItem.objects.filter(source=source).count() == 4
    new = NewsItem.objects.get(external_id="1700000001:6")
    assert "Шымкентте" in new.text
    assert json.loads(new.raw_bytes)["reactions"][0]["count"] == 3  # raw kept as exported
    assert fetch_source(source).items_new == 0  # the same export again: nothing


@pytest.mark.django_db
def test_broken_export_is_recorded_on_the_run(tmp_path: Path) -> None:
    export = tmp_path / "result.json"
    export.write_text('{"messages": [', encoding="utf-8")
    source = add_source(Who(label="t"), kind="telegram", url_or_path=str(export), name="Broken")
    run = fetch_source(source)
    assert "not a Telegram export" in run.error
    missing = add_source(
        Who(label="t"), kind="telegram", url_or_path=str(tmp_path / "no"), name="M"
    )
    assert "no Telegram export" in fetch_source(missing).error
