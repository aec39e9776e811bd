"""Staff page: phrases of published overviews still unmapped or low in confidence.

A person maps each phrase once; the mapping is stored through actions.confirm_mapping (audited),
updates the figures waiting for it, and every later reading reuses it. Editors and admins only
(PUBLISH): a mapping changes published figures that feed the portal and the overview.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from speechwatch.overviews.actions import confirm_mapping
from speechwatch.overviews.mapping import confirmed_key
from speechwatch.overviews.models import PublishedStatistics
from speechwatch.staff import roles as R
from speechwatch.staff.access import require, who
from speechwatch.taxonomy.tree import TaxonomyDoc
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy

LIMIT = 200  # phrase groups shown at once; mapping them makes room for the next


@dataclass
class Phrase:
    taxonomy: str
    key: str
    phrase: str
    lang: str
    guess: str
    confidence: float
    figures: int = 0
    sources: list[str] = field(default_factory=list)


def taxonomy_doc(code: str) -> TaxonomyDoc | None:
    """The installed version (it may carry newer synonyms), else the built-in file, else None."""
    try:
        from speechwatch.taxonomy.queries import installed_doc

        doc = installed_doc(code)
        if doc is not None:
            return doc
    except DatabaseError:
        pass
    try:
        return load_taxonomy(builtin_taxonomy_path(code))
    except (FileNotFoundError, ValueError):
        return None


def group_phrases(rows: Sequence[Mapping[str, Any]]) -> list[Phrase]:
    """Figures → one entry per (taxonomy, phrase key), most figures first. Pure."""
    groups: dict[tuple[str, str], Phrase] = {}
    for r in rows:
        phrase = str(r["phrase"] or "")
        key = confirmed_key(phrase)
        if not key:
            continue
        tax = str(r["document__taxonomy"])
        g = groups.get((tax, key))
        if g is None:
            g = groups[(tax, key)] = Phrase(
                tax,
                key,
                phrase,
                str(r["lang"]),
                str(r["code"]),
                float(r["confidence"]),  # type: ignore[arg-type]
            )
        g.figures += 1
        source = str(r["document__source_name"])
        if source not in g.sources and len(g.sources) < 3:
            g.sources.append(source)
    return sorted(groups.values(), key=lambda g: (-g.figures, g.taxonomy, g.key))


def _choices(doc: TaxonomyDoc, lang: str) -> list[tuple[str, str]]:
    def label(labels: dict[str, str]) -> str:
        return labels.get(lang) or labels.get("en") or next(iter(labels.values()), "")

    return [(n.code, f"{n.code} — {label(n.labels)}") for n in doc.nodes]


@require(R.PUBLISH)
def unmapped(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _confirm(request)
    rows = list(
        PublishedStatistics.objects.filter(needs_review=True)
        .exclude(code__startswith="facet:")
        .values(
            "phrase", "lang", "code", "confidence", "document__taxonomy", "document__source_name"
        )[: LIMIT * 20]
    )
    phrases = group_phrases(rows)[:LIMIT]
    lang = (request.LANGUAGE_CODE or "en").split("-")[0]
    docs: dict[str, TaxonomyDoc | None] = {p.taxonomy: None for p in phrases}
    choices = {}
    for code in docs:
        doc = taxonomy_doc(code)
        choices[code] = _choices(doc, lang) if doc else []
    return render(
        request,
        "overviews/unmapped.html",
        {"phrases": [(p, choices[p.taxonomy]) for p in phrases], "limit": LIMIT},
    )


def _confirm(request: HttpRequest) -> HttpResponse:
    taxonomy = request.POST.get("taxonomy", "")[:64]
    phrase = request.POST.get("phrase", "")[:2000].strip()
    code = request.POST.get("code", "")[:160].strip()
    lang = request.POST.get("lang", "")[:8]
    doc = taxonomy_doc(taxonomy) if taxonomy else None
    if doc is None:
        messages.error(request, _("Taxonomy: unknown taxonomy %(code)s.") % {"code": taxonomy})
    elif not phrase or not code:
        messages.error(request, _("Choose a category for the phrase."))
    else:
        try:
            confirm_mapping(doc=doc, phrase=phrase, code=code, lang=lang, who=who(request))
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("“%(phrase)s” is now read as %(code)s.") % {"phrase": phrase, "code": code},
            )
    return redirect("workspace:overviews_unmapped")
