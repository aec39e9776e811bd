"""`speechwatch roles init|grant|demo-users` and the groups created by migration."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError

from speechwatch.workspace.actions import DEMO_PASSWORD, create_demo_users


@pytest.mark.django_db
def test_groups_exist_after_migrate_and_init_is_idempotent() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "correspondent",
        "monitor",
        "editor",
        "admin",
    }
    out = StringIO()
    call_command("roles", "init", stdout=out)
    assert "created: 0" in out.getvalue()


@pytest.mark.django_db
def test_grant() -> None:
    User.objects.create_user("anna")
    call_command("roles", "grant", "anna", "editor", stdout=StringIO())
    assert User.objects.get(username="anna").groups.filter(name="editor").exists()
    with pytest.raises(CommandError, match="no user"):
        call_command("roles", "grant", "nobody", "editor", stdout=StringIO())


@pytest.mark.django_db
def test_demo_users_one_per_role_and_rerunnable() -> None:
    users = create_demo_users()
    assert [u.username for u in users] == [
        "demo-correspondent",
        "demo-monitor",
        "demo-editor",
        "demo-admin",
    ]
    assert users[1].check_password(DEMO_PASSWORD)
    call_command("roles", "demo-users", stdout=StringIO())
    assert User.objects.filter(username__startswith="demo-").count() == 4
