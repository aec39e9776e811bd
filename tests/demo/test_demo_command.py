"""`speechwatch demo`: runs init, loads the data set, prints counts, and is safe to re-run."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from speechwatch.incidents.models import Incident
from speechwatch.taxonomy.models import Taxonomy


@pytest.mark.django_db
def test_demo_command_initialises_loads_and_is_idempotent() -> None:
    first = StringIO()
    call_command("demo", stdout=first)
    assert Taxonomy.objects.filter(code="adilsoz-2024").exists()
    n = Incident.objects.count()
    assert n > 500
    assert f"incidents: {n} created" in first.getvalue()

    second = StringIO()
    call_command("demo", stdout=second)
    assert Incident.objects.count() == n
    assert f"incidents: 0 created, 0 updated, {n} unchanged" in second.getvalue()
