"""Writes to the reference tables."""

from __future__ import annotations

from django.db import transaction

from speechwatch.audit.record import Who, record
from speechwatch.lib.regions import load_region_set
from speechwatch.reference.models import Region


@transaction.atomic
def install_regions(set_name: str, *, who: Who) -> int:
    """Create or update the regions of a set; codes are stable, rows are updated in place."""
    specs = load_region_set(set_name)
    existing = {r.code: r for r in Region.objects.all()}
    changed = 0
    for position, spec in enumerate(specs):
        values = {
            "kind": spec.kind,
            "labels": dict(spec.labels),
            "variants": list(spec.variants),
            "valid_from": spec.valid_from,
            "valid_to": spec.valid_to,
            "position": position,
        }
        region = existing.get(spec.code)
        if region is None:
            Region.objects.create(code=spec.code, **values)
            changed += 1
        elif any(getattr(region, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(region, k, v)
            region.save()
            changed += 1
    if changed:
        record(who, "reference.install_regions", "region_set", set_name, after={"changed": changed})
    return changed
