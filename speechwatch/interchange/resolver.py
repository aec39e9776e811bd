"""Reference data for the validator (categories, regions), read once from the database."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rapidfuzz import fuzz, process

from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Taxonomy
from speechwatch.taxonomy.queries import category_index, default_taxonomy


class DbResolver:
    """Reference data for the validator, read once from the database."""

    def __init__(self) -> None:
        found = default_taxonomy()
        self.default_taxonomy = found.code if found is not None else settings.DEFAULT_TAXONOMY
        self._taxonomies = set(Taxonomy.objects.values_list("code", flat=True))
        self._categories: dict[str, dict[str, int]] = {}
        self._regions: dict[str, int] = dict(Region.objects.values_list("code", "id"))
        self._matches: dict[str, tuple[str, int] | None] = {}
        self._matcher: Any = None

    def has_taxonomy(self, code: str) -> bool:
        return code in self._taxonomies

    def _index(self, taxonomy: str) -> dict[str, int]:
        index = self._categories.get(taxonomy)
        if index is None:
            index = self._categories[taxonomy] = category_index(taxonomy)
        return index

    def category_id(self, taxonomy: str, code: str) -> int | None:
        return self._index(taxonomy).get(code)

    def suggest_category(self, taxonomy: str, code: str) -> str | None:
        best = process.extractOne(
            code, list(self._index(taxonomy)), scorer=fuzz.ratio, score_cutoff=60
        )
        return best[0] if best else None

    def _region_matcher(self) -> Any:
        if self._matcher is None:
            from speechwatch.lib.regions import RegionMatcher, load_region_set

            self._matcher = RegionMatcher(load_region_set(settings.REGION_SET))
        return self._matcher

    def region(self, text: str) -> tuple[str, int] | None:
        if text in self._regions:
            return text, self._regions[text]
        if text not in self._matches:
            spec = self._region_matcher().match(text)
            code = getattr(spec, "code", None)
            found = (code, self._regions[code]) if code in self._regions else None
            if len(self._matches) > 10_000:
                self._matches.clear()
            self._matches[text] = found
        return self._matches[text]

    def suggest_region(self, text: str) -> list[str]:
        return [s for s in self._region_matcher().suggest(text) if s in self._regions]
