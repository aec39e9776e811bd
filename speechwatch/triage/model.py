"""The learned model: relevance (is it a violation?) and codes (which ones?). Pure, no Django.

Relevance is a linear SVM over features.Vectoriser, calibrated by Platt scaling on held-out
folds (CalibratedClassifierCV, sigmoid), so `score` reads as a probability. Codes are a
one-vs-rest logistic model (SGD, log loss) over the violations' main codes. Both were chosen
on cross-validation of the corpus against liblinear logistic regression: as good or better
(F1, Brier, top-3) at a fifth of the training time. Thresholds per language are
chosen on out-of-fold probabilities of a cross-validation of the whole fit (maximum F1), never
on the evaluation set. `fit` returns the model together with those out-of-fold predictions, so
the caller can write the cross-validated evaluation report.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from speechwatch.triage.features import LANGS, Sample, Vectoriser

DEFAULT_THRESHOLD = 0.5
THRESHOLD_RANGE = (0.2, 0.8)  # a threshold outside it means too little data, not a real optimum
MIN_LANG_ITEMS = 12  # fewer labelled items in a language → the overall threshold
CV_FOLDS = 5


@dataclass(frozen=True)
class Example:
    """One labelled item for training."""

    sample: Sample
    violation: bool
    codes: tuple[str, ...] = ()  # main code first
    origin: str = "corpus"  # corpus | incident | decision


@dataclass
class TriageModel:
    taxonomy: str  # the taxonomy the codes belong to
    vectoriser: Vectoriser
    relevance: CalibratedClassifierCV
    code_names: list[str]
    codes: SGDClassifier | None
    thresholds: dict[str, float]  # lang -> threshold; "" = any other language
    version: int = 0  # ModelVersion.number; 0 = the starter model
    trained_on: dict[str, int] = field(default_factory=dict)
    _cache: tuple[tuple[object, ...], sp.csr_matrix] | None = None
    _linear: dict[str, tuple[np.ndarray, ...] | None] | None = None  # see _weights

    def threshold(self, lang: str) -> float:
        return self.thresholds.get(lang, self.thresholds.get("", DEFAULT_THRESHOLD))

    def features(self, samples: Sequence[Sample]) -> sp.csr_matrix:
        """Vectorise a batch once: relevance and categories of the same batch share it."""
        key = tuple(samples)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        x = self.vectoriser.transform(samples)
        self._cache = (key, x)
        return x

    def relevance_scores(self, x: sp.csr_matrix) -> np.ndarray:
        """The calibrated probability: the mean over the calibration folds of a sigmoid of each
        fold's linear score — computed as one product with the folds' stacked weights (sklearn
        multiplies the batch once per fold, and slowly: ~8× the cost)."""
        fast = self._weights("relevance")
        if fast is None:
            return np.asarray(self.relevance.predict_proba(x)[:, 1])
        w, b, slope, offset = fast
        return np.asarray(expit(-(slope * (x @ w + b) + offset)).mean(axis=1))

    def _weights(self, part: str) -> tuple[np.ndarray, ...] | None:
        """Dense, contiguous weights for the fast paths (built once; None = use sklearn)."""
        cache = self._linear if self._linear is not None else {}
        self._linear = cache
        if part not in cache:
            cache[part] = _relevance_weights(self.relevance) if part == "relevance" else (
                _code_weights(self.codes)
            )  # fmt: skip
        return cache[part]

    def relevance_weights(self) -> np.ndarray:
        """The mean linear weight of every feature over the calibrated folds' estimators."""
        coefs = [c.estimator.coef_[0] for c in self.relevance.calibrated_classifiers_]
        return np.asarray(np.mean(coefs, axis=0))

    def code_scores(self, x: sp.csr_matrix) -> np.ndarray:
        if self.codes is None or not self.code_names:
            return np.zeros((x.shape[0], 0), dtype=np.float32)
        fast = self._weights("codes")
        if fast is None:
            return np.asarray(self.codes.predict_proba(x))
        w, b = fast
        prob = expit(x @ w + b)
        if prob.shape[1] == 1:  # two codes: sklearn's binary form
            return np.hstack([1 - prob, prob])
        total = prob.sum(axis=1)  # one-vs-rest normalisation, as sklearn's _predict_proba_lr
        zero = total == 0
        prob[zero, :], total[zero] = 1, prob.shape[1]
        return np.asarray(prob / total[:, None])

    def code_weights(self, j: int) -> np.ndarray:
        """The linear weights that raise code j (two codes only: one row, signed)."""
        if self.codes is None:
            return np.zeros(0)
        coef = np.asarray(self.codes.coef_)
        if coef.shape[0] == 1:
            return coef[0] if j == 1 else -coef[0]
        return coef[j]

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_cache"] = None
        state["_linear"] = None
        return state


def _relevance_weights(model: CalibratedClassifierCV) -> tuple[np.ndarray, ...] | None:
    """(weights (features × folds), intercepts, sigmoid slopes, offsets) of Platt-scaled
    linear folds; None for any other calibration (sklearn then computes it)."""
    folds = getattr(model, "calibrated_classifiers_", [])
    if not folds or any(
        c.method != "sigmoid" or len(c.calibrators) != 1 or np.shape(c.estimator.coef_)[0] != 1
        for c in folds
    ):
        return None
    return (
        np.ascontiguousarray(np.stack([c.estimator.coef_[0] for c in folds], axis=1)),
        np.array([float(np.ravel(c.estimator.intercept_)[0]) for c in folds]),
        np.array([c.calibrators[0].a_ for c in folds]),
        np.array([c.calibrators[0].b_ for c in folds]),
    )


def _code_weights(codes: SGDClassifier | None) -> tuple[np.ndarray, ...] | None:
    if codes is None or getattr(codes, "loss", "") != "log_loss":
        return None
    return np.ascontiguousarray(np.asarray(codes.coef_).T), np.asarray(codes.intercept_)


def _relevance_fit(x: sp.csr_matrix, y: np.ndarray) -> CalibratedClassifierCV:
    folds = max(2, min(5, int(min(y.sum(), len(y) - y.sum()))))
    base = LinearSVC(C=0.5, class_weight="balanced")
    model = CalibratedClassifierCV(base, method="sigmoid", cv=folds)
    model.fit(x, y)
    return model


def _codes_fit(x: sp.csr_matrix, codes: Sequence[Sequence[str]]) -> SGDClassifier | None:
    """Main code (codes[0]) of each violation; None when fewer than two codes occur."""
    rows = [i for i, c in enumerate(codes) if c]
    main = [codes[i][0] for i in rows]
    if len(set(main)) < 2:
        return None
    clf = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=30, tol=None, random_state=0)
    clf.fit(x[rows], main)
    return clf


def fit_once(examples: Sequence[Example], taxonomy: str, *, codes: bool = True) -> TriageModel:
    vec = Vectoriser()
    x = vec.fit_transform([e.sample for e in examples])
    y = np.array([e.violation for e in examples], dtype=int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        relevance = _relevance_fit(x, y)
        clf = _codes_fit(x, [e.codes if e.violation else () for e in examples]) if codes else None
    names = [str(c) for c in clf.classes_] if clf is not None else []
    return TriageModel(taxonomy, vec, relevance, names, clf, {"": DEFAULT_THRESHOLD})


@dataclass
class OutOfFold:
    """Cross-validated predictions for every training example (same order)."""

    scores: list[float]
    codes: list[dict[str, float]]  # learned code probabilities


def cross_validate(
    examples: Sequence[Example], taxonomy: str, folds: int = CV_FOLDS, *, codes: bool = True
) -> OutOfFold:
    """Out-of-fold predictions; `codes=False` skips the code model (thresholds need none)."""
    y = np.array([e.violation for e in examples], dtype=int)
    n_splits = max(2, min(folds, int(min(y.sum(), len(y) - y.sum()))))
    scores = [0.0] * len(examples)
    ranked: list[dict[str, float]] = [{} for _ in examples]
    strata = [f"{e.sample.lang}-{e.violation}" for e in examples]
    counts = {s: strata.count(s) for s in strata}
    strata = [
        s if counts[s] >= n_splits else str(e.violation)
        for s, e in zip(strata, examples, strict=True)
    ]
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=7)
    for train_idx, test_idx in splitter.split(np.zeros(len(y)), strata):
        model = fit_once([examples[i] for i in train_idx], taxonomy, codes=codes)
        x = model.features([examples[i].sample for i in test_idx])
        p = model.relevance_scores(x)
        c = model.code_scores(x)
        for row, i in enumerate(test_idx):
            scores[i] = float(p[row])
            ranked[i] = {name: float(c[row, j]) for j, name in enumerate(model.code_names)}
    return OutOfFold(scores, ranked)


def best_threshold(scores: Sequence[float], truth: Sequence[bool]) -> float:
    """The threshold with the best F1 (the middle of the best plateau), kept in THRESHOLD_RANGE."""
    grid = np.round(np.arange(THRESHOLD_RANGE[0], THRESHOLD_RANGE[1] + 1e-9, 0.01), 2)
    s = np.asarray(scores)
    t = np.asarray(truth, dtype=bool)
    if not t.any() or t.all():
        return DEFAULT_THRESHOLD
    f1 = []
    for g in grid:
        pred = s >= g
        tp = float((pred & t).sum())
        denom = float(pred.sum() + t.sum())
        f1.append(2 * tp / denom if denom else 0.0)
    f1_arr = np.asarray(f1)
    best = np.flatnonzero(f1_arr >= f1_arr.max() - 1e-9)
    return float(grid[best[len(best) // 2]])


def choose_thresholds(examples: Sequence[Example], oof: OutOfFold) -> dict[str, float]:
    truth = [e.violation for e in examples]
    out = {"": best_threshold(oof.scores, truth)}
    for lang in LANGS:
        idx = [i for i, e in enumerate(examples) if e.sample.lang == lang]
        if len(idx) >= MIN_LANG_ITEMS:
            out[lang] = best_threshold([oof.scores[i] for i in idx], [truth[i] for i in idx])
    return out


def fit(
    examples: Sequence[Example], taxonomy: str, *, folds: int = CV_FOLDS, report: bool = True
) -> tuple[TriageModel, OutOfFold]:
    """Cross-validate (for thresholds and, with `report`, the code metrics), then fit on
    everything."""
    if len({e.violation for e in examples}) < 2:
        raise ValueError("training data: need both violations and non-violations")
    oof = cross_validate(examples, taxonomy, folds, codes=report)
    model = fit_once(examples, taxonomy)
    model.thresholds = choose_thresholds(examples, oof)
    model.trained_on = {
        "items": len(examples),
        "violations": sum(e.violation for e in examples),
        **{
            f"from_{o}": sum(e.origin == o for e in examples)
            for o in ("corpus", "incident", "decision")
        },
    }
    return model, oof
