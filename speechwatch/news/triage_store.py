"""Triage of stored news items: run the triage stages over items and keep what they suggest.

`triage_items(ids)` is the news pipeline stage (registered in apps.py): it loads the triage
context once per call (stored story index, link targets, model …), runs every triage stage over
the items' latest revisions in batches of BATCH, and writes each item's ItemTriage row and its
`triage_score` / `story` — idempotently (a task may run twice). `rescore(since)` does the same
for stored items after a model change. The Triage JSON keeps every evidence offset so the inbox
can highlight the phrase behind each suggestion.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from speechwatch.news.models import ItemTriage, NewsItem
from speechwatch.triage.types import (
    ActorMention,
    CodeScore,
    Document,
    Evidence,
    Link,
    Triage,
)

BATCH = 200
# Context parts that read no stored data: loaded once per process, not once per fetch.
STATIC_PARTS = ("lang_detector", "gazetteer", "ner")
_static: dict[str, Any] = {}


# --- Triage ⇄ JSON (with evidence) ----------------------------------------------------------


def _ev(evidence: Iterable[Evidence]) -> list[list[object]]:
    return [[e.start, e.end, e.phrase] for e in evidence]


def _unev(rows: Any) -> tuple[Evidence, ...]:
    out = []
    for row in rows or ():
        if isinstance(row, list | tuple) and len(row) == 3:
            out.append(Evidence(int(row[0]), int(row[1]), str(row[2])))
    return tuple(out)


def triage_to_json(t: Triage) -> dict[str, Any]:
    return {
        "lang": t.lang,
        "script": t.script,
        "violation": t.violation,
        "score": t.score,
        "relevance_evidence": _ev(t.relevance_evidence),
        "codes": [{"code": c.code, "score": c.score, "evidence": _ev(c.evidence)} for c in t.codes],
        "date": t.date,
        "date_evidence": _ev(t.date_evidence),
        "region": t.region,
        "settlement": t.settlement,
        "region_evidence": _ev(t.region_evidence),
        "legal_refs": list(t.legal_refs),
        "legal_evidence": _ev(t.legal_evidence),
        "actors": [
            {"name": a.name, "type": a.type, "actor_id": a.actor_id, "evidence": _ev(a.evidence)}
            for a in t.actors
        ],
        "cluster": t.cluster,
        "links": [
            {"kind": lk.kind, "ref": lk.ref, "score": lk.score, "label": lk.label} for lk in t.links
        ],
    }


def triage_from_json(key: str, d: dict[str, Any]) -> Triage:
    return Triage(
        key=key,
        lang=d.get("lang") or "",
        script=d.get("script") or "",
        violation=bool(d.get("violation")),
        score=float(d.get("score") or 0.0),
        relevance_evidence=_unev(d.get("relevance_evidence")),
        codes=[
            CodeScore(c["code"], float(c.get("score", 0)), _unev(c.get("evidence")))
            for c in d.get("codes") or ()
        ],
        date=d.get("date"),
        date_evidence=_unev(d.get("date_evidence")),
        region=d.get("region"),
        settlement=d.get("settlement") or "",
        region_evidence=_unev(d.get("region_evidence")),
        legal_refs=list(d.get("legal_refs") or ()),
        legal_evidence=_unev(d.get("legal_evidence")),
        actors=[
            ActorMention(a["name"], a.get("type", ""), a.get("actor_id"), _unev(a.get("evidence")))
            for a in d.get("actors") or ()
        ],
        cluster=d.get("cluster") or "",
        links=[
            Link(lk["kind"], lk["ref"], float(lk.get("score", 0)), lk.get("label", ""))
            for lk in d.get("links") or ()
        ],
    )


def stored_triage(item: NewsItem) -> Triage | None:
    row = ItemTriage.objects.filter(item_id=item.pk).only("result").first()
    return triage_from_json(f"news:{item.pk}", row.result) if row else None


def suggestions_of(t: Triage | None) -> dict[str, Any]:
    """The training-label shape of what was suggested: codes, region, date, score."""
    if t is None:
        return {}
    return {
        "codes": [c.code for c in t.codes[:3]],
        "region": t.region,
        "date": t.date,
        "score": round(t.score, 4),
    }


# --- running --------------------------------------------------------------------------------


def document(item: NewsItem) -> Document:
    published = timezone.localdate(item.published_at or item.fetched_at)
    return Document(f"news:{item.pk}", item.title, item.text, published, item.lang)


def _model_version(context: Any) -> str:
    model = context.get("model")
    return str(getattr(model, "version", "") or "")[:64]


def load_context() -> Any:
    import speechwatch.triage.builtin  # noqa: F401  (registers the loaders)
    from speechwatch.triage.context import LOADERS, Context, LoadOptions, load

    options = LoadOptions(use_db=True)
    context: Context = load(options, [n for n in LOADERS if n not in STATIC_PARTS])
    for name in STATIC_PARTS:
        if name in LOADERS:
            if name not in _static:
                _static[name] = LOADERS[name](options)
            context.parts[name] = _static[name]
    return context


def triage_items(item_ids: Sequence[int]) -> int:
    """The pipeline stage: triage the items (latest revisions only) and store the results."""
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        return 0
    context = load_context()
    done = 0
    for start in range(0, len(ids), BATCH):
        items = list(
            NewsItem.objects.filter(pk__in=ids[start : start + BATCH], is_latest=True).only(
                "id", "title", "text", "lang", "published_at", "fetched_at"
            )
        )
        done += _triage_batch(items, context)
    return done


def _triage_batch(items: list[NewsItem], context: Any) -> int:
    from speechwatch.triage.stages import run

    if not items:
        return 0
    docs = [document(item) for item in items]
    results = run(docs, context)
    feats = context.parts.pop("story_features", {}) if hasattr(context, "parts") else {}
    later = context.parts.pop("stored_embeddings", {}) if hasattr(context, "parts") else {}
    version, now = _model_version(context), timezone.now()
    with transaction.atomic():
        from speechwatch.triage.storyindex import quantise

        # stored partners embedded on demand by the story stage: kept for the next runs
        for key, vec in later.items():
            ItemTriage.objects.filter(item_id=int(key[5:])).update(
                embedding=quantise(vec).tobytes()
            )
        for item, doc, result in zip(items, docs, results, strict=True):
            f = feats.get(doc.key)
            emb = b""
            if f is not None and f.emb is not None:
                from speechwatch.triage.storyindex import quantise

                emb = quantise(f.emb).tobytes()
            ItemTriage.objects.update_or_create(
                item_id=item.pk,
                defaults={
                    "result": triage_to_json(result),
                    "published": doc.published,
                    "signature": f.sig.tobytes() if f is not None and f.sig is not None else b"",
                    "embedding": emb,
                    "features": f.as_json() if f is not None else {},
                    "model_version": version,
                    "triaged_at": now,
                },
            )
            NewsItem.objects.filter(pk=item.pk).update(
                triage_score=round(result.score, 6), story=result.cluster[:200]
            )
    return len(items)


def rescore(since: date | None = None, *, batch: int = BATCH) -> int:
    """Triage stored items again (after a model change): latest revisions published (or, if
    undated, fetched) on or after `since`, in batches; decisions already taken are kept."""
    qs = NewsItem.objects.filter(is_latest=True)
    if since is not None:
        qs = qs.filter(published_at__date__gte=since) | qs.filter(
            published_at__isnull=True, fetched_at__date__gte=since
        )
    ids = list(qs.order_by("id").values_list("id", flat=True))
    return sum(triage_items(ids[i : i + batch * 10]) for i in range(0, len(ids), batch * 10))


def rescore_cli(since_text: str | None, out: Any) -> int:
    """`speechwatch triage rescore [--since YYYY-MM-DD]`; a bad date is a CommandError (exit 2)."""
    from django.core.management.base import CommandError

    since = None
    if since_text:
        try:
            since = date.fromisoformat(since_text)
        except ValueError:
            raise CommandError(
                f"--since {since_text!r}: expected YYYY-MM-DD", returncode=2
            ) from None
    n = rescore(since)
    out.write(f"rescored {n} item(s)\n")
    return n


# --- the story index's stored rows ------------------------------------------------------------


def stored_features(days: int) -> list[Any]:
    """Stored items published in the last `days` days, as story Features (loader input)."""
    from speechwatch.triage.storyfeat import NUM_PERM, Features

    since = timezone.localdate() - timedelta(days=days)
    rows = (
        ItemTriage.objects.filter(published__gte=since, item__is_latest=True)
        .exclude(signature=b"")
        .values_list("item_id", "published", "signature", "embedding", "features", "item__story")
    )
    out = []
    for item_id, published, sig, emb, feat, story in rows.iterator(chunk_size=2000):
        sig_arr = np.frombuffer(bytes(sig), dtype=np.uint32)
        if len(sig_arr) != NUM_PERM:
            continue
        emb_bytes = bytes(emb or b"")
        out.append(
            Features(
                key=f"news:{item_id}",
                published=published.toordinal() if published else 0,
                sig=sig_arr,
                emb=np.frombuffer(emb_bytes, dtype=np.int8).astype(np.float32) / 127.0
                if len(emb_bytes) == 384
                else None,
                region=int(feat.get("region") or 0),
                event=int(feat.get("event") or 0),
                code=int(feat.get("code") or 0),
                persons=frozenset(feat.get("persons") or ()),
                anchors=frozenset(feat.get("anchors") or ()),
                refs=frozenset(feat.get("refs") or ()),
                cluster=story or f"s-news:{item_id}",
            )
        )
    return out


def stored_embed_texts(keys: list[str]) -> dict[str, str]:
    """The embedding text of stored items ("news:<id>" → text): the "stored_embed_texts"
    provider, for a story partner that was stored without an embedding."""
    from speechwatch.triage.storyfeat import embed_text

    ids = [int(k[5:]) for k in keys if k.startswith("news:") and k[5:].isdigit()]
    items = NewsItem.objects.filter(pk__in=ids).only(
        "id", "title", "text", "lang", "published_at", "fetched_at"
    )
    return {f"news:{item.pk}": embed_text(document(item)) for item in items}


def decision_rows() -> Any:
    """Every inbox decision, newest first per item: the "triage_decisions" provider that
    triage's training reads (speechwatch.triage.train.decision_labels)."""
    from speechwatch.news.models import TriageDecision

    return (
        TriageDecision.objects.select_related("item")
        .prefetch_related("incident__category_links__category__taxonomy")
        .order_by("item_id", "-at", "-id")
    )
