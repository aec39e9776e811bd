"""Sign-in, sign-out, password change and reset, login rate limiting, TOTP two-factor."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from django.test import Client

from speechwatch.workspace import totp
from speechwatch.workspace.actions import start_two_factor
from speechwatch.workspace.models import TwoFactor
from tests.workspace.helpers import PASSWORD


def login(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


@pytest.mark.usefixtures("users")
def test_login_and_logout() -> None:
    client = Client()
    response = login(client, "demo-monitor")
    assert response.status_code == 302 and response["Location"] == "/work/"
    assert client.get("/work/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405  # logging out needs a POST (CSRF)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/work/").status_code == 302


@pytest.mark.usefixtures("users")
def test_failed_logins_are_limited_per_username_and_address(settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    # Three wrong passwords are checked; the third one already answers with the lockout (axes).
    assert [login(attacker, "demo-editor", "wrong").status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    blocked = login(attacker, "demo-editor", PASSWORD)  # even the right password
    assert blocked.status_code == 429
    assert "Too many failed sign-in attempts" in blocked.content.decode()
    # The real user from another address is not locked out, nor other accounts from this one.
    assert login(Client(REMOTE_ADDR="10.1.1.1"), "demo-editor").status_code == 302
    assert login(Client(REMOTE_ADDR="10.9.9.9"), "demo-monitor").status_code == 302


@pytest.mark.usefixtures("users")
def test_failure_window_expires(settings) -> None:
    from datetime import timedelta

    from axes.models import AccessAttempt

    settings.LOGIN_FAILURE_LIMIT = 1
    client = Client()
    login(client, "demo-editor", "wrong")
    assert login(client, "demo-editor").status_code == 429
    attempt = AccessAttempt.objects.get()
    AccessAttempt.objects.update(attempt_time=attempt.attempt_time - timedelta(hours=1))
    assert login(client, "demo-editor").status_code == 302


def test_password_change(users) -> None:
    client = Client()
    login(client, "demo-monitor")
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a much better one 42",
            "new_password2": "a much better one 42",
        },
    )
    assert response.status_code == 302
    assert login(Client(), "demo-monitor", "a much better one 42").status_code == 302


def test_password_reset_by_email(users) -> None:
    response = Client().post("/accounts/password/reset/", {"email": "demo-editor@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body)
    assert link is not None
    client = Client()
    path = link.group(0).split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "reset and renewed 77", "new_password2": "reset and renewed 77"},
    )
    assert response.status_code == 302
    assert login(Client(), "demo-editor", "reset and renewed 77").status_code == 302


def test_two_factor_setup_and_login(users) -> None:
    editor = users["editor"]
    client = Client()
    login(client, "demo-editor")
    client.post("/accounts/two-factor/", {"op": "start"})
    page = client.get("/accounts/two-factor/").content.decode()
    secret = TwoFactor.objects.get(user=editor).secret
    assert secret in page and "otpauth://totp/SpeechWatch:demo-editor?secret=" in page.replace(
        "&amp;", "&"
    )
    assert (
        client.post("/accounts/two-factor/", {"op": "confirm", "code": "000000"}).status_code == 400
    )
    code = totp.totp(secret, time.time())
    assert client.post("/accounts/two-factor/", {"op": "confirm", "code": code}).status_code == 302
    assert TwoFactor.objects.get(user=editor).confirmed_at is not None

    fresh = Client()
    step_one = login(fresh, "demo-editor")
    assert step_one["Location"] == "/accounts/login/otp/"
    assert fresh.get("/work/").status_code == 302  # not signed in yet
    assert fresh.post("/accounts/login/otp/", {"code": "123456"}).status_code == 400
    # The code used for confirming cannot be replayed; the next step's code works.
    next_code = totp.totp(secret, time.time() + 30)
    assert fresh.post("/accounts/login/otp/", {"code": next_code}).status_code == 302
    assert fresh.get("/work/").status_code == 200


def test_otp_step_without_password_step_goes_back_to_login(users) -> None:
    assert Client().get("/accounts/login/otp/")["Location"] == "/accounts/login/"


def test_monitors_cannot_enable_two_factor(users) -> None:
    client = Client()
    login(client, "demo-monitor")
    assert client.post("/accounts/two-factor/", {"op": "start"}).status_code == 403
    start_two_factor(users["editor"])  # unconfirmed setup does not affect login
    assert login(Client(), "demo-editor").status_code == 302
