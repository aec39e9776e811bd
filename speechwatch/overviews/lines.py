"""Text → numbered lines: bullets dropped, odd spaces folded, glued numbers split. Pure."""

from __future__ import annotations

import re
import unicodedata

from speechwatch.overviews.types import Line

_BULLET_RE = re.compile(
    r"(?m)^ *(?:[•●▪■◦·∙○►▶✓✔❖➢\*]|[-–—](?= *\S)|\d{1,2}[.)](?= +\D)|[a-zа-я]\)(?= ))\ *"
)
_GLUED_RE = re.compile(r"(\d{1,5})(?!st\b|nd\b|rd\b|th\b)([^\W\d_]{2,})")
_GLUED_AFTER_RE = re.compile(r"([a-zа-яё])(\d{1,4})(?= [a-zа-яё])")
# Only runs of odd spaces: a plain single space (nearly all of them) is not touched.
_WS_RE = re.compile(
    r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000][ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]*| {2,}"
)


def _unglue(m: re.Match[str]) -> str:
    # "26reports" → "26 reports", but not "e5small", "3.5mln" or "456-2a".
    before = m.string[m.start() - 1] if m.start() else " "
    if before.isalnum() or before in "_.,/-":
        return m.group(0)
    return f"{m.group(1)} {m.group(2)}"


def prepare_lines(text: str) -> list[Line]:
    # Whole-text substitutions (one regex pass each) keep this fast on long documents.
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00ad", "").replace("\ufeff", "")
    text = _WS_RE.sub(" ", text)
    text = _BULLET_RE.sub("", text)
    text = _GLUED_RE.sub(_unglue, text)
    text = _GLUED_AFTER_RE.sub(r"\1 \2", text)
    return [Line(no, s.strip()) for no, s in enumerate(text.split("\n"), start=1) if s.strip()]
