"""Hostile or careless form input: the form comes back with the typed text and a clear message.

Dates after today (in settings.TIME_ZONE), too many files, odd or overlong file names, requests
Django refuses to parse: never a bare "Bad Request (400)" page, nothing stored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from speechwatch.incidents.models import Incident
from speechwatch.intake.files import MAX_NAME, safe_name, unique_names
from speechwatch.intake.models import Attachment, Submission
from speechwatch.intake.validators import local_today
from tests.intake.test_public_form import FORM
from tests.workspace.helpers import client_for
from tests.workspace.test_editor import BASE

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
TYPED = "Police took a reporter's camera at the rally."


def png(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def errors_of(response) -> str:
    return response.content.decode()


def assert_form_again(response, *messages: str) -> None:
    """The form page (not Django's bare 400 page), with the messages; nothing stored."""
    body = response.content.decode()
    assert response.status_code == 400
    assert "Bad Request (400)" not in body and 'name="what_happened"' in body
    for message in messages:
        assert message in body, message
    assert Submission.objects.count() == 0


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    "field", [{"occurred_day": "2999-01-01"}, {"occurred_month": "2999-01", "occurred_day": ""}]
)
def test_public_form_refuses_a_date_after_today(field) -> None:
    response = Client().post("/report/", {**FORM, **field})
    assert_form_again(response, "cannot be in the future", TYPED.replace("'", "&#x27;"))


@pytest.mark.usefixtures("installed")
def test_today_is_that_of_the_settings_time_zone(monkeypatch) -> None:
    # 20:00 UTC on 30 April is already 1 May in Almaty (UTC+5): 1 May is today, not the future.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2024, 4, 30, 20, 0, tzinfo=UTC))
    assert local_today() == date(2024, 5, 1)
    client = Client()
    assert client.post("/report/", {**FORM, "occurred_day": "2024-05-01"}).status_code == 302
    response = client.post("/report/", {**FORM, "occurred_day": "2024-05-02"})
    assert response.status_code == 400 and "today is 2024-05-01" in response.content.decode()


@pytest.mark.usefixtures("installed")
def test_correspondent_form_refuses_a_future_date(users) -> None:
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    response = client_for(users["correspondent"]).post(
        "/work/submissions/new/", {"what_happened": TYPED, "occurred_day": tomorrow}
    )
    assert_form_again(response, "cannot be in the future")
    today = client_for(users["correspondent"]).post(
        "/work/submissions/new/", {"what_happened": TYPED, "occurred_day": str(local_today())}
    )
    assert today.status_code == 302


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize("field", ["recorded_on", "occurred_on"])
def test_incident_editor_refuses_a_future_date(users, field) -> None:
    response = client_for(users["monitor"]).post(
        "/work/incidents/new/", {**BASE, "categories": ["R.detention"], field: "2999-01-01"}
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert Incident.objects.count() == 0


# --- files through the form -------------------------------------------------------------------


@pytest.mark.usefixtures("installed")
def test_a_few_files_too_many_keep_the_typed_text(settings) -> None:
    files = [png(f"p{i}.png") for i in range(settings.INTAKE_MAX_FILES + 6)]  # 11 by default
    response = Client().post("/report/", {**FORM, "attachments": files})
    assert_form_again(response, f"at most {settings.INTAKE_MAX_FILES} files", "Kaskelen")


def multipart(*parts: tuple[str, bytes, str | None]) -> bytes:
    """A raw multipart body: (field, value, file name or None)."""
    out = b""
    for name, value, filename in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        head = f"--XyZ\r\nContent-Disposition: {disposition}\r\n"
        if filename is not None:
            head += "Content-Type: image/png\r\n"
        out += head.encode() + b"\r\n" + value + b"\r\n"
    return out + b"--XyZ--\r\n"


def post_raw(client: Client, path: str, body: bytes):
    return client.generic("POST", path, body, content_type="multipart/form-data; boundary=XyZ")


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("files", "message"),
    [
        # Beyond DATA_UPLOAD_MAX_NUMBER_FILES Django refuses before the form can count.
        ([("attachments", PNG, f"p{i}.png") for i in range(101)], "at most 5 files"),
        # A part header over 1 KiB: Django's parser gives up on the whole request.
        ([("attachments", PNG, "a" * 1000 + ".png")], "could not be read"),
        ([("f", b"x", None) for _ in range(1001)], "too many fields"),
        ([("what_happened", b"x" * (3 * 1024 * 1024), None)], "too long to be received"),
    ],
    ids=["101-files", "1000-character-name", "1001-fields", "3-MB-of-text"],
)
def test_requests_django_refuses_show_the_form_with_the_reason(files, message) -> None:
    body = multipart(("what_happened", TYPED.encode(), None), *files)
    response = post_raw(Client(), "/report/", body)
    assert_form_again(response, "Nothing was received", message)


@pytest.mark.usefixtures("installed")
def test_refused_request_on_the_correspondent_form(users) -> None:
    body = multipart(("attachments", PNG, "a" * 1000 + ".png"))
    response = post_raw(client_for(users["correspondent"]), "/work/submissions/new/", body)
    assert_form_again(response, "could not be read")


@pytest.mark.usefixtures("installed")
def test_csrf_is_still_checked() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/report/", FORM).status_code == 403
    token = client.get("/report/").cookies["csrftoken"].value
    response = client.post("/report/", {**FORM, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and Submission.objects.count() == 1


@pytest.mark.usefixtures("installed")
def test_long_odd_and_repeated_names_are_cleaned_and_kept(settings) -> None:
    files = [
        png("a" * 250 + ".png"),
        png("photo.png"),
        png("PHOTO.png"),
        png("..\\..\\evil\u202egnp.png"),
        png("...png"),
    ]
    response = Client().post("/report/", {**FORM, "attachments": files})
    assert response.status_code == 302
    names = list(Attachment.objects.order_by("pk").values_list("original_name", flat=True))
    assert names == [
        "a" * (MAX_NAME - 4) + ".png",
        "photo.png",
        "PHOTO (2).png",
        "evilgnp.png",
        "attachment.png",
    ]


@pytest.mark.usefixtures("installed")
def test_empty_file_is_named() -> None:
    empty = SimpleUploadedFile("notes.txt", b"", content_type="text/plain")
    response = Client().post("/report/", {**FORM, "attachments": [png("p.png"), empty]})
    assert_form_again(response, "notes.txt: the file is empty", "Kaskelen")


# --- names (pure) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("photo.jpg", "photo.jpg"),
        ("a" * 1000 + ".jpeg", "a" * (MAX_NAME - 5) + ".jpeg"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\scan.PDF", "scan.PDF"),
        ("a\x00b\nc.txt", "abc.txt"),
        ("evil\u202egnp.exe", "evilgnp.exe"),  # a right-to-left override disguises extensions
        ("e\u0301te\u0301.txt", "\u00e9t\u00e9.txt"),  # NFC
        ("", "attachment"),
        ("...", "attachment"),
        (".png", "attachment.png"),
        ("..png", "attachment.png"),
        ("photo.png. ", "photo.png"),
        ("  two   spaces .pdf", "two spaces.pdf"),
        (None, "attachment"),
    ],
)
def test_safe_name(name, safe) -> None:
    assert safe_name(name) == safe
    assert len(safe_name(name)) <= MAX_NAME


def test_unique_names() -> None:
    assert unique_names(["a.png", "A.png", "a.png", "b", "b"]) == [
        "a.png",
        "A (2).png",
        "a (3).png",
        "b",
        "b (2)",
    ]
