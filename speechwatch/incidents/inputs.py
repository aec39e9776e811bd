"""An incident as the input its editor (or a merge) starts from: read by workspace/ and intake/."""

from __future__ import annotations

from speechwatch.incidents.actions import IncidentInput, SourceInput
from speechwatch.incidents.models import Incident


def incident_input(incident: Incident) -> IncidentInput:
    """The incident as the input its editor (or a merge) starts from."""
    links = list(incident.category_links.select_related("category").order_by("-is_primary", "id"))
    actors = list(incident.actor_links.select_related("actor").order_by("position", "id"))
    taxonomy = links[0].category.taxonomy.code if links else ""
    return IncidentInput(
        recorded_on=incident.recorded_on,
        title={lang: incident.text("title", lang) for lang in ("en", "ru", "kk")},
        summary={lang: incident.text("summary", lang) for lang in ("en", "ru", "kk")},
        occurred_on=incident.occurred_on,
        occurred_precision=incident.occurred_precision,
        region=incident.region.code if incident.region else "",
        settlement=incident.settlement,
        categories=[link.category.code for link in links],
        victims=[a.actor.external_id for a in actors if a.role == "victim"],
        perpetrators=[a.actor.external_id for a in actors if a.role == "perpetrator"],
        legal_refs=[str(r) for r in incident.legal_refs.all()],
        sources=[
            SourceInput(
                kind=s.kind,
                url=s.url,
                outlet=s.outlet,
                title=s.title,
                published_on=s.published_on,
                confidential=s.confidential,
                correspondent=s.correspondent,
            )
            for s in incident.sources.all()
        ],
        tags=[t.tag for t in incident.tags.all()],
        internal_notes=incident.internal_notes,
        external_id=incident.external_id,
        taxonomy=taxonomy,
        is_demo=incident.is_demo,
    )
