"""All writes to cases: creation, stages, linked incidents, defendants.

Every write to an existing case adds 1 to Case.version first (a conditional UPDATE); given the
version the page was read at (`expected_version`), a case changed since raises StaleEdit and
nothing is written (lib/conflicts.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from speechwatch.actors.models import Actor
from speechwatch.audit.record import Who, record
from speechwatch.cases.models import Case, CaseDefendant, CaseIncident, CaseStage
from speechwatch.incidents.models import LANGS, Incident
from speechwatch.incidents.monthtally import tallying
from speechwatch.incidents.versioning import claim_version


@transaction.atomic
def create_case(
    *,
    kind: str,
    title: dict[str, str],
    summary: dict[str, str] | None = None,
    opened_on: date | None = None,
    external_id: str = "",
    published: bool = False,
    internal_notes: str = "",
    who: Who,
) -> Case:
    case = Case(
        external_id=external_id or f"case-{uuid.uuid4().hex[:12]}",
        kind=kind,
        opened_on=opened_on,
        published=published,
        internal_notes=internal_notes,
    )
    for lang in LANGS:
        setattr(case, f"title_{lang}", title.get(lang, ""))
        setattr(case, f"summary_{lang}", (summary or {}).get(lang, ""))
    case.full_clean(exclude=["incidents"])
    case.save()
    record(who, "case.create", "case", case.external_id, after={"kind": kind, "title": title})
    return case


@transaction.atomic
def add_stage(
    case: Case,
    *,
    stage: str,
    on: date,
    body: str = "",
    claim_amount: int | None = None,
    outcome: str = "",
    note: dict[str, str] | None = None,
    who: Who,
    expected_version: int | None = None,
) -> CaseStage:
    claim(case, expected_version)
    row = CaseStage(
        case=case, stage=stage, date=on, body=body, claim_amount=claim_amount, outcome=outcome
    )
    for lang in LANGS:
        setattr(row, f"note_{lang}", (note or {}).get(lang, ""))
    row.full_clean()
    # A stage can make the case's reports ones on an ongoing case: the month tallies move.
    with tallying(_incident_ids(case)):
        row.save()
    _touch(case)
    record(
        who,
        "case.add_stage",
        "case",
        case.external_id,
        after={"stage": stage, "date": on.isoformat(), "outcome": outcome},
    )
    return row


@transaction.atomic
def link_incident(
    case: Case, incident: Incident, *, who: Who, expected_version: int | None = None
) -> None:
    claim(case, expected_version)
    with tallying([*_incident_ids(case), incident.pk]):
        _, created = CaseIncident.objects.get_or_create(case=case, incident=incident)
        if created:
            mark_case_linked([incident.pk])
    if created:
        _touch(case)
        record(
            who,
            "case.link_incident",
            "case",
            case.external_id,
            after={"incident": incident.external_id},
        )


@transaction.atomic
def set_defendant_status(
    case: Case,
    actor: Actor,
    *,
    status: str,
    on: date | None = None,
    who: Who,
    expected_version: int | None = None,
) -> CaseDefendant:
    claim(case, expected_version)
    row, _ = CaseDefendant.objects.get_or_create(
        case=case, actor=actor, defaults={"status": status, "status_on": on}
    )
    before = {"status": row.status}
    row.status, row.status_on = status, on
    row.full_clean()
    row.save()
    _touch(case)
    record(
        who,
        "case.defendant_status",
        "case",
        case.external_id,
        before=before,
        after={"actor": actor.external_id, "status": status},
    )
    return row


def mark_case_linked(incident_ids: Sequence[int]) -> None:
    """Incident.case_linked for newly linked incidents: the writers of case links call this
    (link_incident; the importer, in chunks). No audit event: derived, like search_text."""
    Incident.objects.filter(id__in=incident_ids, case_linked=False).update(case_linked=True)


def case_fields(case: Case) -> dict[str, Any]:
    """What the case page shows and its forms change, for the conflict page."""
    fields: dict[str, Any] = {"published": case.published}
    for row in case.defendants.select_related("actor").order_by("id"):
        fields[f"defendant {row.actor.external_id}"] = " ".join(
            filter(None, [row.status, row.status_on.isoformat() if row.status_on else ""])
        )
    fields["stages"] = [
        f"{s.date.isoformat()} {s.stage} {s.outcome}".strip() for s in case.stages.all()
    ]
    fields["incidents"] = sorted(case.incidents.values_list("external_id", flat=True))
    return fields


def claim(case: Case, expected_version: int | None) -> None:
    """Add 1 to the case's version (refused with StaleEdit when it moved past the expected)."""
    case.version = claim_version(
        Case,
        case.pk,
        expected_version,
        object_type="case",
        object_id=case.external_id,
        current=case_fields,
    )


def _incident_ids(case: Case) -> list[int]:
    return list(CaseIncident.objects.filter(case=case).values_list("incident_id", flat=True))


def _touch(case: Case) -> None:
    """Stages, links and defendants live in other tables: mark the case itself as changed
    (the "recently updated" list and exports key on Case.updated_at)."""
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(updated_at=now)
    case.updated_at = now
