"""The reader's result types: plain dataclasses shared by every statistics reader. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from speechwatch.overviews.mapping import Match
from speechwatch.overviews.periods import Period


@dataclass(frozen=True)
class Warning:
    kind: str
    message: str
    line: int = 0


@dataclass
class Item:
    phrase: str
    count: int
    match: Match
    line: int
    items: list[Item] = field(default_factory=list)
    facet: bool = False  # "In 7 cases, …": a breakdown by a facet, not by a finer category
    others: bool = False  # its breakdown ended with "and others"
    implicit_count: bool = False  # no number in the text: one
    notes: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.match.code


@dataclass
class Block:
    phrase: str
    total: int | None
    match: Match
    line: int
    items: list[Item] = field(default_factory=list)
    others: bool = False
    notes: list[str] = field(default_factory=list)
    implicit: bool = False  # no header in the text; opened by its first item
    ongoing: int | None = None  # "do not include reports on ongoing cases (2)"

    @property
    def code(self) -> str:
        return self.match.code


@dataclass
class Entry:
    """A narrative entry: dated ("April 6: …", "12 января …") or not ("It became known …")."""

    section: str  # events | legislation | also | cases | reports | body
    on: date | None
    text: str
    line: int
    case: str = ""  # the featured case it belongs to


@dataclass
class Case:
    title: str
    text: str
    line: int


@dataclass
class Heading:
    kind: str
    text: str
    line: int


@dataclass
class Overview:
    source: str
    lang: str
    title: str
    organisation: str
    period: Period | None
    intro_periods: list[Period]
    blocks: list[Block]
    entries: list[Entry]
    cases: list[Case]
    headings: list[Heading]
    grand_totals: list[tuple[int, int]]  # (total, line): "In total, 52 reports …"
    warnings: list[Warning]

    @property
    def events(self) -> list[Entry]:
        return [e for e in self.entries if e.on is not None]


@dataclass
class Line:
    no: int
    text: str


@dataclass(frozen=True)
class StatsInput:
    """What a statistics reader gets: the document's prepared lines after the title."""

    lines: list[Line]  # bullets dropped, numbered as in the source (Line.no)
    lang: str  # en | ru | kk | uk …
    period: Period | None  # from the title, if it names one
    mapper: Any  # speechwatch.overviews.mapping.Mapper for the chosen taxonomy
    title: str = ""


@dataclass
class StatsResult:
    """What a statistics reader returns. `used` lines are not read again as narrative."""

    blocks: list[Block] = field(default_factory=list)
    grand_totals: list[tuple[int, int]] = field(default_factory=list)  # (total, line no)
    warnings: list[Warning] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # Line.no of every statistics line
