"""Shared by the model tests: the tiny labelled corpus and one model trained on it per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from speechwatch.triage.categories import _shipped_profile
from speechwatch.triage.context import Context, LoadOptions
from speechwatch.triage.labelled import read_labelled, to_document
from speechwatch.triage.model import TriageModel
from speechwatch.triage.profile import TaxonomyProfile
from speechwatch.triage.train import TrainResult, train
from speechwatch.triage.types import Document

DATA = Path(__file__).resolve().parent / "data"
TINY = DATA / "tiny-corpus.jsonl"


@cache
def tiny_items() -> tuple[dict[str, Any], ...]:
    return tuple(read_labelled([TINY]))


def profile(code: str = "adilsoz-2024") -> TaxonomyProfile:
    return _shipped_profile(code)


@cache
def tiny_result() -> TrainResult:
    return train(taxonomy="adilsoz-2024", profile=profile(), corpus=[TINY], use_db=False)


def tiny_model() -> TriageModel:
    return tiny_result().model


def context(model: TriageModel | None, code: str = "adilsoz-2024") -> Context:
    return Context(LoadOptions(use_db=False), {"model": model, "taxonomy_profile": profile(code)})


def docs(items: Any = None) -> list[Document]:
    return [to_document(i) for i in (tiny_items() if items is None else items)]
