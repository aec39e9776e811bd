"""Stage "links" (order 90): "follow-up of incident X", "new stage in case Y".

A news item is compared with recent incidents and open cases (loader "link_targets", stored
data only) by the signals the story stage uses — embedding similarity of the item's opening to
the target's title and summary, shared persons (after transliteration), legal references,
region, names and numbers — and linked when they agree. A follow-up may come months later, so
the event date does not veto here; an item published well before the incident is not linked.
A different region or different named persons refuse the link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np

from speechwatch.triage.context import LoadOptions, register_loader
from speechwatch.triage.stages import register
from speechwatch.triage.stories import agreement, conflicts, embed
from speechwatch.triage.storyfeat import (
    EMBED_CHARS,
    Features,
    date_key,
    features,
    h32,
    names_in,
    numbers_in,
    skeleton,
)
from speechwatch.triage.types import Document, Link, Triage

LINK_DAYS = 365  # incidents recorded within this many days are link targets
MAX_LINKS = 3
EARLIEST = 14  # an item published more than this many days before the incident: no link


@dataclass
class Target:
    kind: str  # incident | case
    ref: str  # external id
    feat: Features
    cases: tuple[str, ...] = ()  # open cases an incident belongs to
    texts: dict[str, str] = field(default_factory=dict)


def target_features(
    key: str,
    texts: Sequence[str],
    *,
    day: int,
    region: str | None,
    event: str | None,
    persons: Sequence[str],
    refs: Sequence[str],
    codes: Sequence[str],
) -> Features:
    text = "\n".join(t for t in texts if t)
    return Features(
        key=key,
        published=day,
        region=h32(region) if region else 0,
        event=date_key(event),
        code=h32(codes[0]) if codes else 0,
        persons=frozenset(h32(skeleton(p.split()[-1])) for p in persons if p.split()),
        anchors=frozenset(h32(n) for n in names_in(text, len(text)))
        | frozenset(h32(f"#{n}") for n in numbers_in(text)),
        refs=frozenset(h32(r) for r in refs),
    )


def link_score(f: Features, t: Features, cosine: float | None) -> float:
    """0 when the item is not linked to the target, else a 0..1 confidence."""
    if f.published and t.published and f.published < t.published - EARLIEST:
        return 0.0
    if set(conflicts(f, t)) - {"date"}:
        return 0.0
    points = agreement(f, t) - (1 if f.event and f.event == t.event else 0)
    if cosine is None:
        ok = points >= 3.5
    else:
        ok = cosine >= 0.8 and points >= (2.0 if cosine >= 0.88 else 3.0)
    if not ok:
        return 0.0
    return round(min(1.0, 0.15 * points + (max(0.0, cosine - 0.75) if cosine else 0.0)), 3)


def find_links(f: Features, targets: Sequence[Target], emb: np.ndarray | None) -> list[Link]:
    found: dict[tuple[str, str], Link] = {}
    for i, target in enumerate(targets):
        cos = None
        if f.emb is not None and emb is not None and target.feat.emb is not None:
            cos = float(emb[i] @ f.emb)
        score = link_score(f, target.feat, cos)
        if score <= 0:
            continue
        label = (
            f"follow-up of incident {target.ref}"
            if target.kind == "incident"
            else f"new stage in case {target.ref}"
        )
        found[(target.kind, target.ref)] = Link(target.kind, target.ref, score, label)
        for case in target.cases:
            if ("case", case) not in found:
                found[("case", case)] = Link("case", case, score, f"new stage in case {case}")
    return sorted(found.values(), key=lambda lk: -lk.score)[:MAX_LINKS]


@register("links", 90)
def links_stage(docs: Sequence[Document], results: list[Triage], context: Any) -> None:
    targets: list[Target] = (context.get("link_targets") if context is not None else None) or []
    if not targets:
        return
    feats = (context.get("story_features") or {}) if context is not None else {}
    matrix = np.stack([t.feat.emb for t in targets if t.feat.emb is not None]) if targets else None
    rows = np.zeros((len(targets), 384), dtype=np.float32)
    if matrix is not None and len(matrix):
        k = 0
        for i, t in enumerate(targets):
            if t.feat.emb is not None:
                rows[i] = matrix[k]
                k += 1
    for doc, result in zip(docs, results, strict=True):
        f = feats.get(doc.key) or features(doc, result)
        result.links = find_links(f, targets, rows)


# --- the loader (stored incidents and cases) --------------------------------------------------

_EMB_CACHE: dict[tuple[str, int, int], np.ndarray] = {}


@register_loader("link_targets")
def load_link_targets(options: LoadOptions) -> list[Target]:
    if not options.use_db:
        return []
    from django.utils import timezone

    from speechwatch.cases.models import Case, CaseIncident
    from speechwatch.incidents.models import Incident

    today = timezone.localdate()
    incidents = list(
        Incident.objects.filter(recorded_on__gte=today - timedelta(days=LINK_DAYS))
        .exclude(status="rejected")
        .select_related("region")
        .prefetch_related("actor_links__actor", "legal_refs", "category_links__category")
        .order_by("-recorded_on")[:2000]
    )
    open_cases = list(
        Case.objects.exclude(stages__stage="closed")
        .prefetch_related("defendants__actor")
        .order_by("-opened_on")[:500]
    )
    case_of: dict[int, list[str]] = {}
    for link in CaseIncident.objects.filter(case__in=open_cases).select_related("case"):
        case_of.setdefault(link.incident_id, []).append(link.case.external_id)
    targets: list[Target] = []
    for inc in incidents:
        texts = [inc.text("title", lang) + ". " + inc.text("summary", lang) for lang in LANGS]
        day = inc.occurred_on or inc.recorded_on
        feat = target_features(
            f"incident:{inc.external_id}",
            texts,
            day=day.toordinal(),
            region=inc.region.code if inc.region_id and inc.region else None,
            event=inc.occurred_on.isoformat() if inc.occurred_on else None,
            persons=[a.actor.name for a in inc.actor_links.all() if a.actor.kind == "person"],
            refs=[str(r) for r in inc.legal_refs.all()],
            codes=[c.category.code for c in inc.category_links.all() if c.is_primary],
        )
        cases = tuple(case_of.get(inc.pk, ()))
        targets.append(
            Target("incident", inc.external_id, feat, cases, dict(zip(LANGS, texts, strict=True)))
        )
        _embed_later(targets[-1], ("incident", inc.pk, inc.version))
    for case in open_cases:
        texts = [case.text("title", lang) + ". " + case.text("summary", lang) for lang in LANGS]
        feat = target_features(
            f"case:{case.external_id}",
            texts,
            day=case.opened_on.toordinal() if case.opened_on else 0,
            region=None,
            event=None,
            persons=[d.actor.name for d in case.defendants.all() if d.actor.kind == "person"],
            refs=[],
            codes=[],
        )
        targets.append(
            Target("case", case.external_id, feat, (), dict(zip(LANGS, texts, strict=True)))
        )
        _embed_later(targets[-1], ("case", case.pk, case.version))
    _embed_pending(targets)
    return targets


LANGS = ("ru", "kk", "en")
_PENDING: dict[int, tuple[str, int, int]] = {}


def _embed_later(target: Target, key: tuple[str, int, int]) -> None:
    cached = _EMB_CACHE.get(key)
    if cached is not None:
        target.feat.emb = cached
    else:
        _PENDING[id(target)] = key


def _embed_pending(targets: list[Target]) -> None:
    """Embed, in one batch, targets not seen before in this process (cached by version)."""
    todo = [t for t in targets if id(t) in _PENDING]
    texts = []
    for t in todo:
        text = next((t.texts[lang] for lang in LANGS if t.texts.get(lang, ". ") != ". "), "")
        texts.append(" ".join(text.split())[:EMBED_CHARS])
    vectors = embed(texts) if texts else None
    for n, t in enumerate(todo):
        key = _PENDING.pop(id(t))
        if vectors is not None and texts[n]:
            t.feat.emb = _EMB_CACHE[key] = vectors[n]
