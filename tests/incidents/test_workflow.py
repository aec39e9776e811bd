"""The review workflow as a table: every (from, to) pair is allowed or refused with a reason."""

from __future__ import annotations

import pytest

from speechwatch.incidents.workflow import TRANSITIONS, Readiness, TransitionError, check_transition

READY = Readiness(has_category=True, has_region=True, has_source=True)
STATES = list(TRANSITIONS)

ALLOWED = {
    ("draft", "under_review"),
    ("draft", "rejected"),
    ("under_review", "draft"),
    ("under_review", "verified"),
    ("under_review", "rejected"),
    ("verified", "under_review"),
    ("verified", "published"),
    ("verified", "rejected"),
    ("published", "verified"),
    ("rejected", "draft"),
}


@pytest.mark.parametrize("current", STATES)
@pytest.mark.parametrize("target", STATES)
def test_transition_table(current: str, target: str) -> None:
    if (current, target) in ALLOWED:
        check_transition(current, target, READY)
    else:
        with pytest.raises(TransitionError, match=f"cannot go from {current} to {target}"):
            check_transition(current, target, READY)


@pytest.mark.parametrize(
    ("ready", "message"),
    [
        (Readiness(True, True, False), "verified needs a source"),
        (Readiness(False, True, True), "verified needs a category"),
        (Readiness(False, False, False), "verified needs a category, a region, a source"),
    ],
)
def test_verification_needs_category_region_source(ready: Readiness, message: str) -> None:
    with pytest.raises(TransitionError, match=message):
        check_transition("under_review", "verified", ready)


def test_unknown_status() -> None:
    with pytest.raises(TransitionError, match="unknown status 'closed'"):
        check_transition("draft", "closed", READY)
