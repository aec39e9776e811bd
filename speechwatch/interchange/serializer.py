"""The canonical interchange form of stored rows: which columns each record type reads
(`PARENT_FIELDS`), the small reference tables (`Lookups`) and `serialize_rows`, which turns parent
rows from `.values()` into records with every field in the documented key order.

Its own module because more than the export reads it: the importer compares an incoming record
with the serialised stored one to decide "unchanged" or "updated", and the public API and feeds
serialise their pages with it. Link rows are fetched per call, for the rows given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Model

from speechwatch.actors.models import Actor
from speechwatch.cases.models import Case, CaseDefendant, CaseIncident, CaseStage
from speechwatch.context.models import ContextEvent, LegislativeItem, LegislativeStage
from speechwatch.incidents.models import (
    Incident,
    IncidentActor,
    IncidentCategory,
    IncidentTag,
    LegalReference,
    Source,
)
from speechwatch.interchange.schema import BY_NAME, LANGS, SCHEMA_VERSION, Field
from speechwatch.interchange.validate import legal_ref_text
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Category

MODELS: dict[str, type[Model]] = {
    "actor": Actor,
    "incident": Incident,
    "case": Case,
    "event": ContextEvent,
    "legislation": LegislativeItem,
}

_TEXT = {
    "incident": ("title", "summary"),
    "case": ("title", "summary"),
    "event": ("title", "text"),
    "legislation": ("title", "summary"),
}

PARENT_FIELDS: dict[str, list[str]] = {
    "actor": [
        "id",
        "external_id",
        "kind",
        "type",
        "name",
        "name_variants",
        "is_demo",
        "internal_notes",
    ],
    "incident": [
        "id",
        "external_id",
        "recorded_on",
        "occurred_on",
        "occurred_precision",
        "region_id",
        "settlement",
        "status",
        "status_changed_at",
        "is_demo",
        "internal_notes",
    ],
    "case": ["id", "external_id", "kind", "opened_on", "published", "is_demo", "internal_notes"],
    "event": [
        "id",
        "external_id",
        "date",
        "kind",
        "region_id",
        "source_urls",
        "published",
        "is_demo",
        "internal_notes",
    ],
    "legislation": ["id", "external_id", "kind", "published", "is_demo", "internal_notes"],
}
for _type, _names in _TEXT.items():
    PARENT_FIELDS[_type] += [f"{n}_{lang}" for n in _names for lang in LANGS]


@dataclass
class Lookups:
    """Small reference tables, loaded once per export or import."""

    regions: dict[int, str]
    categories: dict[int, tuple[str, str]]  # id -> (code, taxonomy code)
    default_taxonomy: str

    @classmethod
    def load(cls, default_taxonomy: str) -> Lookups:
        return cls(
            regions=dict(Region.objects.values_list("id", "code")),
            categories={
                cid: (code, tax)
                for cid, code, tax in Category.objects.values_list("id", "code", "taxonomy__code")
            },
            default_taxonomy=default_taxonomy,
        )


def iso(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def iso_datetime(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat() if value is not None else ""


def _text(row: dict[str, Any], name: str) -> dict[str, str]:
    return {lang: row[f"{name}_{lang}"] for lang in LANGS if row[f"{name}_{lang}"]}


def _note(row: dict[str, Any]) -> dict[str, str]:
    return _text(row, "note")


def _partial(value: date | None, precision: str) -> str:
    if value is None or precision == "unknown":
        return ""
    return f"{value.year:04d}-{value.month:02d}" if precision == "month" else value.isoformat()


def _group(rows: Iterable[Any], key: str) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return out


def serialize_rows(
    type_name: str, rows: list[dict[str, Any]], *, public: bool, lookups: Lookups
) -> list[dict[str, Any]]:
    """Canonical records (every field, documented key order) for parent rows from `.values()`."""
    ids = [r["id"] for r in rows]
    build = _BUILDERS[type_name]
    records = build(rows, ids, public, lookups)
    rt = BY_NAME[type_name]
    fields: tuple[Field, ...] = rt.public_fields() if public else rt.fields
    return [{f.name: rec[f.name] for f in fields} for rec in records]


def _head(type_name: str, row: dict[str, Any]) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "type": type_name, "external_id": row["external_id"]}


def _tail(row: dict[str, Any]) -> dict[str, Any]:
    return {"is_demo": row["is_demo"], "internal_notes": row["internal_notes"]}


def _actors(rows: list[dict], ids: list[int], public: bool, lk: Lookups) -> list[dict]:
    return [
        {
            **_head("actor", r),
            "kind": r["kind"],
            "actor_type": r["type"],
            "name": r["name"],
            "name_variants": list(r["name_variants"] or []),
            **_tail(r),
        }
        for r in rows
    ]


def _incidents(rows: list[dict], ids: list[int], public: bool, lk: Lookups) -> list[dict]:
    cats = _group(
        IncidentCategory.objects.filter(incident_id__in=ids)
        .order_by("id")
        .values("incident_id", "category_id", "is_primary"),
        "incident_id",
    )
    actors = _group(
        IncidentActor.objects.filter(incident_id__in=ids)
        .order_by("position", "id")
        .values("incident_id", "actor__external_id", "role"),
        "incident_id",
    )
    refs = _group(
        LegalReference.objects.filter(incident_id__in=ids)
        .order_by("position", "id")
        .values("incident_id", "code", "article", "part"),
        "incident_id",
    )
    sources_qs = Source.objects.filter(incident_id__in=ids).order_by("position", "id")
    if public:
        sources_qs = sources_qs.filter(confidential=False)
    sources = _group(
        sources_qs.values(
            "incident_id",
            "kind",
            "url",
            "outlet",
            "title",
            "published_on",
            "confidential",
            "correspondent",
        ),
        "incident_id",
    )
    tags = _group(
        IncidentTag.objects.filter(incident_id__in=ids)
        .order_by("tag")
        .values("incident_id", "tag"),
        "incident_id",
    )
    out = []
    for r in rows:
        pk = r["id"]
        links = cats.get(pk, [])
        codes = [lk.categories[c["category_id"]][0] for c in links]
        primary = next((lk.categories[c["category_id"]][0] for c in links if c["is_primary"]), "")
        taxonomy = lk.categories[links[0]["category_id"]][1] if links else lk.default_taxonomy
        roles = actors.get(pk, [])
        out.append(
            {
                **_head("incident", r),
                "recorded_on": iso(r["recorded_on"]),
                "occurred_on": _partial(r["occurred_on"], r["occurred_precision"]),
                "title": _text(r, "title"),
                "summary": _text(r, "summary"),
                "region": lk.regions.get(r["region_id"], "") if r["region_id"] else "",
                "settlement": r["settlement"],
                "taxonomy": taxonomy,
                "categories": codes,
                "primary_category": primary or (codes[0] if codes else ""),
                "victims": [a["actor__external_id"] for a in roles if a["role"] == "victim"],
                "perpetrators": [
                    a["actor__external_id"] for a in roles if a["role"] == "perpetrator"
                ],
                "legal_refs": [
                    legal_ref_text(x["code"], x["article"], x["part"]) for x in refs.get(pk, [])
                ],
                "sources": [
                    {
                        "kind": s["kind"],
                        "url": s["url"],
                        "outlet": s["outlet"],
                        "title": s["title"],
                        "published_on": iso(s["published_on"]),
                        "confidential": s["confidential"],
                        "correspondent": s["correspondent"],
                    }
                    for s in sources.get(pk, [])
                ],
                "status": r["status"],
                "status_changed_at": iso_datetime(r["status_changed_at"]),
                "tags": [t["tag"] for t in tags.get(pk, [])],
                **_tail(r),
            }
        )
        if public:
            for s in out[-1]["sources"]:
                del s["correspondent"]
    return out


def _cases(rows: list[dict], ids: list[int], public: bool, lk: Lookups) -> list[dict]:
    links_qs = CaseIncident.objects.filter(case_id__in=ids).order_by("id")
    if public:
        links_qs = links_qs.filter(incident__status="published")
    incidents = _group(links_qs.values("case_id", "incident__external_id"), "case_id")
    stages = _group(
        CaseStage.objects.filter(case_id__in=ids)
        .order_by("date", "id")
        .values("case_id", "stage", "date", "body", "claim_amount", "outcome", *_note_cols()),
        "case_id",
    )
    defendants = _group(
        CaseDefendant.objects.filter(case_id__in=ids)
        .order_by("id")
        .values("case_id", "actor__external_id", "status", "status_on"),
        "case_id",
    )
    return [
        {
            **_head("case", r),
            "kind": r["kind"],
            "title": _text(r, "title"),
            "summary": _text(r, "summary"),
            "opened_on": iso(r["opened_on"]),
            "incidents": [i["incident__external_id"] for i in incidents.get(r["id"], [])],
            "stages": [
                {
                    "stage": s["stage"],
                    "date": iso(s["date"]),
                    "body": s["body"],
                    "claim_amount": s["claim_amount"],
                    "outcome": s["outcome"],
                    "note": _note(s),
                }
                for s in stages.get(r["id"], [])
            ],
            "defendants": [
                {
                    "actor": d["actor__external_id"],
                    "status": d["status"],
                    "status_on": iso(d["status_on"]),
                }
                for d in defendants.get(r["id"], [])
            ],
            "published": r["published"],
            **_tail(r),
        }
        for r in rows
    ]


def _note_cols() -> list[str]:
    return [f"note_{lang}" for lang in LANGS]


def _events(rows: list[dict], ids: list[int], public: bool, lk: Lookups) -> list[dict]:
    return [
        {
            **_head("event", r),
            "date": iso(r["date"]),
            "kind": r["kind"],
            "title": _text(r, "title"),
            "text": _text(r, "text"),
            "region": lk.regions.get(r["region_id"], "") if r["region_id"] else "",
            "source_urls": list(r["source_urls"] or []),
            "published": r["published"],
            **_tail(r),
        }
        for r in rows
    ]


def _legislation(rows: list[dict], ids: list[int], public: bool, lk: Lookups) -> list[dict]:
    stages = _group(
        LegislativeStage.objects.filter(item_id__in=ids)
        .order_by("date", "id")
        .values("item_id", "stage", "date", *_note_cols()),
        "item_id",
    )
    return [
        {
            **_head("legislation", r),
            "kind": r["kind"],
            "title": _text(r, "title"),
            "summary": _text(r, "summary"),
            "stages": [
                {"stage": s["stage"], "date": iso(s["date"]), "note": _note(s)}
                for s in stages.get(r["id"], [])
            ],
            "published": r["published"],
            **_tail(r),
        }
        for r in rows
    ]


_BUILDERS = {
    "actor": _actors,
    "incident": _incidents,
    "case": _cases,
    "event": _events,
    "legislation": _legislation,
}
