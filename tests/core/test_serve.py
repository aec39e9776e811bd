"""`speechwatch serve` for real: gunicorn + WhiteNoise on a loopback port, no Python in headers."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

SERVER_LEAKS = ("python", "cpython", "wsgiserver", "gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_env(var: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SPEECHWATCH_"))}
    env.pop("SECRET_KEY", None)
    env.update(
        DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}",
        SPEECHWATCH_VAR_DIR=str(var),
        SPEECHWATCH_EMBEDDINGS="0",
        **extra,
    )
    return env


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "speechwatch.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def wait_until_listening(proc: subprocess.Popen[str], port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited {proc.returncode}: {proc.communicate()[1]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"serve did not listen on {port} within {seconds} s")


def test_gunicorn_serves_pages_hashed_compressed_static_and_private_pages(tmp_path) -> None:
    env = app_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(50))
    assert cli(env, "init").returncode == 0
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "speechwatch.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_listening(proc, port, 240)  # collectstatic compresses first
        home = get(port, "/")
        assert home.status == 200
        login = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        login.request("GET", "/accounts/login/")
        page = login.getresponse()
        body = page.read().decode()
        assert page.status == 200
        assert page.getheader("Cache-Control") == "private, no-store"
        # Plain http: the CSRF cookie must not be Secure, or the browser could not sign in.
        assert "secure" not in (page.getheader("Set-Cookie") or "").lower()
        css = re.search(r"/static/[\w/.-]+\.[0-9a-f]{12}\.css", body)
        assert css, "static links carry a content hash"
        static = get(port, css.group(0), **{"Accept-Encoding": "gzip, br"})
        assert static.status == 200
        assert static.getheader("Content-Encoding") in {"gzip", "br"}
        assert "immutable" in (static.getheader("Cache-Control") or "")
        work = get(port, "/work/")
        assert work.status == 302
        assert work.getheader("Cache-Control") == "private, no-store"
        assert get(port, "/static/workspace/missing.css").status == 404
        for response in (home, page, static, work):
            server = (response.getheader("Server") or "").lower()
            assert not any(leak in server for leak in SERVER_LEAKS), server
            assert not re.search(r"\d+\.\d+", server), server
    finally:
        proc.terminate()
        try:
            _, stderr = proc.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, stderr = proc.communicate()
    assert "Starting gunicorn" in stderr
    assert "Traceback" not in stderr


def test_serve_refuses_the_builtin_secret_key_outside_a_demo(tmp_path) -> None:
    proc = cli(app_env(tmp_path), "serve", "--port", str(free_port()))
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("CommandError: refusing to serve with the built-in development")
    assert "speechwatch secret-key" in last and "--demo" in last
    assert not (tmp_path / "static").exists()  # refused before doing anything


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path) -> None:
    # docs/operations.md "Environment": behind a TLS proxy.
    production = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "monitor.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://monitor.example.org",
        "SECURE_PROXY_SSL_HEADER": "true",
        "SPEECHWATCH_TRUSTED_PROXIES": "1",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
    }
    proc = cli(app_env(tmp_path, **production), "check", "--deploy", "--fail-level", "WARNING")
    assert proc.returncode == 0, proc.stderr
    assert "System check identified no issues (0 silenced)." in proc.stdout
    # …and the check does find what an unset value would leave open.
    del production["SECURE_HSTS_SECONDS"]
    proc = cli(app_env(tmp_path, **production), "check", "--deploy")
    assert "security.W004" in proc.stderr + proc.stdout


def test_development_server_does_not_name_python_either(tmp_path) -> None:
    env = app_env(tmp_path)  # --dev accepts the built-in key
    assert cli(env, "init").returncode == 0
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "speechwatch.cli",
            "serve",
            "--dev",
            "--noreload",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_until_listening(proc, port, 120)
        response = get(port, "/accounts/login/")
        assert response.status == 200
        assert response.getheader("Server") == "speechwatch-dev"
        assert response.getheader("Cache-Control") == "private, no-store"
    finally:
        proc.terminate()
        proc.wait(30)
