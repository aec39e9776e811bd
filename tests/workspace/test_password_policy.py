"""AUTH_PASSWORD_VALIDATORS: weak passwords are refused on change and reset, in the user's
language; the demo password still passes."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.test import Client

from speechwatch.workspace.actions import DEMO_PASSWORD, create_demo_users
from tests.workspace.helpers import PASSWORD


@pytest.mark.django_db
def test_demo_password_passes_for_every_demo_user() -> None:
    for user in create_demo_users():
        validate_password(DEMO_PASSWORD, user=user)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("123", "too short"),
        ("1234567890123", "entirely numeric"),
        ("password123", "too common"),
        ("demo-monitor1", "too similar"),
    ],
)
def test_weak_passwords_refused_on_change(users, password: str, reason: str) -> None:
    client = Client()
    client.force_login(users["monitor"])
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200 and reason in response.content.decode()
    users["monitor"].refresh_from_db()
    assert users["monitor"].check_password(PASSWORD)


def test_messages_are_translated(users) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(users["monitor"])
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert "Введённый пароль слишком короткий" in response.content.decode()


def test_weak_password_refused_on_reset(users) -> None:
    Client().post("/accounts/password/reset/", {"email": "demo-editor@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    client = Client()
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200 and "too short" in response.content.decode()
    users["editor"].refresh_from_db()
    assert users["editor"].check_password(PASSWORD)
