"""Plain text out of a published overview file: .txt/.md, .html/.htm, .docx, .pdf.

A registry keyed by file suffix; each extractor returns text with one paragraph per line (the
parser works line by line). PDF uses poppler's `pdftotext` when installed, else pypdf; DOCX uses
python-docx; HTML uses the standard library's html.parser (block elements end a line).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["EXTRACTORS", "ExtractError", "extract_text", "html_to_text"]


class ExtractError(ValueError):
    """A file that cannot be read as an overview; the message names the file."""


def _read_plain(path: Path) -> str:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ExtractError(f"{path}: not UTF-8 or Windows-1251 text")


_BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "header", "footer", "blockquote", "ul", "ol", "title", "pre", "hr", "dd", "dt",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _SKIP_TAGS:
            self.skip += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _SKIP_TAGS and self.skip:
            self.skip -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    p = _TextParser()
    p.feed(html)
    p.close()
    lines = [" ".join(line.split()) for line in "".join(p.parts).split("\n")]
    body = "\n".join(line for line in lines if line)
    title = " ".join(p.title.split())
    # A page whose body does not repeat its <title> keeps the title as the first line.
    if title and title not in body[: len(title) + 200]:
        body = f"{title}\n{body}"
    return body


def _read_html(path: Path) -> str:
    html = _read_plain(path)
    fallback = html_to_text(html)
    # trafilatura keeps the article and drops navigation, footers and widgets; a page it cannot
    # make sense of (or an overview that is only a list) falls back to every block of text.
    try:
        import trafilatura

        main = trafilatura.extract(
            html, include_comments=False, include_tables=True, favor_recall=True
        )
    except Exception:  # a parser failure must not lose the document
        main = None
    if not main or len(main) < 0.3 * len(fallback):
        return fallback
    title = fallback.split("\n", 1)[0]
    return main if title in main[: len(title) + 200] else f"{title}\n{main}"


def _read_docx(path: Path) -> str:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise ExtractError(f"{path}: reading .docx needs python-docx") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise ExtractError(f"{path}: not a readable .docx file ({exc})") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" – ".join(c.text.strip() for c in row.cells if c.text.strip()))
    return "\n".join(lines)


def _read_pdf(path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe:
        done = subprocess.run(
            [exe, "-enc", "UTF-8", "-nopgbrk", str(path), "-"],
            capture_output=True,
            timeout=120,
            check=False,
        )
        if done.returncode == 0:
            return _join_wrapped(done.stdout.decode("utf-8", "replace"))
        raise ExtractError(
            f"{path}: pdftotext failed: {done.stderr.decode(errors='replace')[:200]}"
        )
    try:
        from pypdf import PdfReader
    except ImportError as exc:
        raise ExtractError(
            f"{path}: reading .pdf needs pdftotext (poppler-utils) or pypdf"
        ) from exc
    try:
        reader = PdfReader(str(path))
        return _join_wrapped("\n".join(page.extract_text() or "" for page in reader.pages))
    except Exception as exc:
        raise ExtractError(f"{path}: not a readable PDF ({exc})") from exc


def _join_wrapped(text: str) -> str:
    """PDF text breaks paragraphs into visual lines; rejoin a line that does not end a sentence
    with the next one when that one starts in lower case (a wrapped continuation)."""
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            out.append("")
            continue
        if out and out[-1] and line[:1].islower() and not out[-1].endswith((".", ":", ";")):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


EXTRACTORS: dict[str, Callable[[Path], str]] = {
    ".txt": _read_plain,
    ".text": _read_plain,
    ".md": _read_plain,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}


def extract_text(path: str | Path) -> str:
    p = Path(path)
    if not p.is_file():
        raise ExtractError(f"{p}: no such file")
    reader = EXTRACTORS.get(p.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(EXTRACTORS))
        raise ExtractError(f"{p}: unsupported file type {p.suffix or '(none)'!r} (known: {known})")
    try:
        return reader(p)
    except OSError as exc:
        raise ExtractError(f"{p}: cannot read: {exc.strerror or exc}") from exc
