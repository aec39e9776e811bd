"""Canonical URLs and content hashes: each story once (pure, no database)."""

from __future__ import annotations

import pytest

from speechwatch.news.canonical import canonical_url, content_hash

SAME = [
    ("https://example.kz/news/1", "https://example.kz/news/1/"),
    ("https://example.kz/news/1", "HTTPS://EXAMPLE.KZ/news/1"),
    ("https://example.kz/news/1", "https://www.example.kz/news/1"),
    ("https://example.kz/news/1", "https://m.example.kz/news/1"),
    ("https://example.kz/news/1", "https://mobile.example.kz/news/1"),
    ("https://example.kz/news/1", "https://example.kz/amp/news/1"),
    ("https://example.kz/news/1", "https://example.kz/news/1/amp/"),
    ("https://example.kz/news/1", "https://example.kz/news/1?amp"),
    ("https://example.kz/news/1", "https://example.kz/news/1?amp=1"),
    ("https://example.kz/news/1", "https://example.kz:443/news/1"),
    ("https://example.kz/news/1", "http://example.kz:80/news/1"),
    ("https://example.kz/news/1", "https://example.kz/news/1#comments"),
    ("https://example.kz/news/1", "https://example.kz/news/1?utm_source=tg&utm_medium=x"),
    ("https://example.kz/news/1", "https://example.kz/news/1?fbclid=abc"),
    ("https://example.kz/news/1", "https://example.kz/news/1?gclid=1&yclid=2"),
    ("https://example.kz/a?id=5&p=2", "https://example.kz/a?p=2&id=5&utm_campaign=z"),
]
DIFFERENT = [
    ("https://example.kz/news/1", "https://example.kz/news/2"),
    ("https://example.kz/a?id=5", "https://example.kz/a?id=6"),
    ("https://example.kz/news/1", "https://example.kz:8443/news/1"),
    ("https://example.kz/news/1", "https://other.kz/news/1"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_variants_of_one_story_collapse(a: str, b: str) -> None:
    assert canonical_url(a) == canonical_url(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_stories_stay_apart(a: str, b: str) -> None:
    assert canonical_url(a) != canonical_url(b)


@pytest.mark.parametrize("bad", ["", "not a url", "ftp://x/y", "http://[::1", "mailto:a@b"])
def test_odd_input_never_raises(bad: str) -> None:
    assert isinstance(canonical_url(bad), str)


def test_hash_ignores_whitespace_case_and_unicode_form() -> None:
    assert content_hash("Title", "Some  text\n here") == content_hash("title ", "some text here")
    assert content_hash("Қазақ", "мәтін") == content_hash(
        "Қазақ", "ма\u0306тін".replace("а\u0306", "ә")
    )
    assert content_hash("Title", "text") != content_hash("Title", "text, edited")
