"""The starter list of Kazakh outlets: shape, honesty fields, addresses that pass check_url."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from speechwatch.lib.regions import load_region_set
from speechwatch.lib.urls import check_url

STARTER = Path("speechwatch/news/data/starter_sources.yaml")
FIELDS = {"name", "kind", "url", "lang", "region", "outlet", "seen_at", "enabled"}


def _entries() -> list[dict[str, Any]]:
    return yaml.safe_load(STARTER.read_text(encoding="utf-8"))["sources"]


def test_at_least_30_outlets_in_three_languages_and_telegram_channels() -> None:
    entries = _entries()
    outlets = [e for e in entries if e["kind"] != "telegram"]
    assert len(outlets) >= 30
    assert {e["lang"] for e in outlets} == {"kk", "ru", "en"}
    assert sum(e["kind"] == "telegram" for e in entries) >= 3
    assert sum(bool(e["region"]) for e in outlets) >= 8  # regional outlets, not only national


def test_every_entry_is_complete_disabled_and_says_where_it_was_seen() -> None:
    regions = {spec.code for spec in load_region_set("kz")} | {""}
    names = set()
    for e in _entries():
        assert set(e) == FIELDS, e
        assert e["enabled"] is False, e["name"]
        assert e["kind"] in {"rss", "page", "sitemap", "telegram"}, e["name"]
        assert e["lang"] in {"kk", "ru", "en"}, e["name"]
        assert e["region"] in regions, e["name"]
        assert check_url(e["url"]) == e["url"]
        assert e["seen_at"].strip(), e["name"]
        assert e["outlet"].strip(), e["name"]
        assert e["name"] not in names
        names.add(e["name"])
    unverified = [e for e in _entries() if e["seen_at"].startswith("unverified")]
    assert all(e["kind"] != "rss" or e["name"] == "Ult.kz" for e in unverified)
