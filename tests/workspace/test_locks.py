"""Edit locks: who is working on what; others are kept out; editors may take over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from speechwatch.audit.models import AuditEvent
from speechwatch.workspace.actions import acquire_lock, lock_holder, release_lock
from speechwatch.workspace.models import EditLock
from tests.workspace.helpers import client_for, make_incident


@pytest.mark.usefixtures("installed")
def test_lock_blocks_others_until_released_or_expired(users) -> None:
    make_incident(1)
    monitor, editor = users["monitor"], users["editor"]
    assert acquire_lock("incident", "inc-t1", monitor).ok
    state = acquire_lock("incident", "inc-t1", editor)
    assert not state.ok and state.holder == "demo-monitor"
    assert acquire_lock("incident", "inc-t1", monitor).ok  # renewing is fine
    release_lock("incident", "inc-t1", monitor)
    assert acquire_lock("incident", "inc-t1", editor).ok
    EditLock.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert lock_holder("incident", "inc-t1") is None
    assert acquire_lock("incident", "inc-t1", monitor).ok


@pytest.mark.usefixtures("installed")
def test_editor_page_shows_the_lock_and_refuses_a_second_editor(users) -> None:
    make_incident(1)
    first, second = client_for(users["monitor"]), client_for(users["admin"])
    assert first.get("/work/incidents/inc-t1/edit/").status_code == 200
    page = second.get("/work/incidents/inc-t1/edit/")
    assert page.status_code == 200 and "demo-monitor is editing" in page.content.decode()
    assert 'id="take-over"' in page.content.decode()
    save = second.post("/work/incidents/inc-t1/edit/", {"save": "1", "recorded_on": "2024-04-02"})
    assert save.status_code == 409
    detail = second.get("/work/incidents/inc-t1/").content.decode()
    assert "demo-monitor is editing this incident" in detail
    queue = second.get("/work/?tab=draft").content.decode()
    assert "editing: demo-monitor" in queue


@pytest.mark.usefixtures("installed")
def test_take_over_is_for_editors_and_audited(users) -> None:
    make_incident(1)
    client_for(users["monitor"]).get("/work/incidents/inc-t1/edit/")
    other_monitor = users["admin"]
    # A second monitor cannot take over.
    from django.contrib.auth.models import User

    from speechwatch.workspace.actions import grant_role
    from tests.workspace.helpers import (
        PASSWORD,  # noqa: F401
        SYSTEM,
    )

    m2 = User.objects.create_user("monitor-two")
    grant_role(m2, "monitor", who=SYSTEM)
    assert (
        client_for(m2).post("/work/incidents/inc-t1/edit/", {"take_over": "1"}).status_code == 403
    )
    assert (
        client_for(m2).post("/work/lock/incident/inc-t1/", {"op": "take_over"}).status_code == 403
    )
    response = client_for(other_monitor).post("/work/incidents/inc-t1/edit/", {"take_over": "1"})
    assert response.status_code == 302
    assert lock_holder("incident", "inc-t1").user == other_monitor  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(action="lock.take_over", object_id="inc-t1").exists()
    # The monitor's heartbeat now reports that the lock is gone.
    beat = client_for(users["monitor"]).post("/work/lock/incident/inc-t1/", {"op": "renew"})
    assert beat.status_code == 409 and "has taken over" in beat.content.decode()


@pytest.mark.usefixtures("installed")
def test_saving_releases_the_lock(users) -> None:
    make_incident(1)
    client = client_for(users["monitor"])
    page = client.get("/work/incidents/inc-t1/edit/")
    assert lock_holder("incident", "inc-t1") is not None
    form = page.context["form"]
    data = {
        k: form[k].value() or ""
        for k in ("recorded_on", "occurred_precision", "region", "title_en")
    }
    data.update(
        {
            "recorded_on": "2024-04-05",
            "categories": ["R.obstruction"],
            "save": "1",
            "source-0-kind": "url",
            "source-0-url": "https://example.org/news/1",
        }
    )
    assert client.post("/work/incidents/inc-t1/edit/", data).status_code == 302
    assert lock_holder("incident", "inc-t1") is None


@pytest.mark.usefixtures("installed")
def test_lock_endpoint_checks_the_record(users) -> None:
    client = client_for(users["monitor"])
    assert client.post("/work/lock/incident/missing/", {"op": "renew"}).status_code == 404
    assert client.post("/work/lock/user/1/", {"op": "renew"}).status_code == 404
