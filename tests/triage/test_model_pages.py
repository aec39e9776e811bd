"""/work/triage/models/: versions with their reports, the active one, "make active"."""

from __future__ import annotations

import pickle

import pytest
from django.utils import timezone

from speechwatch.audit.record import Who
from speechwatch.triage import actions
from speechwatch.triage.models import ModelVersion
from speechwatch.triage.views import report_view
from tests.triage.learnkit import tiny_result
from tests.workspace.helpers import client_for, make_users

URL = "/work/triage/models/"


def store(number: int, active: bool) -> ModelVersion:
    """A version as train_version stores it (training itself is covered in test_train.py)."""
    result = tiny_result()
    return ModelVersion.objects.create(
        number=number,
        created_at=timezone.now(),
        created_by_label="test",
        taxonomy="adilsoz-2024",
        trained_on=result.trained_on,
        blob=pickle.dumps(result.model),
        sklearn_version="x",
        report=result.report,
        thresholds=result.model.thresholds,
        active=active,
    )


@pytest.fixture
def users(installed):
    return make_users()


def test_editor_sees_each_version_and_rolls_back(users):
    store(1, active=False)
    store(2, active=True)
    client = client_for(users["editor"])
    page = client.get(URL).content.decode()
    assert 'id="version-1"' in page and 'id="version-2"' in page
    assert 'id="activate-1"' in page and 'id="activate-2"' not in page
    assert "report-violation" in page and "report-bins" in page
    response = client.post("/work/triage/models/1/activate/")
    assert response.status_code == 302 and response["Location"] == URL
    assert ModelVersion.objects.get(active=True).number == 1
    page = client.get(URL).content.decode()
    assert 'id="activate-2"' in page


def test_unknown_version_is_a_message_not_an_error(users):
    client = client_for(users["admin"])
    response = client.post("/work/triage/models/42/activate/", follow=True)
    assert response.status_code == 200
    assert "model version 42: no such version" in response.content.decode()


def test_empty_page_names_the_starter_model(users):
    page = client_for(users["editor"]).get(URL).content.decode()
    assert 'id="active-version"' in page and "activate-" not in page


def test_monitor_may_not_roll_back(users):
    store(1, active=True)
    store(2, active=False)
    client = client_for(users["monitor"])
    assert client.get(URL).status_code == 403
    assert client.post("/work/triage/models/2/activate/").status_code == 403
    assert ModelVersion.objects.get(active=True).number == 1


def test_activation_is_csrf_protected(users):
    store(1, active=False)
    client = client_for(users["editor"])
    client.handler.enforce_csrf_checks = True
    assert client.post("/work/triage/models/1/activate/").status_code == 403
    assert not ModelVersion.objects.filter(active=True).exists()


def test_report_view_tolerates_partial_reports():
    view = report_view(
        {"violation": {"all": {"precision": 1, "recall": 0.5, "f1": 0.667, "support": 2}}}
    )
    assert view["violation"][0] == {
        "name": "all",
        "precision": "100.0%",
        "recall": "50.0%",
        "f1": "66.7%",
        "support": 2,
    }
    assert view["top3"] == "—" and view["brier"] == "—" and view["bins"] == []


def test_activate_twice_records_once(installed):
    store(1, active=False)
    who = Who(label="test")
    actions.activate(who, 1)
    actions.activate(who, 1)
    from speechwatch.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="triage.activate").count() == 1
