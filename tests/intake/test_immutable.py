"""Submissions and reporter details are stored as received and never changed."""

from __future__ import annotations

import pytest

from speechwatch.intake.actions import ReporterInput, SubmissionInput, submit
from speechwatch.intake.models import ImmutableError, Reporter
from tests.workspace.helpers import SYSTEM


@pytest.mark.usefixtures("installed")
def test_saving_again_is_refused() -> None:
    sub = submit(
        SubmissionInput(channel="public", what_happened="raw"), ReporterInput(name="A"), who=SYSTEM
    )
    sub.what_happened = "edited"
    with pytest.raises(ImmutableError):
        sub.save()
    reporter = Reporter.objects.get(submission=sub)
    reporter.name = "B"
    with pytest.raises(ImmutableError):
        reporter.save()


@pytest.mark.usefixtures("installed")
def test_bad_input_names_the_field_and_writes_nothing() -> None:
    with pytest.raises(ValueError, match="region"):
        submit(
            SubmissionInput(channel="public", what_happened="x", region="atlantis"),
            ReporterInput(),
            who=SYSTEM,
        )
    with pytest.raises(ValueError, match="what_happened"):
        submit(SubmissionInput(channel="public", what_happened="  "), ReporterInput(), who=SYSTEM)
    from speechwatch.intake.models import Submission

    assert Submission.objects.count() == 0
