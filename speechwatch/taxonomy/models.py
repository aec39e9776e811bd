from __future__ import annotations

from django.db import models


class Taxonomy(models.Model):
    """An installed taxonomy; its source is a versioned YAML file (docs/taxonomy.md)."""

    code = models.SlugField(max_length=64, unique=True)
    version = models.PositiveIntegerField()
    title = models.JSONField(default=dict)  # {"en": ..., "ru": ..., "kk": ...}
    document = models.JSONField(default=dict)  # the parsed file, kept for diffs and audit
    checksum = models.CharField(max_length=64, blank=True)
    is_default = models.BooleanField(default=False)
    installed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class Category(models.Model):
    """A node of a taxonomy. `code` is stable across versions; incidents point at it."""

    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    block = models.CharField(max_length=120)  # code of the top-level ancestor (R, I, L)
    depth = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)  # order within the file
    labels = models.JSONField(default=dict)
    synonyms = models.JSONField(default=dict)  # {"en": [...], "ru": [...], "kk": [...]}
    description = models.JSONField(default=dict)
    facets = models.JSONField(default=list)
    counting = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="category_code_unique")
        ]
        ordering = ["taxonomy_id", "position"]

    def __str__(self) -> str:
        return self.code

    def label(self, lang: str) -> str:
        return str(self.labels.get(lang) or self.labels.get("en") or self.code)
