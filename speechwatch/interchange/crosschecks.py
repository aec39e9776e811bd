"""Cross-field rules per record type, applied by `validate_record` after every field has been
converted on its own: references to reference data (region, categories, legal references),
duplicates within a list, and the rules that tie one field to another."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from speechwatch.interchange.records import (
    BAD,
    Errors,
    Resolver,
    Validated,
    legal_ref_parts,
    legal_ref_text,
)
from speechwatch.interchange.schema import RecordType


def _duplicates(values: list[str]) -> list[str]:
    if len(set(values)) == len(values):
        return []
    seen: set[str] = set()
    dups = []
    for v in values:
        if v in seen:
            dups.append(v)
        seen.add(v)
    return dups


def _region(value: Any, v: Validated, resolver: Resolver, errors: Errors) -> None:
    if not isinstance(value, str) or value == "":
        return
    found = resolver.region(value)
    if found is None:
        hints = resolver.suggest_region(value)
        hint = f" (did you mean {' or '.join(hints[:3])}?)" if hints else ""
        errors.append(("region", f"unknown region {value!r}{hint}"))
        return
    v.record["region"], v.region_id = found


def _check_actor(rt: RecordType, data: dict, v: Validated, r: Resolver, errors: Errors) -> None:
    if isinstance(data.get("name"), str) and not data["name"].strip():
        errors.append(("name", "must not be empty"))


def _check_incident(rt: RecordType, data: dict, v: Validated, r: Resolver, errors: Errors) -> None:
    rec = v.record
    if not rec:
        return
    taxonomy = rec.get("taxonomy")
    if taxonomy is BAD:
        return
    taxonomy = taxonomy or r.default_taxonomy
    if not r.has_taxonomy(taxonomy):
        errors.append(("taxonomy", f"unknown taxonomy {taxonomy!r}"))
        return
    codes = rec.get("categories")
    if isinstance(codes, list):
        for dup in _duplicates(codes):
            errors.append(("categories", f"category {dup!r} given twice"))
        for code in codes:
            cid = r.category_id(taxonomy, code)
            if cid is None:
                hint = r.suggest_category(taxonomy, code)
                more = f" (did you mean {hint}?)" if hint else ""
                errors.append(
                    ("categories", f"unknown category code {code!r} in taxonomy {taxonomy}{more}")
                )
            else:
                v.category_ids.append(cid)
        if not codes:
            if rec.get("status") != "draft" and isinstance(rec.get("status"), str):
                errors.append(
                    ("categories", "at least one category is required unless status is draft")
                )
            # An incident without categories has no taxonomy of its own; export writes the default.
            taxonomy = r.default_taxonomy
        primary = rec.get("primary_category")
        if primary == "" and codes:
            rec["primary_category"] = codes[0]
        elif isinstance(primary, str) and primary and primary not in codes:
            errors.append(("primary_category", f"{primary!r} is not one of the categories"))
    rec["taxonomy"] = taxonomy
    _region(data.get("region"), v, r, errors)
    for role in ("victims", "perpetrators"):
        if isinstance(rec.get(role), list):
            for dup in _duplicates(rec[role]):
                errors.append((role, f"actor {dup!r} given twice"))
    refs = rec.get("legal_refs")
    if isinstance(refs, list):
        normal = []
        for text in refs:
            try:
                parts = legal_ref_parts(text)
            except ValueError as exc:
                errors.append(("legal_refs", f"bad legal reference {text!r}: {exc}"))
                continue
            v.legal_refs.append(parts)
            normal.append(legal_ref_text(*parts))
        for dup in _duplicates(normal):
            errors.append(("legal_refs", f"legal reference {dup!r} given twice"))
        rec["legal_refs"] = normal
    if isinstance(rec.get("tags"), list):
        rec["tags"] = sorted(set(rec["tags"]))  # stored unique, exported sorted


def _sort_stages(rec: dict) -> None:
    # Stages are stored and exported by date; a stable sort keeps same-day stages in file order.
    if isinstance(rec.get("stages"), list):
        rec["stages"] = sorted(rec["stages"], key=lambda s: s["date"])


def _check_case(rt: RecordType, data: dict, v: Validated, r: Resolver, errors: Errors) -> None:
    rec = v.record
    if not rec:
        return
    if isinstance(rec.get("incidents"), list):
        for dup in _duplicates(rec["incidents"]):
            errors.append(("incidents", f"incident {dup!r} given twice"))
    if isinstance(rec.get("defendants"), list):
        for dup in _duplicates([d["actor"] for d in rec["defendants"] if d.get("actor")]):
            errors.append(("defendants", f"actor {dup!r} given twice"))
    _sort_stages(rec)


def _check_event(rt: RecordType, data: dict, v: Validated, r: Resolver, errors: Errors) -> None:
    if v.record:
        _region(data.get("region"), v, r, errors)


def _check_legislation(
    rt: RecordType, data: dict, v: Validated, r: Resolver, errors: Errors
) -> None:
    if v.record:
        _sort_stages(v.record)


CHECKS: dict[str, Callable[[RecordType, dict, Validated, Resolver, Errors], None]] = {
    "actor": _check_actor,
    "incident": _check_incident,
    "case": _check_case,
    "event": _check_event,
    "legislation": _check_legislation,
}
