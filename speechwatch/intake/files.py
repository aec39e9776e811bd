"""Which attachments are accepted: pure checks on name, size and the file's first bytes.

The browser's content type and the file name are both the sender's claims; the type is decided
from the content (magic bytes), and the extension must agree with it.
"""

from __future__ import annotations

from dataclasses import dataclass

# kind → (accepted extensions, content type served back to staff)
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "jpeg": ((".jpg", ".jpeg"), "image/jpeg"),
    "png": ((".png",), "image/png"),
    "gif": ((".gif",), "image/gif"),
    "webp": ((".webp",), "image/webp"),
    "pdf": ((".pdf",), "application/pdf"),
    "docx": ((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": ((".odt",), "application/vnd.oasis.opendocument.text"),
    "mp3": ((".mp3",), "audio/mpeg"),
    "m4a": ((".m4a",), "audio/mp4"),
    "ogg": ((".ogg", ".oga", ".opus"), "audio/ogg"),
    "mp4": ((".mp4",), "video/mp4"),
    "txt": ((".txt",), "text/plain"),
}


def sniff(head: bytes) -> str | None:
    """The kind of file whose first bytes are `head` (at least 16 bytes when available)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"  # docx and odt are zip files; the extension decides between them
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "mp3"
    if head.startswith(b"OggS"):
        return "ogg"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "m4a" if brand in (b"M4A ", b"M4B ") else "mp4"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character may be cut at the end of the sample.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return None
    if b"\x00" in head:
        return None
    return "txt"


@dataclass(frozen=True)
class Accepted:
    kind: str
    content_type: str
    extension: str


class Rejected(ValueError):
    pass


def check_file(name: str, size: int, head: bytes, *, max_bytes: int) -> Accepted:
    """Accept or reject one upload; Rejected says why, naming the file."""
    if size > max_bytes:
        raise Rejected(f"{name}: {size} bytes is over the limit of {max_bytes} bytes")
    if size == 0:
        raise Rejected(f"{name}: the file is empty")
    dot = name.rfind(".")
    ext = name[dot:].lower() if dot >= 0 else ""
    kind = sniff(head)
    if kind == "zip":
        kind = {".docx": "docx", ".odt": "odt"}.get(ext)
    if kind is None or kind not in KINDS:
        allowed = ", ".join(e for exts, _ in KINDS.values() for e in exts)
        raise Rejected(f"{name}: this type of file is not accepted (allowed: {allowed})")
    extensions, content_type = KINDS[kind]
    if ext not in extensions:
        raise Rejected(f"{name}: the content is {kind} but the name ends in {ext or 'nothing'}")
    return Accepted(kind, content_type, ext)
