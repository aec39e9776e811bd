"""Adding a stage, linking an incident or setting a defendant's status marks the case updated
(the "recently updated" list keys on Case.updated_at)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from speechwatch.actors.actions import create_actor
from speechwatch.cases import actions
from speechwatch.cases.models import Case
from tests.workspace.helpers import SYSTEM, make_incident


def test_case_changes_bump_updated_at(users) -> None:
    case = actions.create_case(kind="criminal", title={"en": "Case"}, who=SYSTEM)
    long_ago = timezone.now() - timedelta(days=90)

    def reset() -> None:
        Case.objects.filter(pk=case.pk).update(updated_at=long_ago)

    def bumped() -> bool:
        return Case.objects.get(pk=case.pk).updated_at > long_ago + timedelta(days=1)

    reset()
    actions.add_stage(case, stage="investigation", on=date(2024, 4, 2), who=SYSTEM)
    assert bumped()
    reset()
    actions.link_incident(case, make_incident(1), who=SYSTEM)
    assert bumped()
    reset()
    actor = create_actor(name="Journalist A", kind="person", type="journalist", who=SYSTEM)
    actions.set_defendant_status(case, actor, status="suspect", who=SYSTEM)
    assert bumped()
