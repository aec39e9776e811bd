"""TOTP against the RFC 4226 and RFC 6238 test vectors, drift window, replay, URI."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlparse

import pytest

from speechwatch.workspace import totp

KEY = b"12345678901234567890"
SECRET = base64.b32encode(KEY).decode()

HOTP = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
]


@pytest.mark.parametrize(("counter", "expected"), list(enumerate(HOTP)))
def test_rfc4226_vectors(counter: int, expected: str) -> None:
    assert totp.hotp(KEY, counter) == expected


@pytest.mark.parametrize(
    ("unix_time", "expected"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_rfc6238_sha1_vectors(unix_time: int, expected: str) -> None:
    assert totp.totp(SECRET, unix_time, digits=8) == expected


def test_verify_accepts_one_step_of_drift_and_refuses_replay() -> None:
    now = 1_700_000_000
    code = totp.totp(SECRET, now - 30)
    step = totp.verify(SECRET, code, now)
    assert step == totp.time_step(now) - 1
    assert totp.verify(SECRET, code, now, last_step=step) is None
    assert totp.verify(SECRET, totp.totp(SECRET, now - 90), now) is None
    assert totp.verify(SECRET, "12345", now) is None
    assert totp.verify(SECRET, "abcdef", now) is None


def test_secret_and_provisioning_uri() -> None:
    secret = totp.new_secret()
    assert len(base64.b32decode(secret + "=" * (-len(secret) % 8))) == 20
    uri = totp.provisioning_uri(secret, "anna@example.org", "SpeechWatch")
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    assert parsed.path == "/SpeechWatch:anna@example.org"
    query = parse_qs(parsed.query)
    assert query["secret"] == [secret] and query["issuer"] == ["SpeechWatch"]
    assert query["digits"] == ["6"] and query["period"] == ["30"]
