"""The version check's pure parts: reading the posted version and the field-by-field diff."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from speechwatch.lib.conflicts import FieldDiff, StaleEdit, compare, flatten, parse_version


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, None), ("", None), ("  ", None), ("1", 1), (" 12 ", 12)],
)
def test_parse_version(raw: str | None, expected: int | None) -> None:
    assert parse_version(raw) == expected


@pytest.mark.parametrize("raw", ["0", "-1", "two", "1.5", "1e3"])
def test_parse_version_refuses_and_names_the_field(raw: str) -> None:
    with pytest.raises(ValueError, match=r"^version: "):
        parse_version(raw)


@pytest.mark.parametrize(
    ("yours", "theirs", "rows"),
    [
        ({"title": "A"}, {"title": "B"}, [FieldDiff("title", "A", "B")]),
        ({"title": "same"}, {"title": "same"}, [FieldDiff("title", "same", "same")]),
        (
            {"n": 3, "on": date(2024, 4, 2)},
            {"n": "3", "on": None},
            [
                FieldDiff("n", "3", "3"),
                FieldDiff("on", "2024-04-02", ""),
            ],
        ),
        ({"tags": ["a", "b"]}, {"tags": ("a",)}, [FieldDiff("tags", "a\nb", "a")]),
        ({"ok": True}, {"ok": False}, [FieldDiff("ok", "yes", "no")]),
        ({"text": "x\r\ny "}, {"text": "x\ny"}, [FieldDiff("text", "x\ny", "x\ny")]),
        # Fields only they have come after yours.
        ({"a": 1}, {"b": 2, "a": 1}, [FieldDiff("a", "1", "1"), FieldDiff("b", "", "2")]),
    ],
)
def test_compare(yours: dict[str, Any], theirs: dict[str, Any], rows: list[FieldDiff]) -> None:
    assert compare(yours, theirs) == rows


def test_differs() -> None:
    assert FieldDiff("f", "a", "b").differs and not FieldDiff("f", "a", "a").differs


@pytest.mark.parametrize(
    ("value", "flat"),
    [
        ({}, {}),
        ({"also": ["i1", "i2"]}, {"also": ["i1", "i2"]}),
        (
            {"text": {"intro": {"en": "Hi", "ru": "Привет"}}, "charts": False},
            {"charts": False, "text.intro.en": "Hi", "text.intro.ru": "Привет"},
        ),
        ({"blocks": {"R": {"items": "all"}, "I": {}}}, {"blocks.I": {}, "blocks.R.items": "all"}),
    ],
)
def test_flatten(value: dict[str, Any], flat: dict[str, Any]) -> None:
    assert flatten(value) == flat


def test_stale_edit_says_what_happened() -> None:
    exc = StaleEdit("incident", "inc-1", expected=3, version=5, current={"title": "t"})
    assert str(exc) == (
        "version: incident inc-1 was changed by someone else "
        "(you edited version 3, it is now version 5)"
    )
    assert exc.current == {"title": "t"} and exc.version == 5
