"""The "model" loader and the starter model.

Nothing downloads at run time and no pickle is shipped (a pickle would tie the project to one
scikit-learn version): the starter model is trained on first use from the shipped corpus
(data/corpus/*.jsonl, seconds) and cached under VAR_DIR/triage/, keyed on the corpus, the
feature format and the scikit-learn version. With `use_db` the active ModelVersion wins.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import sklearn
from django.conf import settings

from speechwatch.triage.context import LoadOptions, register_loader
from speechwatch.triage.features import Sample, guess_lang
from speechwatch.triage.labelled import read_labelled
from speechwatch.triage.model import Example, OutOfFold, TriageModel, fit

log = logging.getLogger(__name__)

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "corpus"
CORPUS_TAXONOMY = "adilsoz-2024"  # the codes the shipped corpus is labelled with
FORMAT = "3"  # raise when features or the model change: cached starter models are retrained

_lock = threading.Lock()
_memory: dict[str, TriageModel | None] = {}
_versions: dict[int, TriageModel] = {}


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def corpus_hash(files: Iterable[Path]) -> str:
    h = hashlib.sha256(f"{FORMAT}|{sklearn.__version__}".encode())
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:20]


def example(item: Mapping[str, Any], origin: str) -> Example:
    title, text = str(item.get("title") or ""), str(item.get("text") or "")
    full = f"{title}\n{text}" if title else text
    lang = str(item.get("lang") or guess_lang(full))
    codes = tuple(str(c) for c in item.get("codes") or ())
    violation = bool(item.get("violation"))
    return Example(Sample(full, lang, bool(item.get("region"))), violation, codes, origin)


def examples(items: Iterable[Mapping[str, Any]], origin: str) -> list[Example]:
    return [example(i, origin) for i in items if (i.get("title") or i.get("text"))]


def trainable(items: Sequence[Example]) -> bool:
    return len({e.violation for e in items}) == 2 and len(items) >= 6


def train_corpus(files: Sequence[Path]) -> tuple[TriageModel, OutOfFold, list[Example]] | None:
    items = examples(read_labelled(files), "corpus")
    if not trainable(items):
        return None
    model, oof = fit(items, CORPUS_TAXONOMY, report=False)  # the starter keeps no report
    return model, oof, items


def cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "triage"


def starter_model(directory: Path = CORPUS_DIR) -> TriageModel | None:
    """The model trained on the shipped corpus: from memory, the cache file, or trained now."""
    files = corpus_files(directory)
    key = corpus_hash(files)
    with _lock:
        if key in _memory:
            return _memory[key]
        path = cache_dir() / f"starter-{key}.pickle"
        model: TriageModel | None = None
        if path.is_file():
            try:
                model = pickle.loads(path.read_bytes())
            except Exception:  # a damaged or foreign cache file: train again
                log.warning("triage: ignoring unreadable cached model %s", path)
        if model is None:
            trained = train_corpus(files)
            model = trained[0] if trained else None
            if model is not None:
                _write_atomically(path, pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
        _memory[key] = model
        return model


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".starter-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only var/ only costs retraining next time
        log.warning("triage: cannot cache the starter model in %s: %s", path.parent, exc)


def version_model(number: int, blob: bytes) -> TriageModel | None:
    """A stored model version, unpickled once per process."""
    if number not in _versions:
        try:
            model = pickle.loads(blob)
        except Exception:  # stored by another scikit-learn version: fall back to the starter
            log.warning("triage: model version %s cannot be loaded here; using the starter", number)
            return None
        model.version = number
        _versions[number] = model
    return _versions[number]


@register_loader("model")
def load_model(options: LoadOptions) -> TriageModel | None:
    if options.model_path:
        model: TriageModel = pickle.loads(Path(options.model_path).read_bytes())
        return model
    if options.use_db:
        from speechwatch.triage.models import ModelVersion

        active = ModelVersion.objects.filter(active=True).only("number", "blob").first()
        if active is not None:
            found = version_model(active.number, bytes(active.blob))
            if found is not None:
                return found
    return starter_model()
