"""Triage metrics against labelled items (format in docs/triage.md). Pure, no Django.

`evaluate(labels, results)` pairs each labelled item with the Triage at the same index and
computes: violation precision/recall/F1 per language and overall; the same per block (an item
counts for block B when its main code — codes[0] — is in B, and a prediction when its top code
is); top-1 and top-3 main-code accuracy over violations; region, exact legal-reference-set and
date accuracy over the items labelled with one; same-incident pairwise precision/recall/F1
(`story` against the predicted `cluster`); calibration (Brier score, reliability bins).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from speechwatch.taxonomy.tree import block_of
from speechwatch.triage.types import Triage

PARTS = ("violation", "codes", "region", "legal", "date", "stories", "calibration")
BINS = 10


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    support: int = 0  # labelled positives

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, truth: bool, predicted: bool) -> None:
        self.tp += truth and predicted
        self.fp += predicted and not truth
        self.fn += truth and not predicted
        self.support += truth

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def as_dict(self) -> dict[str, float | int]:
        return {"accuracy": round(self.value, 4), "right": self.right, "total": self.total}


@dataclass
class Bin:
    low: float
    high: float
    count: int = 0
    mean_score: float = 0.0
    observed: float = 0.0  # share of labelled violations in the bin


@dataclass
class EvalReport:
    items: int = 0
    violation: dict[str, PRF] = field(default_factory=dict)  # "all", then per language
    blocks: dict[str, PRF] = field(default_factory=dict)
    top1: Accuracy = field(default_factory=Accuracy)
    top3: Accuracy = field(default_factory=Accuracy)
    region: Accuracy = field(default_factory=Accuracy)
    legal: Accuracy = field(default_factory=Accuracy)
    date: Accuracy = field(default_factory=Accuracy)
    pairs: PRF = field(default_factory=PRF)
    brier: float = 0.0
    bins: list[Bin] = field(default_factory=list)
    parts: tuple[str, ...] = PARTS

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"items": self.items, "parts": list(self.parts)}
        if "violation" in self.parts:
            out["violation"] = {k: v.as_dict() for k, v in self.violation.items()}
        if "codes" in self.parts:
            out["blocks"] = {k: v.as_dict() for k, v in sorted(self.blocks.items())}
            out["top1"] = self.top1.as_dict()
            out["top3"] = self.top3.as_dict()
        for name in ("region", "legal", "date"):
            if name in self.parts:
                out[name] = getattr(self, name).as_dict()
        if "stories" in self.parts:
            out["pairs"] = self.pairs.as_dict()
        if "calibration" in self.parts:
            out["brier"] = round(self.brier, 4)
            out["bins"] = [
                {
                    **asdict(b),
                    "mean_score": round(b.mean_score, 4),
                    "observed": round(b.observed, 4),
                }
                for b in self.bins
            ]
        return out


def _pairs(groups: Iterable[tuple[str | None, str | None]]) -> PRF:
    """Pairwise same-incident counts without enumerating pairs: C(n, 2) per group."""

    def pairs(counter: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    gold: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for story, cluster in groups:
        if story:
            gold[story] += 1
        if cluster:
            pred[cluster] += 1
        if story and cluster:
            both[(story, cluster)] += 1
    tp = pairs(both)
    gold_n, pred_n = pairs(gold), pairs(pred)
    return PRF(tp=tp, fp=pred_n - tp, fn=gold_n - tp, support=gold_n)


def _calibration(scores: Sequence[float], truth: Sequence[bool]) -> tuple[float, list[Bin]]:
    if not scores:
        return 0.0, []
    brier = sum((s - t) ** 2 for s, t in zip(scores, truth, strict=True)) / len(scores)
    bins = [Bin(i / BINS, (i + 1) / BINS) for i in range(BINS)]
    sums = [[0.0, 0.0] for _ in bins]
    for s, t in zip(scores, truth, strict=True):
        k = min(BINS - 1, max(0, int(s * BINS)))
        bins[k].count += 1
        sums[k][0] += s
        sums[k][1] += t
    for b, (s_sum, t_sum) in zip(bins, sums, strict=True):
        if b.count:
            b.mean_score, b.observed = s_sum / b.count, t_sum / b.count
    return brier, bins


def evaluate(
    labels: Sequence[Mapping[str, Any]],
    results: Sequence[Triage],
    parts: Sequence[str] = PARTS,
) -> EvalReport:
    """Metrics of `results` against `labels` (same order, same length)."""
    if len(labels) != len(results):
        raise ValueError(f"{len(labels)} labelled items but {len(results)} results")
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise ValueError(f"unknown metric parts: {', '.join(unknown)}")
    report = EvalReport(items=len(labels), parts=tuple(p for p in PARTS if p in parts))
    report.violation["all"] = PRF()
    scores: list[float] = []
    truth_all: list[bool] = []
    for label, res in zip(labels, results, strict=True):
        truth = bool(label.get("violation"))
        lang = str(label.get("lang") or "")
        report.violation["all"].add(truth, res.violation)
        report.violation.setdefault(lang, PRF()).add(truth, res.violation)
        scores.append(float(res.score))
        truth_all.append(truth)
        codes = [str(c) for c in label.get("codes") or []]
        predicted = [c.code for c in res.codes]
        gold_block = block_of(codes[0]) if truth and codes else None
        pred_block = block_of(predicted[0]) if res.violation and predicted else None
        for block in {b for b in (gold_block, pred_block) if b}:
            report.blocks.setdefault(block, PRF()).add(gold_block == block, pred_block == block)
        if truth and codes:
            report.top1.add(predicted[:1] == codes[:1])
            report.top3.add(codes[0] in predicted[:3])
        if label.get("region"):
            report.region.add(res.region == label["region"])
        if label.get("legal_refs"):
            report.legal.add(set(res.legal_refs) == set(label["legal_refs"]))
        if label.get("date"):
            report.date.add(res.date == label["date"])
    report.pairs = _pairs(
        (label.get("story") or None, res.cluster or None)
        for label, res in zip(labels, results, strict=True)
    )
    report.brier, report.bins = _calibration(scores, truth_all)
    langs = sorted(k for k in report.violation if k != "all")
    report.violation = {"all": report.violation["all"], **{k: report.violation[k] for k in langs}}
    return report


def _row(cells: Sequence[object], widths: Sequence[int]) -> str:
    return "  ".join(
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    ).rstrip()


def _prf_table(title: str, rows: Mapping[str, PRF]) -> list[str]:
    widths = (10, 9, 9, 9, 8)
    lines = [title, _row(("", "precision", "recall", "F1", "support"), widths)]
    for name, m in rows.items():
        cells = (name or "?", f"{m.precision:.3f}", f"{m.recall:.3f}", f"{m.f1:.3f}", m.support)
        lines.append(_row(cells, widths))
    return lines


def render_text(report: EvalReport) -> str:
    """The report as plain-text tables (the `triage evaluate` output)."""
    lines = [f"items: {report.items}", ""]
    if "violation" in report.parts:
        lines += [*_prf_table("violation", report.violation), ""]
    if "codes" in report.parts:
        lines += [*_prf_table("violation by block (main code)", report.blocks), ""]
        lines.append(
            f"main code top-1: {report.top1.value:.3f} ({report.top1.right}/{report.top1.total})"
        )
        lines.append(
            f"main code top-3: {report.top3.value:.3f} ({report.top3.right}/{report.top3.total})"
        )
    for name, title in (
        ("region", "region"),
        ("legal", "legal references (exact set)"),
        ("date", "date"),
    ):
        if name in report.parts:
            acc: Accuracy = getattr(report, name)
            lines.append(f"{title}: {acc.value:.3f} ({acc.right}/{acc.total})")
    if "stories" in report.parts:
        p = report.pairs
        lines.append(
            f"same-incident pairs: precision {p.precision:.3f} recall {p.recall:.3f} "
            f"F1 {p.f1:.3f} ({p.support} labelled pairs)"
        )
    if "calibration" in report.parts:
        lines += ["", f"calibration: Brier {report.brier:.4f}"]
        widths = (10, 6, 10, 9)
        lines.append(_row(("score", "items", "mean", "observed"), widths))
        for b in report.bins:
            if b.count:
                cells = (
                    f"{b.low:.1f}-{b.high:.1f}",
                    b.count,
                    f"{b.mean_score:.3f}",
                    f"{b.observed:.3f}",
                )
                lines.append(_row(cells, widths))
    return "\n".join(lines).rstrip() + "\n"


def render_json(report: EvalReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
