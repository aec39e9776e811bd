"""Builders shared by workspace and intake tests: users per role, incidents via real actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from speechwatch.audit.record import Who
from speechwatch.incidents.actions import IncidentInput, SourceInput, create_incident
from speechwatch.incidents.models import Incident
from speechwatch.workspace.actions import create_demo_users, grant_role

ROLES = ("correspondent", "monitor", "editor", "admin")
PASSWORD = "correct horse battery"
SYSTEM = Who(label="test")


def make_users() -> dict[str, User]:
    """demo-<role> for each role, plus a second correspondent `other-correspondent`."""
    users = {u.username.removeprefix("demo-"): u for u in create_demo_users(password=PASSWORD)}
    other = User.objects.create_user("other-correspondent", password=PASSWORD)
    grant_role(other, "correspondent", who=SYSTEM)
    users["other"] = other
    return users


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def make_incident(n: int = 1, **overrides: Any) -> Incident:
    data = IncidentInput(
        recorded_on=date(2024, 4, min(28, n % 28 + 1)),
        title={"en": f"Journalist obstructed {n}", "ru": f"Журналисту помешали {n}"},
        summary={"en": "A reporter was stopped at the akimat."},
        region="almaty",
        categories=["R.obstruction"],
        sources=[SourceInput(kind="url", url=f"https://example.org/news/{n}")],
        external_id=f"inc-t{n}",
        internal_notes="secret internal note about the case",
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return create_incident(data, who=SYSTEM)
