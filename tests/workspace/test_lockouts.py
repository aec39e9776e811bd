"""Sign-in lockouts (django-axes, workspace/lockout.py), two-factor failure limits, reset mails."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.test import Client

from speechwatch.workspace import totp
from speechwatch.workspace.actions import confirm_two_factor, start_two_factor
from speechwatch.workspace.lockout import forwarded_addr, normalise_username, over_limit
from tests.workspace.helpers import PASSWORD


def login(client: Client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("demo-monitor", "demo-monitor"),
        ("ｄemo-monitor", "demo-monitor"),  # full-width d
        ("demo－monitor", "demo-monitor"),  # full-width hyphen-minus
        ("ＤＥＭＯ-MONITOR", "demo-monitor"),
        ("  Demo-Monitor ", "demo-monitor"),
        ("Straße", "strasse"),
        (None, ""),
        ("x" * 300, "x" * 150),
    ],
)
def test_normalise_username(typed: object, key: str) -> None:
    assert normalise_username(typed) == key


@pytest.mark.parametrize(
    ("counts", "limits", "locked"),
    [
        ([0, 0, 0], (5, 20, 50), False),
        ([4, 19, 49], (5, 20, 50), False),
        ([5, 5, 5], (5, 20, 50), True),
        ([1, 20, 1], (5, 20, 50), True),
        ([1, 1, 50], (5, 20, 50), True),
        ([], (5, 20, 50), False),
    ],
)
def test_over_limit(counts: list[int], limits: tuple[int, int, int], locked: bool) -> None:
    assert over_limit(counts, limits) is locked


@pytest.mark.usefixtures("users")
def test_full_width_spellings_share_one_counter(settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="10.9.9.9")
    for spelling in ("ｄemo-monitor", "demo－monitor", "DEMO-MONITOR"):
        login(client, spelling, "wrong")
    assert login(client, "demo-monitor").status_code == 429
    # A success under another spelling cannot get past (or clear) the real name's lockout.
    assert login(client, "ｄemo-monitor").status_code == 429
    assert login(client, "demo-monitor").status_code == 429


@pytest.mark.usefixtures("users")
def test_account_limit_across_addresses(settings) -> None:
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 4
    for n in range(4):
        login(Client(REMOTE_ADDR=f"10.0.0.{n}"), "demo-editor", "wrong")
    assert login(Client(REMOTE_ADDR="10.0.0.99"), "demo-editor").status_code == 429
    assert login(Client(REMOTE_ADDR="10.0.0.99"), "demo-monitor").status_code == 302


@pytest.mark.usefixtures("users")
def test_address_limit_across_accounts(settings) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for name in ("alice", "bob", "carol", "dave"):
        login(Client(REMOTE_ADDR="10.6.6.6"), name, "wrong")
    assert login(Client(REMOTE_ADDR="10.6.6.6"), "demo-monitor").status_code == 429
    assert login(Client(REMOTE_ADDR="10.1.1.1"), "demo-monitor").status_code == 302


@pytest.mark.usefixtures("users")
def test_success_clears_only_this_address(settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    for _ in range(2):
        login(Client(REMOTE_ADDR="10.2.2.2"), "demo-editor", "wrong")
    assert login(Client(REMOTE_ADDR="10.3.3.3"), "demo-editor").status_code == 302
    login(Client(REMOTE_ADDR="10.4.4.4"), "demo-editor", "wrong")  # third for the account
    assert login(Client(REMOTE_ADDR="10.3.3.3"), "demo-editor").status_code == 429


@pytest.mark.usefixtures("users")
def test_success_clears_this_address(settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="10.2.2.3")
    for _ in range(2):
        login(client, "demo-editor", "wrong")
    assert login(client, "ｄemo-editor").status_code == 302  # any spelling of the real account
    client = Client(REMOTE_ADDR="10.2.2.3")
    assert [login(client, "demo-editor", "wrong").status_code for _ in range(2)] == [200, 200]
    assert login(client, "demo-editor").status_code == 302


@pytest.mark.usefixtures("users")
def test_lockout_page_is_ours_and_translated(settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 1
    client = Client(REMOTE_ADDR="10.5.5.5", HTTP_ACCEPT_LANGUAGE="ru")
    login(client, "demo-editor", "wrong")
    page = login(client, "demo-editor")
    assert page.status_code == 429
    text = page.content.decode()
    assert 'id="login-form"' in text and "Слишком много неудачных попыток входа" in text


def _two_factor_on(user) -> str:
    row = start_two_factor(user)
    assert confirm_two_factor(user, totp.totp(row.secret, time.time() - 30))
    return row.secret


def test_wrong_codes_do_not_lock_the_owner_out(users, settings) -> None:
    settings.OTP_FAILURE_LIMIT = 3
    secret = _two_factor_on(users["editor"])
    attacker = Client(REMOTE_ADDR="10.7.7.7")  # knows the password, not the code
    for _ in range(3):
        assert login(attacker, "demo-editor")["Location"] == "/accounts/login/otp/"
        statuses = [
            attacker.post("/accounts/login/otp/", {"code": "000000"}).status_code for _ in range(3)
        ]
        assert statuses == [400, 400, 429]
        # That partial sign-in is over: the code step sends back to the password step.
        assert attacker.post("/accounts/login/otp/", {"code": "000000"}).status_code == 302
    owner = Client(REMOTE_ADDR="10.8.8.8")
    assert login(owner, "demo-editor")["Location"] == "/accounts/login/otp/"
    code = totp.totp(secret, time.time() + 30)
    assert owner.post("/accounts/login/otp/", {"code": code}).status_code == 302
    assert owner.get("/work/").status_code == 200


def test_wrong_codes_are_limited_per_address(users, settings) -> None:
    settings.OTP_ADDRESS_FAILURE_LIMIT = 2
    _two_factor_on(users["editor"])
    attacker = Client(REMOTE_ADDR="10.7.7.8")
    for _ in range(2):
        login(attacker, "demo-editor")
        attacker.post("/accounts/login/otp/", {"code": "000000"})
    login(attacker, "demo-editor")
    assert attacker.post("/accounts/login/otp/", {"code": "000000"}).status_code == 429


@pytest.mark.usefixtures("users")
def test_reset_mails_are_limited_per_account() -> None:
    client = Client(REMOTE_ADDR="10.10.10.10")
    responses = [
        client.post("/accounts/password/reset/", {"email": "demo-editor@example.org"})
        for _ in range(20)
    ]
    assert len(mail.outbox) == 3
    # Same answer whether a mail went out, was held back, or there is no such account.
    nobody = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert {(r.status_code, r["Location"]) for r in [*responses, nobody]} == {
        (302, "/accounts/password/reset/done/")
    }


@pytest.mark.usefixtures("users")
def test_reset_mails_are_limited_per_address(settings) -> None:
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 2
    client = Client(REMOTE_ADDR="10.11.11.11")
    for role in ("correspondent", "monitor", "editor", "admin"):
        client.post("/accounts/password/reset/", {"email": f"demo-{role}@example.org"})
    assert len(mail.outbox) == 2
    Client(REMOTE_ADDR="10.12.12.12").post(
        "/accounts/password/reset/", {"email": "demo-admin@example.org"}
    )
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "client"),
    [
        ("10.0.0.1", "", 0, "10.0.0.1"),
        ("10.0.0.1", "6.6.6.6", 0, "10.0.0.1"),  # not trusted unless configured
        ("127.0.0.1", "6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),  # the left one is forgeable
        ("127.0.0.1", "203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),
        ("127.0.0.1", "", 1, "127.0.0.1"),  # header missing: the proxy's own address
        ("127.0.0.1", " , ", 1, "127.0.0.1"),
    ],
)
def test_forwarded_addr(remote: str, forwarded: str, proxies: int, client: str) -> None:
    assert forwarded_addr(remote, forwarded, proxies) == client


@pytest.mark.usefixtures("users")
def test_forged_forwarded_for_does_not_escape_the_limit(settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(2):
        client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.7")
        login(client, "demo-editor", "wrong")
    proxied = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    assert login(proxied, "demo-editor").status_code == 429
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert login(other, "demo-editor").status_code == 302
