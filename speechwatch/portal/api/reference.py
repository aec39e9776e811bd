"""/api/v1/taxonomy and /api/v1/regions: the reference lists the filters' codes come from."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from speechwatch.portal.api.common import responses
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy

router = Router(tags=["reference"])


class CategoryOut(Schema):
    code: str
    parent: str | None
    depth: int
    labels: dict[str, str]


class RegionOut(Schema):
    code: str
    kind: str
    labels: dict[str, str]


@router.get("/taxonomy", response=responses(list[CategoryOut]))
def taxonomy(request: HttpRequest) -> list[dict[str, Any]]:
    """The default taxonomy, in file order: blocks (depth 0) and their categories."""
    return [
        {
            "code": c.code,
            "parent": c.parent.code if c.parent else None,
            "depth": c.depth,
            "labels": c.labels,
        }
        for c in Category.objects.filter(taxonomy=default_taxonomy())
        .select_related("parent")
        .order_by("position")
    ]


@router.get("/regions", response=responses(list[RegionOut]))
def regions(request: HttpRequest) -> list[dict[str, Any]]:
    """The 17 regions and 3 cities of significance, with their labels in each language."""
    return [{"code": r.code, "kind": r.kind, "labels": r.labels} for r in Region.objects.all()]
