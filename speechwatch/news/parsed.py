"""What a fetcher or parser hands to the store: a plain record, no Django."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class ParsedItem:
    url: str = ""
    title: str = ""
    text: str = ""
    published_at: datetime | None = None
    lang: str = ""
    extraction: str = ""  # feed | trafilatura | page | telegram | folder | manual
    raw: bytes = b""  # the payload this item was read from (stored compressed)
    external_id: str = ""  # Telegram message id / file name; "" for web items


class FetchError(Exception):
    """A source could not be read; the message is the reason recorded on its FetchRun."""
