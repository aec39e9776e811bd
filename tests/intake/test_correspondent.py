"""Correspondents submit through their form and see only their own submissions."""

from __future__ import annotations

import pytest

from speechwatch.intake.models import Reporter, Submission
from tests.workspace.helpers import client_for


@pytest.mark.usefixtures("installed")
def test_correspondent_submits_and_sees_only_own(users) -> None:
    mine = client_for(users["correspondent"])
    theirs = client_for(users["other"])
    response = mine.post(
        "/work/submissions/new/", {"what_happened": "My story", "may_contact": "on"}
    )
    assert response.status_code == 302
    theirs.post("/work/submissions/new/", {"what_happened": "Their story"})
    own = Submission.objects.get(what_happened="My story")
    reporter = Reporter.objects.get(submission=own)
    assert reporter.user == users["correspondent"] and reporter.may_contact
    assert own.channel == "correspondent"

    listing = mine.get("/work/submissions/").content.decode()
    assert "My story" in listing and "Their story" not in listing
    other = Submission.objects.get(what_happened="Their story")
    assert mine.get(f"/work/submissions/{other.external_id}/").status_code == 404
    detail = mine.get(f"/work/submissions/{own.external_id}/").content.decode()
    assert "waiting for review" in detail
    assert 'id="convert"' not in detail  # no decisions for correspondents

    staff = client_for(users["monitor"]).get("/work/submissions/").content.decode()
    assert "My story" in staff and "Their story" in staff


@pytest.mark.usefixtures("installed")
def test_correspondent_sees_the_outcome_but_not_internal_links(users) -> None:
    mine = client_for(users["correspondent"])
    mine.post("/work/submissions/new/", {"what_happened": "Camera seized"})
    sub = Submission.objects.get()
    client_for(users["monitor"]).post(
        f"/work/submissions/{sub.external_id}/reject/", {"note": "duplicate of a known case"}
    )
    detail = mine.get(f"/work/submissions/{sub.external_id}/").content.decode()
    assert "not taken up" in detail
    assert "duplicate of a known case" not in detail  # the monitor's note is internal
