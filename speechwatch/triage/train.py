"""The training set and a training run: the shipped corpus, the organisation's incident records
and the monitors' inbox decisions, all as labelled items (docs/triage.md).

- incidents: verified and published ones; the title and summary in each language with text is a
  violation with the incident's codes (the primary one first);
- inbox decisions (the latest per item): "incident"/"attached" → a violation with the
  incident's codes, or the codes the monitor corrected (`corrections["codes"]`); dismissed as not
  a violation, out of scope or not Kazakhstan → not a violation; `corrections["violation"]`
  (true/false), when given, overrides. Duplicates teach nothing and are left out.
The report stored with a version is the cross-validated evaluation (evaluation.py) on the
training set itself; thresholds per language come from the same out-of-fold scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from speechwatch.triage.categories import blend
from speechwatch.triage.context import provider
from speechwatch.triage.evaluation import EvalReport, evaluate
from speechwatch.triage.features import guess_lang
from speechwatch.triage.labelled import read_labelled
from speechwatch.triage.model import Example, OutOfFold, TriageModel, fit
from speechwatch.triage.profile import TaxonomyProfile
from speechwatch.triage.starter import CORPUS_DIR, corpus_files, examples
from speechwatch.triage.types import CodeScore, Triage

LANGS = ("kk", "ru", "en")
NEGATIVE_REASONS = ("not_violation", "out_of_scope", "not_kazakhstan")
REPORT_PARTS = ("violation", "codes", "calibration")


def incident_labels(taxonomy: str) -> list[dict[str, Any]]:
    from speechwatch.incidents.models import Incident, Status

    rows = (
        Incident.objects.filter(status__in=[Status.VERIFIED, Status.PUBLISHED])
        .select_related("region")
        .prefetch_related("category_links__category__taxonomy")
        .order_by("id")
    )
    out: list[dict[str, Any]] = []
    for inc in rows:
        codes = _incident_codes(inc, taxonomy)
        region = inc.region.code if inc.region is not None else None
        for lang in LANGS:
            title = getattr(inc, f"title_{lang}", "") or ""
            summary = getattr(inc, f"summary_{lang}", "") or ""
            if title or summary:
                out.append(
                    {
                        "id": f"incident:{inc.external_id}:{lang}",
                        "lang": lang,
                        "title": title,
                        "text": summary,
                        "violation": True,
                        "codes": codes,
                        "region": region,
                    }
                )
    return out


def _incident_codes(incident: Any, taxonomy: str | None = None) -> list[str]:
    """The incident's codes in `taxonomy` (any, when None), the primary one first."""
    links = [
        link
        for link in incident.category_links.all()
        if taxonomy is None or link.category.taxonomy.code == taxonomy
    ]
    links.sort(key=lambda link: (not link.is_primary, link.category.position))
    return [link.category.code for link in links]


def decision_label(decision: Any, taxonomy: str | None = None) -> dict[str, Any] | None:
    """The label one inbox decision gives its item, or None when it teaches nothing."""
    item = decision.item
    corrections = decision.corrections if isinstance(decision.corrections, dict) else {}
    if decision.decision in ("incident", "attached"):
        violation = True
    elif decision.decision == "dismissed" and decision.reason in NEGATIVE_REASONS:
        violation = False
    else:
        return None
    if isinstance(corrections.get("violation"), bool):
        violation = corrections["violation"]
    codes: list[str] = []
    if violation:
        corrected = corrections.get("codes")
        if isinstance(corrected, list) and all(isinstance(c, str) for c in corrected):
            codes = list(corrected)
        elif decision.incident is not None:
            codes = _incident_codes(decision.incident, taxonomy)
    text = f"{item.title}\n{item.text}"
    return {
        "id": f"news:{item.pk}",
        "lang": item.lang if item.lang in LANGS else guess_lang(text),
        "title": item.title,
        "text": item.text,
        "violation": violation,
        "codes": codes,
        "region": corrections.get("region") or None,
    }


def decision_labels(taxonomy: str | None = None) -> list[dict[str, Any]]:
    """Labels from the inbox decisions, newest decision first per item (the news app registers
    the "triage_decisions" provider that reads them)."""
    decisions = provider("triage_decisions")
    rows = decisions() if decisions is not None else []
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    for row in rows:
        if row.item_id in seen:  # only the latest decision on an item counts
            continue
        seen.add(row.item_id)
        label = decision_label(row, taxonomy)
        if label is not None:
            out.append(label)
    return out


@dataclass
class TrainResult:
    model: TriageModel
    report: dict[str, Any]
    trained_on: dict[str, int]


def oof_results(
    items: Sequence[Example], oof: OutOfFold, model: TriageModel, profile: TaxonomyProfile | None
) -> list[Triage]:
    """Triage results from the out-of-fold predictions, with the chosen thresholds."""
    out: list[Triage] = []
    names = sorted({n for row in oof.codes for n in row})
    learned = np.array([[row.get(n, 0.0) for n in names] for row in oof.codes]).reshape(
        len(items), len(names)
    )
    if profile is not None:
        scores = blend(profile, profile.similarity([e.sample.text for e in items]), learned, names)
        codes = profile.codes
    else:
        scores, codes = learned, names
    for i, e in enumerate(items):
        score = oof.scores[i]
        ranked: list[int] = [int(j) for j in np.argsort(-scores[i])[:3]] if len(codes) else []
        out.append(
            Triage(
                key=str(i),
                lang=e.sample.lang,
                score=score,
                violation=score >= model.threshold(e.sample.lang),
                codes=[CodeScore(codes[j], float(scores[i, j])) for j in ranked],
            )
        )
    return out


def report_for(
    items: Sequence[Example], oof: OutOfFold, model: TriageModel, profile: TaxonomyProfile | None
) -> EvalReport:
    labels = [
        {"lang": e.sample.lang, "violation": e.violation, "codes": list(e.codes)} for e in items
    ]
    return evaluate(labels, oof_results(items, oof, model, profile), REPORT_PARTS)


def train(
    *,
    taxonomy: str,
    profile: TaxonomyProfile | None = None,
    corpus: Sequence[Path] | None = None,
    use_db: bool = True,
) -> TrainResult:
    """Fit a model on the corpus (+ incidents and decisions with `use_db`); ValueError when the
    data cannot make one (e.g. no non-violations)."""
    items = examples(
        read_labelled(corpus_files(CORPUS_DIR) if corpus is None else corpus), "corpus"
    )
    if use_db:
        items += examples(incident_labels(taxonomy), "incident")
        items += examples(decision_labels(taxonomy), "decision")
    if len(items) < 6:
        raise ValueError(f"training data: {len(items)} labelled items; at least 6 are needed")
    model, oof = fit(items, taxonomy)
    report = report_for(items, oof, model, profile).as_dict()
    report["thresholds"] = model.thresholds
    return TrainResult(model, report, dict(model.trained_on))
