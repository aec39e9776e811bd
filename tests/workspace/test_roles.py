"""Role capabilities and workflow moves per role (pure, table-driven)."""

from __future__ import annotations

import pytest

from speechwatch.workspace import roles as R

CAPS = [
    # role, capability, allowed
    ("correspondent", R.SUBMIT, True),
    ("correspondent", R.REVIEW, False),
    ("correspondent", R.EDIT, False),
    ("monitor", R.REVIEW, True),
    ("monitor", R.EDIT, True),
    ("monitor", R.PUBLISH, False),
    ("monitor", R.TWO_FACTOR, False),
    ("editor", R.PUBLISH, True),
    ("editor", R.BREAK_LOCK, True),
    ("editor", R.MANAGE, False),
    ("admin", R.MANAGE, True),
    ("admin", R.TWO_FACTOR, True),
]


@pytest.mark.parametrize(("role", "capability", "allowed"), CAPS)
def test_capabilities(role: str, capability: str, allowed: bool) -> None:
    assert R.can({role}, capability) is allowed


MOVES = [
    ("monitor", "draft", "under_review", True),
    ("monitor", "under_review", "verified", True),
    ("monitor", "verified", "published", False),
    ("monitor", "published", "verified", False),
    ("monitor", "rejected", "draft", True),
    ("editor", "verified", "published", True),
    ("editor", "published", "verified", True),
    ("editor", "draft", "published", False),  # not a workflow move at all
    ("admin", "verified", "published", True),
    ("correspondent", "draft", "under_review", False),
]


@pytest.mark.parametrize(("role", "current", "target", "allowed"), MOVES)
def test_transitions_per_role(role: str, current: str, target: str, allowed: bool) -> None:
    assert R.may_transition({role}, current, target) is allowed


def test_superuser_counts_as_admin_and_unknown_groups_are_ignored() -> None:
    assert R.normalise_roles(["press", "monitor"], is_superuser=True) == {"monitor", "admin"}


def test_allowed_targets_are_in_workflow_order() -> None:
    assert R.allowed_targets({"editor"}, "verified") == ["under_review", "published", "rejected"]
    assert R.allowed_targets({"monitor"}, "verified") == ["under_review", "rejected"]
    assert R.allowed_targets(set(), "draft") == []
