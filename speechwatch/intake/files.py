"""Which attachments are accepted: pure checks on name, size and the file's first bytes.

The browser's content type and the file name are both the sender's claims; the type is decided
from the content (magic bytes), and the extension must agree with it.
"""

from __future__ import annotations

import re
import unicodedata
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


# Characters kept of a sender's file name; the extension always survives the cut. The name is only
# data (shown to staff, offered on download): files are stored under random names.
MAX_NAME = 120
FALLBACK_NAME = "attachment"
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}\Z")


def safe_name(name: str | None) -> str:
    """A sender's file name made safe to keep and show.

    No directories (`../`, `C:\\`), no control or invisible format characters (NUL, line breaks,
    right-to-left overrides that disguise an extension), NFC, no leading or trailing dots and
    spaces, at most MAX_NAME characters with the extension kept; "attachment" (plus the
    extension, if any) where nothing is left.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith(("C", "Zl", "Zp")))
    text = " ".join(text.split()).rstrip(" .")
    match = _EXTENSION.search(text)
    extension = match.group(0) if match else ""
    stem = text[: len(text) - len(extension)].strip(" .")
    stem = stem[: MAX_NAME - len(extension)].rstrip(" .") or FALLBACK_NAME
    return stem + extension


def unique_names(names: list[str]) -> list[str]:
    """The names with repeats told apart: "photo.jpg", "photo (2).jpg" (case-insensitively)."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            match = _EXTENSION.search(name)
            extension = match.group(0) if match else ""
            candidate = f"{name[: len(name) - len(extension)]} ({n}){extension}"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


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
