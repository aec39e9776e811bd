"""The overrides form: posted fields → overrides, keeping what the form does not show (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from speechwatch.workspace.report_form import block_mode, merge_ordered, overrides_from_post

LANGS = ("en", "ru", "kk")
BLOCKS = ("R", "I", "L")


def parse(post: dict[str, list[str]], current: dict[str, Any] | None = None) -> dict[str, Any]:
    return overrides_from_post(post, current or {}, blocks=BLOCKS, langs=LANGS)


@pytest.mark.parametrize(
    ("post", "current", "expected"),
    [
        # Nothing chosen: nothing stored.
        ({}, {}, {}),
        ({"block-R": ["template"]}, {}, {}),
        ({"block-L": ["all"]}, {}, {"blocks": {"L": {"items": "all"}}}),
        (
            {"block-R": ["chosen"], "block-R-items": ["R.obstruction", "R.threats"]},
            {},
            {"blocks": {"R": {"items": ["R.obstruction", "R.threats"]}}},
        ),
        # The order the editor had is kept; a new item goes last.
        (
            {"block-R": ["chosen"], "block-R-items": ["R.a", "R.b", "R.c"]},
            {"blocks": {"R": {"items": ["R.c", "R.a"]}}},
            {"blocks": {"R": {"items": ["R.c", "R.a", "R.b"]}}},
        ),
        # Back to the template removes the block's choice.
        ({"block-R": ["template"]}, {"blocks": {"R": {"items": ["R.a"]}}}, {}),
        # Featured cases: automatic removes the list; chosen keeps boxes and typed ids.
        ({"featured-mode": ["auto"]}, {"featured_cases": ["c1"]}, {}),
        (
            {"featured-mode": ["chosen"], "featured": ["c1"], "featured-extra": ["c9, c1\nc8"]},
            {},
            {"featured_cases": ["c1", "c9", "c8"]},
        ),
        ({"featured-mode": ["chosen"]}, {}, {"featured_cases": []}),
        ({"also": ["i2", "i1"]}, {"also": ["i1"]}, {"also": ["i1", "i2"]}),
        # Switches: only when the form shows them; true is the default and not stored.
        ({"flags": ["1"], "comparisons": ["1"]}, {}, {"charts": False}),
        ({"flags": ["1"], "comparisons": ["1"], "charts": ["1"]}, {"charts": False}, {}),
        ({}, {"charts": False}, {"charts": False}),
        # Texts: per language; an emptied field goes back to the generated text.
        (
            {"text-keys": ["intro"], "text-intro-ru": ["Вступление\r\n\r\nДалее"]},
            {},
            {"text": {"intro": {"ru": "Вступление\n\nДалее"}}},
        ),
        (
            {"text-keys": ["intro"], "text-intro-en": [""], "text-intro-ru": ["Новый"]},
            {"text": {"intro": {"en": "Old", "ru": "Старый"}}},
            {"text": {"intro": {"ru": "Новый"}}},
        ),
        ({"text-keys": ["intro"]}, {"text": {"intro": {"en": "Old"}}}, {}),
        # What the form does not show is kept (breakdowns, other text keys).
        (
            {"text-keys": ["intro"]},
            {"breakdowns": {"L.x": ["L.x.a"]}, "text": {"heading:also": {"en": "Also"}}},
            {"breakdowns": {"L.x": ["L.x.a"]}, "text": {"heading:also": {"en": "Also"}}},
        ),
    ],
)
def test_overrides_from_post(post, current, expected) -> None:
    assert parse(post, current) == expected


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"block-R": ["chosen"]}, "block-R-items"),
        ({"block-R": ["some"]}, "block-R"),
        ({"featured-mode": ["maybe"]}, "featured-mode"),
    ],
)
def test_bad_fields_are_named(post, field) -> None:
    with pytest.raises(ValueError, match=field):
        parse(post)


@pytest.mark.parametrize(
    ("overrides", "mode"),
    [
        ({}, "template"),
        ({"blocks": {"R": {}}}, "template"),
        ({"blocks": {"R": {"items": "all"}}}, "all"),
        ({"blocks": {"R": {"items": ["R.a"]}}}, "chosen"),
    ],
)
def test_block_mode(overrides, mode) -> None:
    assert block_mode(overrides, "R") == mode


def test_merge_ordered() -> None:
    assert merge_ordered(["b", "a", "x"], ["a", "c", "b"]) == ["b", "a", "c"]
