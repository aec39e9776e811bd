"""The only writers of model versions: train a new one, make one active (rollback)."""

from __future__ import annotations

import pickle

import sklearn
from django.db import transaction
from django.utils import timezone

from speechwatch.audit.record import Who, record
from speechwatch.triage.context import LoadOptions
from speechwatch.triage.models import ModelVersion


class ModelError(ValueError):
    pass


def _default_taxonomy() -> str:
    from django.conf import settings

    from speechwatch.taxonomy.models import Taxonomy
    from speechwatch.taxonomy.queries import default_taxonomy

    try:
        return default_taxonomy().code
    except Taxonomy.DoesNotExist:
        return str(settings.DEFAULT_TAXONOMY)


def train_version(who: Who, *, activate: bool = True, taxonomy: str | None = None) -> ModelVersion:
    """Train on the corpus, the incident records and the inbox decisions; store the model with
    its cross-validated report; make it active (unless `activate=False`)."""
    from speechwatch.triage.categories import load_taxonomy_profile
    from speechwatch.triage.train import train

    code = taxonomy or _default_taxonomy()
    profile = load_taxonomy_profile(LoadOptions(use_db=True, taxonomy=code))
    try:
        result = train(taxonomy=code, profile=profile)
    except ValueError as exc:
        raise ModelError(str(exc)) from exc
    blob = pickle.dumps(result.model, protocol=pickle.HIGHEST_PROTOCOL)
    with transaction.atomic():
        last = ModelVersion.objects.select_for_update().order_by("-number").first()
        number = (last.number if last else 0) + 1
        version = ModelVersion.objects.create(
            number=number,
            created_at=timezone.now(),
            created_by=who.user if who.user is not None and who.user.pk else None,
            created_by_label=who.display,
            taxonomy=code,
            trained_on=result.trained_on,
            blob=blob,
            sklearn_version=sklearn.__version__,
            report=result.report,
            thresholds=result.model.thresholds,
        )
        record(
            who,
            "triage.train",
            "model_version",
            number,
            after={"trained_on": result.trained_on, "thresholds": result.model.thresholds},
        )
        if activate:
            _activate(who, version)
    return version


def _activate(who: Who, version: ModelVersion) -> None:
    previous = ModelVersion.objects.select_for_update().filter(active=True).first()
    if previous is not None and previous.pk == version.pk:
        return
    ModelVersion.objects.filter(active=True).update(active=False)
    ModelVersion.objects.filter(pk=version.pk).update(active=True)
    version.active = True
    record(
        who,
        "triage.activate",
        "model_version",
        version.number,
        before={"active": previous.number if previous else None},
        after={"active": version.number},
    )


@transaction.atomic
def activate(who: Who, number: int) -> ModelVersion:
    """Make model version `number` the one triage uses (also how to roll back)."""
    version = ModelVersion.objects.select_for_update().filter(number=number).first()
    if version is None:
        known = ", ".join(str(n) for n in ModelVersion.objects.values_list("number", flat=True))
        raise ModelError(f"model version {number}: no such version (stored: {known or 'none'})")
    _activate(who, version)
    return version
