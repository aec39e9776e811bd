from __future__ import annotations

from django.db import models


class Region(models.Model):
    """Reference list of places (regions, cities of republican significance, abroad/online/unknown).

    Loaded from speechwatch/reference/data/<set>-regions.yaml by `speechwatch init`.
    """

    code = models.SlugField(max_length=64, unique=True)
    kind = models.CharField(max_length=16)  # region | city | special
    labels = models.JSONField(default=dict)
    variants = models.JSONField(default=list)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.code

    def label(self, lang: str) -> str:
        return str(self.labels.get(lang) or self.labels.get("en") or self.code)
