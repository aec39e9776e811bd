"""Incident actions write through one path and leave an audit trail."""

from __future__ import annotations

from datetime import date

import pytest

from speechwatch.actors.actions import create_actor
from speechwatch.audit.models import AuditEvent
from speechwatch.audit.record import Who
from speechwatch.incidents.actions import (
    IncidentInput,
    SourceInput,
    change_status,
    create_incident,
    update_incident,
)
from speechwatch.incidents.workflow import TransitionError

WHO = Who(label="test")


def make_incident(**overrides: object):
    create_actor(
        name="Азаттык", kind="organisation", type="media_outlet", external_id="a1", who=WHO
    )
    data = IncidentInput(
        recorded_on=date(2024, 4, 3),
        title={"en": "Journalist obstructed", "ru": "Журналисту помешали"},
        region="almaty",
        categories=["R.obstruction", "L.administrative.false_info"],
        victims=["a1"],
        legal_refs=["ст. 456-2 КоАП РК"],
        sources=[SourceInput(kind="url", url="https://example.org/a")],
        tags=["floods"],
        external_id="inc-1",
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return create_incident(data, who=WHO)


@pytest.mark.usefixtures("installed")
def test_create_normalises_and_audits() -> None:
    incident = make_incident()
    assert [str(r) for r in incident.legal_refs.all()] == ["AdmC 456-2"]
    links = list(incident.category_links.order_by("id"))
    assert [(link.category.code, link.is_primary) for link in links] == [
        ("R.obstruction", True),
        ("L.administrative.false_info", False),
    ]
    event = AuditEvent.objects.get(action="incident.create")
    assert event.object_id == "inc-1"
    assert event.actor_label == "test"
    assert event.after is not None and event.after["region"] == "almaty"


@pytest.mark.usefixtures("installed")
def test_update_records_only_the_diff() -> None:
    incident = make_incident()
    data = IncidentInput(
        recorded_on=date(2024, 4, 3),
        title={"en": "Journalist obstructed in Almaty", "ru": "Журналисту помешали"},
        region="almaty",
        categories=["R.obstruction"],
        victims=["a1"],
        sources=[SourceInput(kind="url", url="https://example.org/a")],
    )
    update_incident(incident, data, who=WHO)
    event = AuditEvent.objects.get(action="incident.update")
    assert event.before == {
        "categories": ["R.obstruction", "L.administrative.false_info"],
        "legal_refs": ["AdmC 456-2"],
        "tags": ["floods"],
        "title_en": "Journalist obstructed",
    }
    assert event.after is not None and event.after["title_en"] == "Journalist obstructed in Almaty"


@pytest.mark.usefixtures("installed")
def test_unknown_category_changes_nothing() -> None:
    from speechwatch.incidents.models import Incident

    with pytest.raises(ValueError, match=r"R\.obstrution"):
        make_incident(categories=["R.obstrution"])
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.filter(action="incident.create").exists()


@pytest.mark.usefixtures("installed")
def test_workflow_to_published() -> None:
    incident = make_incident()
    for status in ("under_review", "verified", "published"):
        incident = change_status(incident, status, who=WHO)
    assert incident.status == "published"
    assert incident.status_changed_at is not None
    assert AuditEvent.objects.filter(action="incident.status").count() == 3


@pytest.mark.usefixtures("installed")
def test_verification_needs_a_source() -> None:
    incident = make_incident(sources=[])
    change_status(incident, "under_review", who=WHO)
    with pytest.raises(TransitionError, match="needs a source"):
        change_status(incident, "verified", who=WHO)
    incident.refresh_from_db()
    assert incident.status == "under_review"
