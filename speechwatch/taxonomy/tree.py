"""A taxonomy as plain data: the parsed document, tree navigation and version diffs.

Pure: no Django, no I/O. yamlload.py builds a TaxonomyDoc from a file; docs/taxonomy.md
describes the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT = "speechwatch-taxonomy/1"
LANGS = ("en", "ru", "kk")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located precisely enough to fix it."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class TaxonomyError(ValueError):
    """A taxonomy or crosswalk file is invalid; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class FacetValue:
    code: str
    labels: dict[str, str]


@dataclass(frozen=True)
class Facet:
    """A dimension for breakdowns (victim type, region …). `values_from` names a reference list
    (e.g. `regions`) kept elsewhere instead of listing values inline."""

    code: str
    labels: dict[str, str]
    values: tuple[FacetValue, ...] = ()
    values_from: str = ""

    def value_codes(self) -> list[str]:
        return [v.code for v in self.values]


@dataclass(frozen=True)
class Node:
    code: str
    parent: str | None
    labels: dict[str, str]
    synonyms: dict[str, list[str]]
    description: dict[str, str]
    facets: tuple[str, ...]  # effective facets (inherited from the parent when not given)
    counting: dict[str, Any]  # blocks only; {} for finer nodes
    position: int  # order in the file, 0-based
    depth: int  # 0 for blocks
    line: int  # line of the node in its file, for messages

    @property
    def block(self) -> str:
        return block_of(self.code)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.code


@dataclass
class TaxonomyDoc:
    code: str
    version: int
    title: dict[str, str]
    languages: tuple[str, ...]
    facets: dict[str, Facet]
    nodes: list[Node]
    source: str = "<string>"  # file name, for messages
    data: dict[str, Any] = field(default_factory=dict)  # the parsed file, JSON-compatible
    format: str = FORMAT

    def __post_init__(self) -> None:
        self._by_code = {n.code: n for n in self.nodes}

    def node(self, code: str) -> Node:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown code {code!r} in taxonomy {self.code}") from None

    def has(self, code: str) -> bool:
        return code in self._by_code

    def codes(self) -> list[str]:
        return [n.code for n in self.nodes]

    def children(self, code: str | None) -> list[Node]:
        return [n for n in self.nodes if n.parent == code]


def block_of(code: str) -> str:
    """The block of a code. Valid files guarantee a node's code extends its parent's, so the
    block is the first dot-separated segment — no document needed."""
    return code.split(".", 1)[0]


def blocks(doc: TaxonomyDoc) -> list[Node]:
    return doc.children(None)


def ancestors(doc: TaxonomyDoc, code: str) -> list[str]:
    """Codes from the parent up to the block (nearest first); [] for a block."""
    out: list[str] = []
    parent = doc.node(code).parent
    while parent is not None and parent not in out:
        out.append(parent)
        parent = doc.node(parent).parent
    return out


def descendants(doc: TaxonomyDoc, code: str) -> list[str]:
    """All codes below `code`, depth-first in file order, not including `code` itself."""
    out: list[str] = []
    for child in doc.children(code):
        out.append(child.code)
        out.extend(descendants(doc, child.code))
    return out


def walk(doc: TaxonomyDoc) -> list[Node]:
    """Every node depth-first (block, its children, …) in file order: the display order."""
    out: list[Node] = []

    def visit(parent: str | None) -> None:
        for child in doc.children(parent):
            out.append(child)
            visit(child.code)

    visit(None)
    return out


@dataclass(frozen=True)
class Change:
    code: str
    before: Any
    after: Any


@dataclass
class TaxonomyDiff:
    """What a new version changes. Codes are the identity: a renamed code is removed + added."""

    old_version: int
    new_version: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reparented: list[Change] = field(default_factory=list)  # before/after: parent code or None
    relabelled: list[Change] = field(default_factory=list)  # before/after: labels dict
    synonyms_changed: list[Change] = field(default_factory=list)
    other_changed: list[Change] = field(default_factory=list)  # description/facets/counting
    header_changed: list[Change] = field(default_factory=list)  # code = header field name

    @property
    def is_empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.reparented
            or self.relabelled
            or self.synonyms_changed
            or self.other_changed
            or self.header_changed
        )

    def lines(self) -> list[str]:
        """Human-readable, one change per line (used by `taxonomy diff`)."""
        out = [f"version: {self.old_version} -> {self.new_version}"]
        out += [f"header {c.code}: {c.before!r} -> {c.after!r}" for c in self.header_changed]
        out += [f"added {code}" for code in self.added]
        out += [f"removed {code}" for code in self.removed]
        out += [
            f"reparented {c.code}: {c.before or '(block)'} -> {c.after or '(block)'}"
            for c in self.reparented
        ]
        for c in self.relabelled:
            langs = sorted(
                k for k in set(c.before) | set(c.after) if c.before.get(k) != c.after.get(k)
            )
            for lang in langs:
                out.append(
                    f"relabelled {c.code} [{lang}]: {c.before.get(lang, '')!r} -> "
                    f"{c.after.get(lang, '')!r}"
                )
        out += [f"synonyms changed {c.code}" for c in self.synonyms_changed]
        out += [f"changed {c.code}: {', '.join(c.after)}" for c in self.other_changed]
        return out


def diff(old: TaxonomyDoc, new: TaxonomyDoc) -> TaxonomyDiff:
    result = TaxonomyDiff(old_version=old.version, new_version=new.version)
    for name in ("code", "title", "languages"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            result.header_changed.append(Change(name, before, after))
    if set(old.facets) != set(new.facets) or any(
        old.facets[k] != new.facets[k] for k in old.facets if k in new.facets
    ):
        result.header_changed.append(Change("facets", sorted(old.facets), sorted(new.facets)))
    result.added = [c for c in new.codes() if not old.has(c)]
    result.removed = [c for c in old.codes() if not new.has(c)]
    for n in new.nodes:
        if not old.has(n.code):
            continue
        o = old.node(n.code)
        if o.parent != n.parent:
            result.reparented.append(Change(n.code, o.parent, n.parent))
        if o.labels != n.labels:
            result.relabelled.append(Change(n.code, o.labels, n.labels))
        if o.synonyms != n.synonyms:
            result.synonyms_changed.append(Change(n.code, o.synonyms, n.synonyms))
        other = [a for a in ("description", "facets", "counting") if getattr(o, a) != getattr(n, a)]
        if other:
            result.other_changed.append(Change(n.code, [], other))
    return result
