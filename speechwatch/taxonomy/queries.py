"""Reads of installed taxonomies."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from speechwatch.incidents.models import IncidentCategory
from speechwatch.taxonomy.models import Category, Taxonomy
from speechwatch.taxonomy.tree import TaxonomyDoc
from speechwatch.taxonomy.yamlload import doc_from_data


def default_taxonomy() -> Taxonomy:
    """The taxonomy marked default, else the one named by settings.DEFAULT_TAXONOMY.

    Raises Taxonomy.DoesNotExist when none is installed (`speechwatch init` installs it)."""
    found = Taxonomy.objects.filter(is_default=True).first()
    if found is None:
        found = Taxonomy.objects.filter(code=settings.DEFAULT_TAXONOMY).first()
    if found is None:
        raise Taxonomy.DoesNotExist(
            f"no default taxonomy installed (expected {settings.DEFAULT_TAXONOMY}); "
            "run `speechwatch init` or `manage.py taxonomy install`"
        )
    return found


def get_taxonomy(code: str) -> Taxonomy | None:
    return Taxonomy.objects.filter(code=code).first()


def installed_doc(code: str) -> TaxonomyDoc | None:
    """The installed version of a taxonomy as a document, for diffs against a new file."""
    taxonomy = get_taxonomy(code)
    if taxonomy is None:
        return None
    return doc_from_data(taxonomy.document, filename=f"<installed {code} v{taxonomy.version}>")


def category_index(taxonomy_code: str) -> dict[str, int]:
    """code -> Category id, for validating imported category codes without a query per row."""
    return dict(Category.objects.filter(taxonomy__code=taxonomy_code).values_list("code", "id"))


@dataclass
class TreeItem:
    category: Category
    children: list[TreeItem] = field(default_factory=list)


def categories_tree(taxonomy_code: str) -> list[TreeItem]:
    """Blocks with their descendants nested, in file order."""
    categories = list(Category.objects.filter(taxonomy__code=taxonomy_code).order_by("position"))
    items = {c.id: TreeItem(c) for c in categories}
    roots: list[TreeItem] = []
    for c in categories:
        if c.parent_id is None:
            roots.append(items[c.id])
        else:
            items[c.parent_id].children.append(items[c.id])
    return roots


def incidents_using(taxonomy_code: str, codes: list[str]) -> dict[str, list[str]]:
    """code -> external ids of incidents classified under it (only codes in use appear)."""
    out: dict[str, list[str]] = {}
    links = (
        IncidentCategory.objects.filter(
            category__taxonomy__code=taxonomy_code, category__code__in=codes
        )
        .values_list("category__code", "incident__external_id")
        .order_by("category__code", "incident__external_id")
    )
    for code, external_id in links:
        out.setdefault(code, []).append(external_id)
    return out
