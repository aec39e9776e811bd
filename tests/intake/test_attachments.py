"""Attachment limits are checked on the server: count, size, type by content."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from speechwatch.intake.models import Attachment, Submission
from tests.workspace.helpers import client_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def post(client: Client, *files: SimpleUploadedFile) -> int:
    data = {"what_happened": "Threats in comments", "attachments": list(files)}
    return client.post("/report/", data).status_code


@pytest.mark.usefixtures("installed")
def test_accepted_files_are_stored_with_checksums() -> None:
    assert (
        post(Client(), upload("photo.png", PNG), upload("note.txt", b"hello", "text/plain")) == 302
    )
    attachments = list(Attachment.objects.order_by("id"))
    assert [a.original_name for a in attachments] == ["photo.png", "note.txt"]
    assert attachments[0].content_type == "image/png" and attachments[0].size == len(PNG)
    assert len(attachments[0].sha256) == 64
    # Stored under a random name, never the sender's.
    assert "photo" not in attachments[0].file.name


@pytest.mark.usefixtures("installed")
def test_too_big_file_is_refused(settings) -> None:
    settings.INTAKE_MAX_FILE_BYTES = 100
    response = Client().post(
        "/report/", {"what_happened": "x", "attachments": [upload("big.png", PNG)]}
    )
    assert response.status_code == 400
    assert "big.png" in response.content.decode() and "over the limit" in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.usefixtures("installed")
def test_too_many_files_are_refused(settings) -> None:
    settings.INTAKE_MAX_FILES = 2
    files = [upload(f"p{i}.png", PNG) for i in range(3)]
    assert post(Client(), *files) == 400
    assert Submission.objects.count() == 0


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("name", "content", "claimed"),
    [
        ("run.exe", b"MZ\x90\x00" + b"\x00" * 60, "application/octet-stream"),
        ("photo.png", b"MZ\x90\x00" + b"\x00" * 60, "image/png"),  # lies about its type
        ("page.pdf", PNG, "application/pdf"),
        ("page.svg", b"\x00<svg onload=alert(1)>", "image/svg+xml"),
    ],
)
def test_wrong_types_are_refused(name: str, content: bytes, claimed: str) -> None:
    assert post(Client(), upload(name, content, claimed)) == 400
    assert Submission.objects.count() == 0 and Attachment.objects.count() == 0


@pytest.mark.usefixtures("installed")
def test_download_is_staff_or_owner_only_and_never_inline(users) -> None:
    client = client_for(users["correspondent"])
    client.post(
        "/work/submissions/new/", {"what_happened": "x", "attachments": [upload("a.png", PNG)]}
    )
    submission = Submission.objects.get()
    att = Attachment.objects.get()
    url = f"/work/submissions/{submission.external_id}/files/{att.pk}/"
    own = client.get(url)
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment")
    assert own["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in own["Content-Security-Policy"]
    assert b"".join(own.streaming_content) == PNG
    assert client_for(users["monitor"]).get(url).status_code == 200
    assert client_for(users["other"]).get(url).status_code == 404
    assert Client().get(url).status_code == 302
