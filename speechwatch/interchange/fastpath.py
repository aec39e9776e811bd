"""A fast path through validation for the common shape: a valid incident (pure, no ORM).

Large imports are almost all valid incidents, and the general validator (validate.py) spends
most of its time walking field specs and collecting errors that never come. `fast_incident`
checks the same rules straight-line and returns exactly what `validate_record` would return for
a record without problems — or None at the first thing it does not accept, in which case the
caller runs the general validator, which reports the errors in the usual words. So the fast
path may only ever *decline*; it never decides that something is wrong.

tests/interchange/test_fastpath.py checks the equivalence on every test record and on random
records (hypothesis).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from speechwatch.interchange.records import (
    Resolver,
    Validated,
    legal_ref_parts,
    legal_ref_text,
    parse_datetime,
)
from speechwatch.interchange.schema import (
    INCIDENT,
    LANGS,
    SOURCE_FIELDS,
    SOURCE_KINDS,
    STATUSES,
    is_id,
)
from speechwatch.lib.dates import parse_date, parse_partial_date

_INCIDENT_KEYS = frozenset(f.name for f in INCIDENT.fields)
_SOURCE_KEYS = frozenset(f.name for f in SOURCE_FIELDS)
_LANG_SET = frozenset(LANGS)
_STATUSES = frozenset(STATUSES)
_SOURCE_KINDS = frozenset(SOURCE_KINDS)
_LIMIT = {f.name: f.max_length for f in INCIDENT.fields}
_SOURCE_LIMIT = {f.name: f.max_length for f in SOURCE_FIELDS}
# A record that is not a plain JSON value of these shapes goes the general way.
_NUL = "\x00"
# A strict subset of what lib.urls.check_url accepts, checked by one regular expression; any
# other link (odd host, spaces, another scheme) goes the general way, which calls check_url.
_plain_url = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][!-~]*)?", re.ASCII
).fullmatch


def _memo(fn: Callable[[str], str], limit: int = 4096) -> Callable[[str], str | None]:
    """Memoise a pure text -> canonical text conversion; None where it raises ValueError.

    Dates repeat across thousands of records; the cache is cleared when full, so it stays small.
    """
    cache: dict[str, str | None] = {}

    def get(text: str) -> str | None:
        try:
            return cache[text]
        except KeyError:
            pass
        try:
            out: str | None = fn(text)
        except ValueError:
            out = None
        if len(cache) >= limit:
            cache.clear()
        cache[text] = out
        return out

    return get


# The very conversions validate._convert applies, memoised.
_day = _memo(lambda s: parse_date(s).isoformat())
_partial = _memo(lambda s: parse_partial_date(s).iso())
_stamp = _memo(parse_datetime)


def _text(value: Any) -> dict[str, str] | None:
    if type(value) is not dict or not value.keys() <= _LANG_SET:
        return None
    for t in value.values():
        if type(t) is not str or _NUL in t:
            return None
    return {lang: value[lang] for lang in LANGS if value.get(lang)}


def _str(value: Any, limit: int = 0) -> bool:
    return type(value) is str and _NUL not in value and (not limit or len(value) <= limit)


def _strings(value: Any, limit: int = 0) -> bool:
    """A list of non-empty strings (each within `limit`), without repeats."""
    if type(value) is not list:
        return False
    for item in value:
        if type(item) is not str or not item or _NUL in item or (limit and len(item) > limit):
            return False
    return True


_KNOWN_IDS: set[str] = set()  # ids already matched: actors recur across many incidents


def _ids(value: Any) -> bool:
    """A list of external ids (schema.ID_PATTERN)."""
    if type(value) is not list:
        return False
    known = _KNOWN_IDS
    for item in value:
        if type(item) is not str:
            return False
        if item in known:
            continue
        if not is_id(item):
            return False
        if len(known) >= 100_000:  # bounded, like the other caches
            known.clear()
        known.add(item)
    return True


def _unique(values: list[str]) -> bool:
    return len(values) < 2 or len(set(values)) == len(values)


def _sources(value: Any) -> list[dict[str, Any]] | None:
    if type(value) is not list:
        return None
    out = []
    limit = _SOURCE_LIMIT
    for s in value:
        if type(s) is not dict or not s.keys() <= _SOURCE_KEYS:
            return None
        kind = s.get("kind")
        url = s.get("url", "")
        outlet = s.get("outlet", "")
        title = s.get("title", "")
        published_on = s.get("published_on", "")
        confidential = s.get("confidential", False)
        correspondent = s.get("correspondent", "")
        if (
            type(kind) is not str
            or kind not in _SOURCE_KINDS
            or not _str(url, limit["url"])
            or (url and not _plain_url(url))
            or not _str(outlet, limit["outlet"])
            or not _str(title, limit["title"])
            or not _str(correspondent, limit["correspondent"])
            or type(confidential) is not bool
            or type(published_on) is not str
        ):
            return None
        if published_on:
            published_on = _day(published_on)
            if published_on is None:
                return None
        out.append(
            {
                "kind": kind,
                "url": url,
                "outlet": outlet,
                "title": title,
                "published_on": published_on,
                "confidential": confidential,
                "correspondent": correspondent,
            }
        )
    return out


def fast_incident(data: Any, resolver: Resolver) -> Validated | None:
    """What validate_record returns for a valid incident record, or None (use the general way)."""
    if type(data) is not dict or not data.keys() <= _INCIDENT_KEYS:
        return None
    get = data.get
    version = get("schema_version")
    external_id = get("external_id")
    recorded_on = get("recorded_on")
    if (
        type(version) is not int
        or version != 1
        or get("type") != "incident"
        or type(external_id) is not str
        or not is_id(external_id)
        or type(recorded_on) is not str
    ):
        return None
    recorded_on = _day(recorded_on)
    occurred_on = get("occurred_on", "")
    if recorded_on is None or type(occurred_on) is not str:
        return None
    occurred_on = _partial(occurred_on)
    title = _text(get("title", {}))
    summary = _text(get("summary", {}))
    region = get("region", "")
    settlement = get("settlement", "")
    taxonomy = get("taxonomy", "")
    codes = get("categories", [])
    primary = get("primary_category", "")
    victims = get("victims", [])
    perpetrators = get("perpetrators", [])
    refs = get("legal_refs", [])
    status = get("status", "draft")
    changed_at = get("status_changed_at", "")
    tags = get("tags", [])
    is_demo = get("is_demo", False)
    notes = get("internal_notes", "")
    if (
        occurred_on is None
        or title is None
        or summary is None
        or not _str(region)
        or not _str(settlement, _LIMIT["settlement"])
        or not _str(taxonomy)
        or not _strings(codes)
        or not _str(primary)
        or not _ids(victims)
        or not _ids(perpetrators)
        or not _strings(refs)
        or type(status) is not str
        or status not in _STATUSES
        or type(changed_at) is not str
        or not _strings(tags, _LIMIT["tags"])
        or type(is_demo) is not bool
        or not _str(notes)
    ):
        return None
    sources = _sources(get("sources", []))
    changed_at = _stamp(changed_at)
    if sources is None or changed_at is None:
        return None

    # Cross-field rules, as crosschecks._check_incident applies them.
    taxonomy = taxonomy or resolver.default_taxonomy
    if not resolver.has_taxonomy(taxonomy) or not _unique(codes):
        return None
    category_ids = []
    for code in codes:
        cid = resolver.category_id(taxonomy, code)
        if cid is None:
            return None
        category_ids.append(cid)
    if not codes:
        if status != "draft":
            return None
        taxonomy = resolver.default_taxonomy
    if primary == "":
        if codes:
            primary = codes[0]
    elif primary not in codes:
        return None
    region_id = None
    if region:
        found = resolver.region(region)
        if found is None:
            return None
        region, region_id = found
    if not _unique(victims) or not _unique(perpetrators):
        return None
    parts_list = []
    normal = []
    for text in refs:
        try:
            parts = legal_ref_parts(text)
        except ValueError:
            return None
        parts_list.append(parts)
        normal.append(legal_ref_text(*parts))
    if not _unique(normal):
        return None
    record = {
        "schema_version": 1,
        "type": "incident",
        "external_id": external_id,
        "recorded_on": recorded_on,
        "occurred_on": occurred_on,
        "title": title,
        "summary": summary,
        "region": region,
        "settlement": settlement,
        "taxonomy": taxonomy,
        "categories": list(codes),
        "primary_category": primary,
        "victims": list(victims),
        "perpetrators": list(perpetrators),
        "legal_refs": normal,
        "sources": sources,
        "status": status,
        "status_changed_at": changed_at,
        "tags": sorted(set(tags)),
        "is_demo": is_demo,
        "internal_notes": notes,
    }
    return Validated("incident", record, region_id, category_ids, parts_list)
