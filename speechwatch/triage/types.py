"""What triage reads and writes: plain dataclasses, no Django.

A `Document` is one news item's text. Every stage fills part of its `Triage`; the runner
(`stages.run`) calls the stages in order over a batch. Offsets in `Evidence` index into
`Document.full_text` (headline, newline, body), so the inbox can highlight the phrase that
produced each suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Document:
    key: str  # file name (command line) or "news:<id>" (inbox)
    title: str
    text: str
    published: date | None = None  # publication date: relative dates resolve against it
    lang_hint: str = ""  # the source's language, if known: kk | ru | en

    @property
    def full_text(self) -> str:
        return f"{self.title}\n{self.text}" if self.title else self.text


@dataclass(frozen=True)
class Evidence:
    start: int  # offsets into Document.full_text
    end: int
    phrase: str


@dataclass(frozen=True)
class CodeScore:
    code: str  # taxonomy code
    score: float  # 0..1
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ActorMention:
    name: str  # as written (normalised form)
    type: str  # person | outlet | state_body | organisation
    actor_id: int | None = None  # an existing Actor it matched, if any
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Link:
    kind: str  # incident | case
    ref: str  # incident external_id / case code
    score: float
    label: str = ""  # "follow-up of incident X", "new stage in case Y"


@dataclass
class Triage:
    key: str
    lang: str = ""  # kk | ru | en | "" (unknown)
    script: str = ""  # cyrl | latn
    violation: bool = False
    score: float = 0.0  # calibrated probability that the item reports a violation
    relevance_evidence: tuple[Evidence, ...] = ()
    codes: list[CodeScore] = field(default_factory=list)  # best first
    date: str | None = None  # YYYY-MM-DD or YYYY-MM
    date_evidence: tuple[Evidence, ...] = ()
    region: str | None = None  # reference Region code
    settlement: str = ""
    region_evidence: tuple[Evidence, ...] = ()
    legal_refs: list[str] = field(default_factory=list)  # str(LegalRef): "PC 274(2)"
    legal_evidence: tuple[Evidence, ...] = ()
    actors: list[ActorMention] = field(default_factory=list)
    cluster: str = ""  # items reporting the same incident share it
    links: list[Link] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The stable shape of `speechwatch triage classify --json` (docs/triage.md)."""
        return {
            "file": self.key,
            "lang": self.lang,
            "violation": self.violation,
            "score": round(self.score, 4),
            "codes": [{"code": c.code, "score": round(c.score, 4)} for c in self.codes],
            "date": self.date,
            "region": self.region,
            "settlement": self.settlement or None,
            "legal_refs": list(self.legal_refs),
            "actors": [{"name": a.name, "type": a.type} for a in self.actors],
            "cluster": self.cluster,
        }
