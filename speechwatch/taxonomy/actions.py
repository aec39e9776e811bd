"""Installing taxonomies into the database (the only writes of this app)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from speechwatch.audit.record import SYSTEM, Who, record
from speechwatch.taxonomy.models import Category, Taxonomy
from speechwatch.taxonomy.queries import incidents_using
from speechwatch.taxonomy.tree import TaxonomyDoc
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy


class TaxonomyInstallError(Exception):
    """An install was refused; nothing was changed."""


class TaxonomyVersionError(TaxonomyInstallError):
    pass


class TaxonomyInUseError(TaxonomyInstallError):
    """The new version would drop or re-parent codes that incidents are classified under."""

    def __init__(
        self, code: str, version: int, affected: dict[str, list[str]], reasons: dict[str, str]
    ) -> None:
        self.code = code
        self.version = version
        self.affected = affected  # category code -> incident external ids
        self.reasons = reasons  # category code -> "removed" | "re-parented A -> B"
        parts = [
            f"{c} ({reasons[c]}; {len(ids)} incident{'s' if len(ids) != 1 else ''}: "
            f"{', '.join(ids)})"
            for c, ids in sorted(affected.items())
        ]
        super().__init__(
            f"cannot install {code} v{version}: codes used by incidents would be removed or "
            f"re-parented: {'; '.join(parts)}. Keep these codes (add synonyms instead of renaming) "
            "or reclassify the incidents first."
        )


def checksum(doc: TaxonomyDoc) -> str:
    canonical = json.dumps(doc.data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def planned_conflicts(
    taxonomy: Taxonomy, doc: TaxonomyDoc
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(reasons, affected) for installing `doc` over `taxonomy`: codes dropped or re-parented by
    the new version, and which of those incidents use. Shared with `taxonomy diff`."""
    current = {c.id: c for c in taxonomy.categories.all()}
    reasons: dict[str, str] = {}
    for cat in current.values():
        if not doc.has(cat.code):
            reasons[cat.code] = "removed"
            continue
        old_parent = current[cat.parent_id].code if cat.parent_id else None
        new_parent = doc.node(cat.code).parent
        if old_parent != new_parent:
            reasons[cat.code] = (
                f"re-parented {old_parent or '(block)'} -> {new_parent or '(block)'}"
            )
    return reasons, incidents_using(taxonomy.code, list(reasons))


def install_taxonomy(doc: TaxonomyDoc, *, who: Who, make_default: bool = False) -> Taxonomy:
    """Create or update a taxonomy and its categories from a validated document.

    Categories are updated in place by code, so incidents keep pointing at them. Refused
    (nothing changes) if the version goes backwards, if the content changed without a new
    version, or if codes used by incidents would be dropped or re-parented. The first taxonomy
    installed becomes the default; `make_default` moves the default to this one.
    """
    digest = checksum(doc)
    with transaction.atomic():
        taxonomy = Taxonomy.objects.select_for_update().filter(code=doc.code).first()
        before: dict[str, Any] | None = None
        if taxonomy is not None:
            if doc.version < taxonomy.version:
                raise TaxonomyVersionError(
                    f"cannot install {doc.code} v{doc.version}: v{taxonomy.version} is installed "
                    "and versions may not go backwards"
                )
            if doc.version == taxonomy.version:
                if digest != taxonomy.checksum:
                    raise TaxonomyVersionError(
                        f"cannot install {doc.code} v{doc.version}: it differs from the installed "
                        f"v{taxonomy.version}; raise `version` in the file"
                    )
                if make_default and not taxonomy.is_default:
                    _make_default(taxonomy, who)
                return taxonomy  # same version, same content: nothing to do
            reasons, affected = planned_conflicts(taxonomy, doc)
            if affected:
                raise TaxonomyInUseError(doc.code, doc.version, affected, reasons)
            before = {"version": taxonomy.version, "checksum": taxonomy.checksum}
            taxonomy.version = doc.version
            taxonomy.title = doc.title
            taxonomy.document = doc.data
            taxonomy.checksum = digest
            taxonomy.installed_at = timezone.now()
            taxonomy.save()
        else:
            taxonomy = Taxonomy.objects.create(
                code=doc.code,
                version=doc.version,
                title=doc.title,
                document=doc.data,
                checksum=digest,
                installed_at=timezone.now(),
            )
        changes = _sync_categories(taxonomy, doc)
        record(
            who,
            "taxonomy.update" if before else "taxonomy.install",
            "taxonomy",
            taxonomy.code,
            before=before,
            after={"version": taxonomy.version, "checksum": digest, **changes},
        )
        if make_default or not Taxonomy.objects.filter(is_default=True).exists():
            _make_default(taxonomy, who)
    return taxonomy


def _sync_categories(taxonomy: Taxonomy, doc: TaxonomyDoc) -> dict[str, list[str]]:
    existing = {c.code: c for c in taxonomy.categories.all()}
    old_parent = {c.code: c.parent.code if c.parent else None for c in existing.values()}
    changes: dict[str, list[str]] = {"added": [], "removed": [], "reparented": [], "changed": []}
    # Pass 1: every node's own fields (parents may come later in the file).
    for node in doc.nodes:
        fields = {
            "block": node.block,
            "depth": node.depth,
            "position": node.position,
            "labels": node.labels,
            "synonyms": node.synonyms,
            "description": node.description,
            "facets": list(node.facets),
            "counting": node.counting,
        }
        cat = existing.get(node.code)
        if cat is None:
            existing[node.code] = Category.objects.create(
                taxonomy=taxonomy, code=node.code, **fields
            )
            changes["added"].append(node.code)
            continue
        if any(getattr(cat, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(cat, k, v)
            cat.save()
            changes["changed"].append(node.code)
    # Pass 2: parents.
    for node in doc.nodes:
        cat = existing[node.code]
        parent = existing[node.parent] if node.parent else None
        if cat.parent_id != (parent.id if parent else None):
            cat.parent = parent
            cat.save(update_fields=["parent"])
            if node.code in old_parent:
                changes["reparented"].append(node.code)
    # Unused codes the new version drops; deepest first because parent is PROTECTed.
    gone = sorted((c for c in existing.values() if not doc.has(c.code)), key=lambda c: -c.depth)
    for cat in gone:
        Category.objects.filter(parent=cat).update(parent=None)
        cat.delete()
        changes["removed"].append(cat.code)
    return {k: v for k, v in changes.items() if v}


def _make_default(taxonomy: Taxonomy, who: Who) -> None:
    Taxonomy.objects.exclude(pk=taxonomy.pk).filter(is_default=True).update(is_default=False)
    taxonomy.is_default = True
    taxonomy.save(update_fields=["is_default"])
    record(who, "taxonomy.make_default", "taxonomy", taxonomy.code)


def install_builtin(code: str, who: Who = SYSTEM, *, make_default: bool = False) -> Taxonomy:
    """Install a taxonomy shipped in speechwatch/taxonomy/data/ (adilsoz-2024, jfj)."""
    return install_taxonomy(
        load_taxonomy(builtin_taxonomy_path(code)), who=who, make_default=make_default
    )
