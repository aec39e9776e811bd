"""User administration under /work/users/ and `speechwatch roles create`: admins only, audited,
no self-deactivation, the last admin stays, invitations by mail, two-factor reset."""

from __future__ import annotations

import re
import time
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from speechwatch.audit.models import AuditEvent
from speechwatch.workspace import totp
from speechwatch.workspace import user_actions as UA
from speechwatch.workspace.actions import confirm_two_factor, start_two_factor
from speechwatch.workspace.models import TwoFactor
from tests.workspace.helpers import PASSWORD, SYSTEM, client_for


def actions_on(username: str) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="user", object_id=username)
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.mark.parametrize("role", ["correspondent", "monitor", "editor"])
def test_non_admins_get_403(users, role: str) -> None:
    client = client_for(users[role])
    assert client.get("/work/users/").status_code == 403
    assert client.post("/work/users/demo-admin/active/", {"active": "0"}).status_code == 403
    assert User.objects.get(username="demo-admin").is_active


def test_list_shows_roles_and_status(users) -> None:
    page = client_for(users["admin"]).get("/work/users/").content.decode()
    assert 'id="nav-users"' in page
    for name in ("demo-correspondent", "demo-monitor", "demo-editor", "demo-admin"):
        assert name in page
    assert "Monitor" in page and "Admin" in page
    assert 'id="nav-users"' not in client_for(users["editor"]).get("/work/").content.decode()


def test_invite_a_new_user(users, django_capture_on_commit_callbacks) -> None:
    admin = client_for(users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/work/users/new/",
            {"username": "nurlan", "email": "nurlan@example.org", "roles": ["monitor"]},
        )
    assert response.status_code == 302 and response["Location"] == "/work/users/nurlan/"
    nurlan = User.objects.get(username="nurlan")
    assert not nurlan.has_usable_password()
    assert list(nurlan.groups.values_list("name", flat=True)) == ["monitor"]
    assert actions_on("nurlan") == ["user.create", "user.invite"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nurlan@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    client = Client()
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    good = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert good.status_code == 302
    assert client.post("/accounts/login/", {"username": "nurlan", "password": PASSWORD})[
        "Location"
    ] == ("/work/")


def test_create_with_password_applies_the_policy(users) -> None:
    admin = client_for(users["admin"])
    data = {"username": "weak", "email": "", "roles": ["monitor"]}
    response = admin.post("/work/users/new/", {**data, "password1": "123", "password2": "123"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "too short" in text and "entirely numeric" in text
    assert not User.objects.filter(username="weak").exists()
    ok = admin.post("/work/users/new/", {**data, "password1": PASSWORD, "password2": PASSWORD})
    assert ok.status_code == 302 and User.objects.get(username="weak").check_password(PASSWORD)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "demo-monitor", "email": "x@example.org"}, "exists already"),
        ({"username": "DEMO-MONITOR", "email": "x@example.org"}, "exists already"),
        ({"username": "bad name!", "email": "x@example.org"}, "Enter a valid username"),
        ({"username": "noemail", "email": ""}, "needs an e-mail address"),
        ({"username": "x", "email": "x@example.org", "roles": ["root"]}, "not one of"),
    ],
)
def test_create_refuses_bad_input(users, data: dict, field: str) -> None:
    before = User.objects.count()
    response = client_for(users["admin"]).post("/work/users/new/", data)
    assert response.status_code == 400 and field in response.content.decode()
    assert User.objects.count() == before


def test_set_roles_and_last_admin(users) -> None:
    admin = client_for(users["admin"])
    url = "/work/users/demo-monitor/roles/"
    assert admin.post(url, {"roles": ["monitor", "editor"]}).status_code == 302
    assert UA.role_names(users["monitor"]) == ["monitor", "editor"]
    assert actions_on("demo-monitor")[-1] == "user.set_roles"
    # The only admin cannot give up the admin role …
    refused = admin.post("/work/users/demo-admin/roles/", {"roles": ["editor"]})
    assert refused.status_code == 400 and "last admin" in refused.content.decode()
    assert UA.role_names(users["admin"]) == ["admin"]
    # … but can once there is another.
    admin.post(url, {"roles": ["admin"]})
    assert admin.post("/work/users/demo-admin/roles/", {"roles": ["editor"]}).status_code == 302


def test_deactivate_reactivate_and_never_oneself(users) -> None:
    admin = client_for(users["admin"])
    assert admin.post("/work/users/demo-editor/active/", {"active": "0"}).status_code == 302
    assert not User.objects.get(username="demo-editor").is_active
    assert Client().post(
        "/accounts/login/", {"username": "demo-editor", "password": PASSWORD}
    ).status_code == (200)
    assert admin.post("/work/users/demo-editor/active/", {"active": "1"}).status_code == 302
    assert actions_on("demo-editor")[-2:] == ["user.deactivate", "user.reactivate"]
    refused = admin.post("/work/users/demo-admin/active/", {"active": "0"})
    assert refused.status_code == 400 and "yourself" in refused.content.decode()
    assert User.objects.get(username="demo-admin").is_active
    with pytest.raises(UA.UserInputError, match="last admin"):
        UA.set_active(users["admin"], False, who=SYSTEM)


def test_reset_two_factor(users) -> None:
    row = start_two_factor(users["editor"])
    assert confirm_two_factor(users["editor"], totp.totp(row.secret, time.time()))
    admin = client_for(users["admin"])
    assert "two-factor-reset" in admin.get("/work/users/demo-editor/").content.decode()
    assert admin.post("/work/users/demo-editor/two-factor/").status_code == 302
    assert not TwoFactor.objects.filter(user=users["editor"]).exists()
    assert actions_on("demo-editor")[-1] == "user.two_factor_reset"


def test_unknown_user_is_404(users) -> None:
    admin = client_for(users["admin"])
    assert admin.get("/work/users/nobody/").status_code == 404
    assert admin.post("/work/users/nobody/active/", {"active": "0"}).status_code == 404


def test_cli_create_applies_the_policy(users, tmp_path) -> None:
    weak = tmp_path / "weak"
    weak.write_text("123\n")
    with pytest.raises(CommandError, match=r"password: .*too short"):
        call_command("roles", "create", "aigerim", "--password-file", str(weak), stdout=StringIO())
    assert not User.objects.filter(username="aigerim").exists()
    good = tmp_path / "good"
    good.write_text(PASSWORD + "\n")
    out = StringIO()
    call_command(
        "roles", "create", "aigerim", "--role", "editor", "--password-file", str(good), stdout=out
    )
    assert "created aigerim (editor)" in out.getvalue()
    assert User.objects.get(username="aigerim").check_password(PASSWORD)
