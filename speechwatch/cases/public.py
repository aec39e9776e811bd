"""Public reads of cases: what a published case shows on the portal, in the feeds and the API.

Only published cases, only their published incidents, never ``internal_notes``. Texts are kept
per language (``{"en": …, "ru": …}``, as the interchange format writes them) so each reader
chooses its language and fallback. The dataclasses are stable: the API serialises them as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from speechwatch.cases.models import Case, CaseDefendant, CaseIncident, CaseStage
from speechwatch.incidents.models import Incident, IncidentActor

LANGS = ("en", "ru", "kk")


def _texts(obj: object, name: str) -> dict[str, str]:
    return {lang: v for lang in LANGS if (v := str(getattr(obj, f"{name}_{lang}", "") or ""))}


@dataclass(frozen=True)
class PublicStage:
    """One dated stage of a case: `claim_amount` in tenge (None when none was claimed)."""

    stage: str  # cases.models.Stage value
    date: date
    body: str  # court or body
    claim_amount: int | None
    outcome: str  # cases.models.Outcome value, "" when none yet
    note: dict[str, str]


@dataclass(frozen=True)
class PublicDefendant:
    """A defendant (or claimant's target) and their status in the case."""

    actor: str  # actor external id
    name: str
    status: str  # cases.models.DefendantStatus value
    status_on: date | None


@dataclass(frozen=True)
class PublicCaseSummary:
    """A published case as listed: the latest stage and the total claimed."""

    external_id: str
    kind: str  # cases.models.CaseKind value
    title: dict[str, str]
    summary: dict[str, str]
    opened_on: date | None
    last_stage: str  # "" when the case has no stage yet
    last_stage_on: date | None
    outcome: str  # the latest non-empty outcome, "" when none
    claims_total: int | None  # the sum of claim amounts in tenge, None when nothing was claimed
    updated_at: date | None


@dataclass(frozen=True)
class PublicCase(PublicCaseSummary):
    """A published case in full: its stages on a timeline, defendants and published incidents."""

    stages: tuple[PublicStage, ...] = field(default=())
    defendants: tuple[PublicDefendant, ...] = field(default=())
    incidents: tuple[str, ...] = field(default=())  # published incident external ids


@dataclass(frozen=True)
class CaseFilters:
    """The public case list's filters (all optional)."""

    kind: str = ""  # criminal | civil | administrative | other
    stage: str = ""  # the case's latest stage
    incident: str = ""  # cases linking this published incident
    date_from: date | None = None  # opened on or after
    date_to: date | None = None  # opened on or before


def published_cases() -> QuerySet[Case]:
    return Case.objects.filter(published=True)


def _stages(case_ids: list[int]) -> dict[int, list[PublicStage]]:
    out: dict[int, list[PublicStage]] = defaultdict(list)
    rows = CaseStage.objects.filter(case_id__in=case_ids).order_by("date", "id")
    for s in rows:
        out[s.case_id].append(
            PublicStage(
                stage=s.stage,
                date=s.date,
                body=s.body,
                claim_amount=s.claim_amount,
                outcome=s.outcome,
                note=_texts(s, "note"),
            )
        )
    return out


def _summary_fields(case: Case, stages: list[PublicStage]) -> dict[str, object]:
    claims = [s.claim_amount for s in stages if s.claim_amount is not None]
    outcomes = [s.outcome for s in stages if s.outcome]
    return {
        "external_id": case.external_id,
        "kind": case.kind,
        "title": _texts(case, "title"),
        "summary": _texts(case, "summary"),
        "opened_on": case.opened_on,
        "last_stage": stages[-1].stage if stages else "",
        "last_stage_on": stages[-1].date if stages else None,
        "outcome": outcomes[-1] if outcomes else "",
        "claims_total": sum(claims) if claims else None,
        "updated_at": case.updated_at.date() if case.updated_at else None,
    }


def public_cases(filters: CaseFilters | None = None) -> list[PublicCaseSummary]:
    """Published cases, newest opened first (cases are few: hundreds, not millions)."""
    f = filters or CaseFilters()
    qs = published_cases()
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.incident:
        qs = qs.filter(
            incident_links__incident__external_id=f.incident,
            incident_links__incident__status="published",
        )
    if f.date_from:
        qs = qs.filter(opened_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(opened_on__lte=f.date_to)
    cases = list(qs.order_by("-opened_on", "-id").distinct())
    stages = _stages([c.pk for c in cases])
    out = [PublicCaseSummary(**_summary_fields(c, stages.get(c.pk, []))) for c in cases]  # type: ignore[arg-type]
    if f.stage:
        out = [c for c in out if c.last_stage == f.stage]
    return out


def public_case(code: str) -> PublicCase | None:
    """One published case by its external id, or None (unpublished and unknown alike)."""
    case = published_cases().filter(external_id=code).first()
    if case is None:
        return None
    stages = _stages([case.pk]).get(case.pk, [])
    defendants = tuple(
        PublicDefendant(
            actor=d.actor.external_id, name=d.actor.name, status=d.status, status_on=d.status_on
        )
        for d in CaseDefendant.objects.filter(case=case).select_related("actor").order_by("id")
    )
    incidents = tuple(
        CaseIncident.objects.filter(case=case, incident__status="published")
        .order_by("incident__recorded_on", "incident__id")
        .values_list("incident__external_id", flat=True)
    )
    return PublicCase(
        **_summary_fields(case, stages),  # type: ignore[arg-type]
        stages=tuple(stages),
        defendants=defendants,
        incidents=incidents,
    )


@dataclass(frozen=True)
class RelatedIncident:
    external_id: str
    recorded_on: date
    title: dict[str, str]
    reason: str  # "case" (linked to the same case) or "actor" (a shared victim)


_INCIDENT_COLUMNS = ("external_id", "recorded_on", *(f"title_{lang}" for lang in LANGS))


def incident_cases(incident_id: int) -> dict[int, PublicCaseSummary]:
    """The published cases linking one incident (by its primary key), newest opened first, by
    their keys."""
    links = (
        CaseIncident.objects.filter(incident_id=incident_id, case__published=True)
        .select_related("case")
        .order_by("-case__opened_on", "-case_id")
    )
    cases = [link.case for link in links]
    stages = _stages([c.pk for c in cases]) if cases else {}
    return {
        c.pk: PublicCaseSummary(**_summary_fields(c, stages.get(c.pk, [])))  # type: ignore[arg-type]
        for c in cases
    }


def related_incidents(
    external_id: str,
    limit: int = 10,
    *,
    incident_id: int | None = None,
    case_ids: list[int] | None = None,
) -> list[RelatedIncident]:
    """Other published incidents of the same published cases, then the newest sharing a victim.

    Empty for an incident that is not published. ``incident_id`` (its key, the caller having
    checked it is published) and ``case_ids`` (its published cases) save their lookups. Each
    part is one join bounded by ``limit``: the victim part walks the (actor, role, incident)
    index from the newest link (ids grow with time), so a much-reported outlet's thousands of
    incidents are neither listed nor sorted.
    """
    pk = incident_id or (
        Incident.objects.filter(external_id=external_id, status="published")
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        return []
    if case_ids is None:
        case_ids = list(
            CaseIncident.objects.filter(incident_id=pk, case__published=True).values_list(
                "case_id", flat=True
            )
        )
    columns = [f"incident__{name}" for name in _INCIDENT_COLUMNS]
    found: dict[int, RelatedIncident] = {}
    if case_ids:
        by_case = (
            CaseIncident.objects.filter(case_id__in=case_ids, incident__status="published")
            .exclude(incident_id=pk)
            .order_by("-incident__recorded_on", "-incident_id")
            .values_list("incident_id", *columns)[: limit * len(case_ids)]  # one row per link
        )
        _add_related(found, by_case, "case", limit)
    if len(found) < limit:
        victims = list(
            IncidentActor.objects.filter(incident_id=pk, role="victim")
            .order_by()
            .values_list("actor_id", flat=True)
        )
        if victims:
            by_actor = (
                IncidentActor.objects.filter(
                    actor_id__in=victims, role="victim", incident__status="published"
                )
                .exclude(incident_id__in=[pk, *found])
                .order_by("-incident_id")
                .values_list("incident_id", *columns)[: (limit - len(found)) * len(victims)]
            )
            _add_related(found, sorted(by_actor, key=lambda r: r[2], reverse=True), "actor", limit)
    return list(found.values())


def _add_related(
    found: dict[int, RelatedIncident], rows: Iterable[tuple], reason: str, limit: int
) -> None:
    for pk, external_id, recorded_on, *titles in rows:
        if pk not in found and len(found) < limit:
            texts = {lang: t for lang, t in zip(LANGS, titles, strict=True) if t}
            found[pk] = RelatedIncident(external_id, recorded_on, texts, reason)
