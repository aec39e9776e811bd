"""A text in the reader's language, else another one, with the language that was used."""

from __future__ import annotations

import pytest

from speechwatch.lib.text import pick_text


@pytest.mark.parametrize(
    ("texts", "lang", "expected"),
    [
        ({"en": "a", "ru": "б"}, "ru", ("б", None)),
        ({"en": "a", "ru": ""}, "ru", ("a", "en")),
        ({"kk": "қ"}, "en", ("қ", "kk")),
        ({"ru": "б", "kk": "қ"}, "en", ("б", "ru")),
        ({}, "kk", ("", None)),
    ],
)
def test_pick_text(texts: dict[str, str], lang: str, expected: tuple[str, str | None]) -> None:
    assert pick_text(texts, lang) == expected
