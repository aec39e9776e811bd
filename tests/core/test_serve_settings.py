"""Serving settings: Secure cookies only over HTTPS, the secret key file, error logging."""

from __future__ import annotations

import importlib
import io
import os
import stat
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

HTTPS_CASES = [
    ({}, False),
    ({"SECURE_PROXY_SSL_HEADER": "true"}, True),
    ({"SECURE_SSL_REDIRECT": "true"}, True),
    ({"SECURE_COOKIES": "1"}, True),
    ({"SECURE_PROXY_SSL_HEADER": "true", "SECURE_COOKIES": "false"}, False),
]


@pytest.mark.parametrize(("env", "secure"), HTTPS_CASES)
def test_cookies_are_secure_only_when_https_is_configured(monkeypatch, env, secure) -> None:
    import speechwatch.settings as s

    for name in ("SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_COOKIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        fresh = importlib.reload(s)
        assert fresh.SESSION_COOKIE_SECURE is secure
        assert fresh.CSRF_COOKIE_SECURE is secure
    finally:
        monkeypatch.undo()
        importlib.reload(s)


def test_secret_key_file_is_written_once_private_and_read(monkeypatch, tmp_path) -> None:
    import speechwatch.settings as s

    monkeypatch.setattr("django.conf.settings.SECRET_KEY_FILE", tmp_path / "secret_key")
    call_command("secret-key", stdout=io.StringIO())
    key_file = tmp_path / "secret_key"
    first = key_file.read_text()
    assert len(first.strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    call_command("secret-key", stdout=io.StringIO())
    assert key_file.read_text() == first  # never replaced: that would sign everyone out
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SPEECHWATCH_VAR_DIR", str(tmp_path))
    try:
        assert first.strip() == importlib.reload(s).SECRET_KEY
        monkeypatch.setenv("SECRET_KEY", "from-the-environment")
        assert importlib.reload(s).SECRET_KEY == "from-the-environment"
    finally:
        monkeypatch.undo()
        importlib.reload(s)


def test_serve_refuses_the_builtin_key_in_process(settings, monkeypatch) -> None:
    monkeypatch.delenv("SPEECHWATCH_DEMO", raising=False)  # else serve would exec gunicorn here
    settings.SECRET_KEY = settings.DEV_SECRET_KEY
    with pytest.raises(CommandError, match="built-in development SECRET_KEY"):
        call_command("serve", port=1)


@pytest.mark.django_db
@pytest.mark.usefixtures("installed")
def test_staff_and_account_pages_are_never_cached() -> None:
    client = Client()
    for url in ("/work/", "/accounts/login/", "/work/submissions/"):
        assert client.get(url)["Cache-Control"] == "private, no-store", url
    assert "no-store" not in client.get("/").get("Cache-Control", "")


@pytest.mark.parametrize(
    ("value", "admins"),
    [
        ("", []),
        ("ops@example.org", [("ops@example.org", "ops@example.org")]),
        (
            "Ops Team <ops@example.org>, dev@example.org",
            [("Ops Team", "ops@example.org"), ("dev@example.org", "dev@example.org")],
        ),
    ],
)
def test_admins_from_the_environment(monkeypatch, value, admins) -> None:
    from speechwatch.settings import env_admins

    monkeypatch.setenv("ADMINS", value)
    assert env_admins("ADMINS") == admins


ERROR_SCRIPT = """
import django, logging
django.setup()
from django.core import mail
from django.test import RequestFactory
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("django.request").error(
        "Internal Server Error: /x", exc_info=True,
        extra={"status_code": 500, "request": RequestFactory().get("/x")},
    )
print("mails", len(mail.outbox), mail.outbox[0].to if mail.outbox else "")
"""


def test_errors_go_to_stderr_with_traceback_and_to_admins(tmp_path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "speechwatch.settings",
        "SPEECHWATCH_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ADMINS": "Ops <ops@example.org>",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    proc = subprocess.run(
        [sys.executable, "-c", ERROR_SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "ERROR django.request: Internal Server Error: /x" in proc.stderr
    assert "Traceback (most recent call last)" in proc.stderr
    assert "ZeroDivisionError" in proc.stderr
    assert proc.stdout.strip() == "mails 1 ['ops@example.org']"
