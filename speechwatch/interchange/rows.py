"""The database rows of a validated record: its own row (parent_values, _incident_row, the hot
path of big imports) and its link rows (LINKS, _link_rows, _incident_links). Pure: no queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Model

from speechwatch.cases.models import CaseDefendant, CaseIncident, CaseStage
from speechwatch.context.models import LegislativeStage
from speechwatch.incidents.models import (
    IncidentActor,
    IncidentCategory,
    IncidentTag,
    LegalReference,
    Source,
)
from speechwatch.incidents.search import incident_search_text
from speechwatch.interchange.schema import LANGS, RECORD_TYPES
from speechwatch.interchange.validate import Validated


def _text_cols(rec: dict[str, Any], name: str) -> dict[str, str]:
    text = rec[name]
    return {f"{name}_{lang}": text.get(lang, "") for lang in LANGS}


def parent_values(v: Validated) -> dict[str, Any]:
    """Model field values of a validated record's own row (not its links)."""
    r = v.record
    t = v.type
    common = {"is_demo": r["is_demo"], "internal_notes": r["internal_notes"]}
    if t == "actor":
        return {
            "kind": r["kind"],
            "type": r["actor_type"],
            "name": r["name"],
            "name_variants": r["name_variants"],
            **common,
        }
    if t == "incident":
        occurred = r["occurred_on"]
        precision = "unknown" if not occurred else "month" if len(occurred) == 7 else "day"
        return {
            "recorded_on": r["recorded_on"],
            "occurred_on": occurred + "-01" if precision == "month" else occurred,
            "occurred_precision": precision,
            **_text_cols(r, "title"),
            **_text_cols(r, "summary"),
            "region": v.region_id,
            "settlement": r["settlement"],
            "status": r["status"],
            "status_changed_at": r["status_changed_at"],
            "search_text": incident_search_text(r["title"], r["summary"], r["settlement"]),
            **common,
        }
    if t == "case":
        return {
            "kind": r["kind"],
            **_text_cols(r, "title"),
            **_text_cols(r, "summary"),
            "opened_on": r["opened_on"],
            "published": r["published"],
            **common,
        }
    if t == "event":
        return {
            "date": r["date"],
            "kind": r["kind"],
            **_text_cols(r, "title"),
            **_text_cols(r, "text"),
            "region": v.region_id,
            "source_urls": r["source_urls"],
            "published": r["published"],
            **common,
        }
    return {
        "kind": r["kind"],
        **_text_cols(r, "title"),
        **_text_cols(r, "summary"),
        "published": r["published"],
        **common,
    }


def _note(item: dict[str, Any]) -> list[str]:
    return [item["note"].get(lang, "") for lang in LANGS]


_NOTE = [f"note_{lang}" for lang in LANGS]

# Link tables per record type: (model, fields); rows are produced by _link_rows in this order.
LINKS: dict[str, list[tuple[type[Model], list[str]]]] = {
    "actor": [],
    "incident": [
        (IncidentCategory, ["incident", "category", "is_primary"]),
        (IncidentActor, ["incident", "actor", "role", "position"]),
        (LegalReference, ["incident", "code", "article", "part", "position"]),
        (
            Source,
            [
                "incident",
                "kind",
                "url",
                "outlet",
                "title",
                "published_on",
                "confidential",
                "correspondent",
                "position",
            ],
        ),
        (IncidentTag, ["incident", "tag"]),
    ],
    "case": [
        (CaseIncident, ["case", "incident"]),
        (CaseStage, ["case", "stage", "date", "body", "claim_amount", "outcome", *_NOTE]),
        (CaseDefendant, ["case", "actor", "status", "status_on"]),
    ],
    "event": [],
    "legislation": [(LegislativeStage, ["item", "stage", "date", *_NOTE])],
}


def _link_rows(
    v: Validated, pk: int, actors: dict[str, int], incidents: dict[str, int]
) -> list[list[Sequence[Any]]]:
    r = v.record
    if v.type == "incident":
        out: list[list[Sequence[Any]]] = [[] for _ in LINKS["incident"]]
        _incident_links(v, pk, actors, out)
        return out
    if v.type == "case":
        return [
            [[pk, incidents[i]] for i in r["incidents"]],
            [
                [pk, s["stage"], s["date"], s["body"], s["claim_amount"], s["outcome"], *_note(s)]
                for s in r["stages"]
            ],
            [[pk, actors[d["actor"]], d["status"], d["status_on"]] for d in r["defendants"]],
        ]
    if v.type == "legislation":
        return [[[pk, s["stage"], s["date"], *_note(s)] for s in r["stages"]]]
    return []


def _parent_row(v: Validated, stamp: tuple[Any, ...]) -> tuple[Any, ...]:
    """The values of Importer.tables[v.type]: external_id, parent_values(v), run and times."""
    return (v.record["external_id"], *parent_values(v).values(), *stamp)


def _incident_row(v: Validated, stamp: tuple[Any, ...]) -> tuple[Any, ...]:
    """_parent_row for an incident, without the intermediate dict (the hot path of big imports)."""
    r = v.record
    occurred = r["occurred_on"]
    n = len(occurred)
    title = r["title"]
    summary = r["summary"]
    return (
        r["external_id"],
        r["recorded_on"],
        occurred + "-01" if n == 7 else occurred,
        "unknown" if not n else "month" if n == 7 else "day",
        title.get("en", ""),
        title.get("ru", ""),
        title.get("kk", ""),
        summary.get("en", ""),
        summary.get("ru", ""),
        summary.get("kk", ""),
        v.region_id,
        r["settlement"],
        r["status"],
        r["status_changed_at"],
        incident_search_text(title, summary, r["settlement"]),
        r["is_demo"],
        r["internal_notes"],
        *stamp,
    )


def _incident_links(
    v: Validated, pk: int, actors: dict[str, int], out: list[list[Sequence[Any]]]
) -> None:
    """Append an incident's rows to the LINKS["incident"] tables: the one row builder for both
    writers (multi-row INSERTs and COPY)."""
    r = v.record
    categories, people, refs, sources, tags = out
    primary = r["primary_category"]
    for code, cid in zip(r["categories"], v.category_ids, strict=True):
        categories.append((pk, cid, code == primary))
    for pos, a in enumerate(r["victims"]):
        people.append((pk, actors[a], "victim", pos))
    for pos, a in enumerate(r["perpetrators"]):
        people.append((pk, actors[a], "perpetrator", pos))
    for pos, (c, a, p) in enumerate(v.legal_refs):
        refs.append((pk, c, a, p, pos))
    for pos, s in enumerate(r["sources"]):
        sources.append(
            (
                pk,
                s["kind"],
                s["url"],
                s["outlet"],
                s["title"],
                s["published_on"],
                s["confidential"],
                s["correspondent"],
                pos,
            )
        )
    for tag in r["tags"]:
        tags.append((pk, tag))


# Model fields that hold None where the record holds "".
_NULLABLE = frozenset({"occurred_on", "opened_on", "status_changed_at"})


def _sample(type_name: str) -> Validated:
    """A record with every field at its default: used only to learn the parent column list."""
    from speechwatch.interchange.schema import BY_NAME

    return Validated(type_name, {f.name: f.default() for f in BY_NAME[type_name].fields})


_SAMPLES = {rt.name: _sample(rt.name) for rt in RECORD_TYPES}
