"""Attachment acceptance: by content (magic bytes), extension must agree, size limits (pure)."""

from __future__ import annotations

import pytest

from speechwatch.intake.files import Rejected, check_file, sniff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 12
PDF = b"%PDF-1.7\n" + b"x" * 7
ZIP = b"PK\x03\x04" + b"\x00" * 12


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (PNG, "png"),
        (JPEG, "jpeg"),
        (PDF, "pdf"),
        (b"GIF89a....", "gif"),
        (ZIP, "zip"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"OggS\x00\x02", "ogg"),
        (b"\x00\x00\x00\x18ftypmp42", "mp4"),
        (b"\x00\x00\x00\x18ftypM4A ", "m4a"),
        (b"ID3\x04\x00", "mp3"),
        ("Привет, мир".encode(), "txt"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", None),
        (b"\x7fELF\x02\x01\x01\x00", None),
    ],
)
def test_sniff(head: bytes, kind: str | None) -> None:
    assert sniff(head) == kind


def test_accepts_matching_types() -> None:
    assert check_file("photo.JPG", 100, JPEG, max_bytes=1000).content_type == "image/jpeg"
    assert check_file("letter.docx", 100, ZIP, max_bytes=1000).kind == "docx"


@pytest.mark.parametrize(
    ("name", "size", "head", "message"),
    [
        ("big.png", 1001, PNG, "over the limit"),
        ("empty.txt", 0, b"", "empty"),
        ("tool.exe", 10, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "not accepted"),
        ("page.html", 10, b"\x00\x01binary\x00", "not accepted"),
        ("fake.pdf", 10, PNG, "content is png"),
        ("archive.zip", 10, ZIP, "not accepted"),
        ("photo.png.exe", 10, PNG, "ends in .exe"),
    ],
)
def test_rejects_with_a_reason_naming_the_file(
    name: str, size: int, head: bytes, message: str
) -> None:
    with pytest.raises(Rejected) as err:
        check_file(name, size, head, max_bytes=1000)
    assert name in str(err.value) and message in str(err.value)
