"""The `nodes` list of a taxonomy file: read each node, check its place in the tree, resolve
inheritance (labels, facets, counting rules) from its parents. Pure: no Django.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from speechwatch.taxonomy.tree import (
    Facet,
    Node,
)
from speechwatch.taxonomy.yamlreader import Reader

CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$")
NODE_KEYS = ("code", "parent", "labels", "synonyms", "description", "facets", "counting")
# Counting rules: allowed values per key; the first is the default; None = any boolean.
COUNTING: dict[str, tuple[Any, ...] | None] = {
    "unit": ("incident",),
    "month_by": ("recorded_on", "occurred_on"),
    "total": ("distinct_incidents", "sum_of_items"),
    "new_cases_only": None,
}
COUNTING_REQUIRED = ("unit", "month_by", "total")


class _RawNode:
    """A node while reading: fields as given, before parents and inheritance are resolved."""

    def __init__(self, index: int, line: int) -> None:
        self.index = index
        self.line = line
        self.code: str | None = None
        self.parent: str | None = None
        self.parent_line = line
        self.parent_invalid = False
        self.labels: dict[str, str] = {}
        self.synonyms: dict[str, list[str]] = {}
        self.description: dict[str, str] = {}
        self.facets: list[str] | None = None
        self.counting: dict[str, Any] | None = None
        self.counting_line = line


def read_nodes(
    r: Reader, node: yaml.Node, languages: tuple[str, ...], facets: dict[str, Facet]
) -> list[Node]:
    items = r.sequence(node, "nodes")
    if items is None:
        return []
    if not items:
        r.problem(r.line(node), "nodes", "empty: a taxonomy needs at least one block")
        return []
    raws: list[_RawNode] = []
    first_line: dict[str, int] = {}
    for index, item in enumerate(items):
        raw = _read_node(r, index, item, languages, facets)
        if raw is None:
            continue
        if raw.code is not None:
            if raw.code in first_line:
                r.problem(
                    raw.line,
                    "code",
                    f"duplicate code {raw.code!r} (first defined on line {first_line[raw.code]})",
                )
                continue
            first_line[raw.code] = raw.line
        raws.append(raw)

    by_code: dict[str, _RawNode] = {raw.code: raw for raw in raws if raw.code is not None}
    for raw in raws:
        _check_place(r, raw, by_code)
    if r.problems:
        return []

    # Valid tree from here on: resolve depth and inherited facets in parent-first order.
    resolved: dict[str, Node] = {}

    def resolve(raw: _RawNode) -> Node:
        assert raw.code is not None
        if raw.code in resolved:
            return resolved[raw.code]
        parent = resolve(by_code[raw.parent]) if raw.parent is not None else None
        own_facets = raw.facets if raw.facets is not None else None
        effective = (
            tuple(own_facets) if own_facets is not None else (parent.facets if parent else ())
        )
        counting: dict[str, Any] = {}
        if parent is None:
            counting = dict(raw.counting or {})
            counting.setdefault("new_cases_only", False)
        resolved[raw.code] = Node(
            code=raw.code,
            parent=raw.parent,
            labels=raw.labels,
            synonyms=raw.synonyms,
            description=raw.description,
            facets=effective,
            counting=counting,
            position=raw.index,
            depth=parent.depth + 1 if parent else 0,
            line=raw.line,
        )
        return resolved[raw.code]

    return [resolve(raw) for raw in raws]


def _read_node(
    r: Reader, index: int, item: yaml.Node, languages: tuple[str, ...], facets: dict[str, Facet]
) -> _RawNode | None:
    body = r.mapping(item, f"nodes[{index}]", NODE_KEYS)
    if body is None:
        return None
    raw = _RawNode(index, r.line(item))
    where = ""
    if "code" not in body:
        r.problem(raw.line, "code", f"missing (node #{index + 1} in nodes)")
    else:
        value = r.value(body["code"][1])
        if isinstance(value, str) and CODE_RE.match(value):
            raw.code = value
            where = f" (node {value})"
        else:
            r.problem(
                r.line(body["code"][1]),
                "code",
                f"{value!r} is not a valid code (letters, digits, _ and -, "
                "segments joined with '.', e.g. L.administrative.false_info)",
            )
    if "parent" in body:
        value = r.value(body["parent"][1])
        raw.parent_line = r.line(body["parent"][1])
        if value is None:
            pass  # `parent:` with no value = a block, same as absent
        elif isinstance(value, str) and CODE_RE.match(value):
            raw.parent = value
        else:
            r.problem(raw.parent_line, "parent", f"{value!r} is not a valid code{where}")
            raw.parent_invalid = True
    if "labels" not in body:
        for lang in languages:
            r.problem(raw.line, f"labels.{lang}", f"missing{where}")
    else:
        raw.labels = r.translations(
            body["labels"][1],
            "labels",
            languages,
            required=True,
            where=where,
            key=body["labels"][0],
        )
    if "synonyms" in body:
        raw.synonyms = r.translations(
            body["synonyms"][1], "synonyms", languages, required=False, convert=r.text_list
        )
    if "description" in body:
        raw.description = r.translations(
            body["description"][1], "description", languages, required=False
        )
    if "facets" in body:
        listed = r.text_list(body["facets"][1], "facets")
        for fcode in listed:
            if fcode not in facets:
                known = ", ".join(facets) or "none defined"
                r.problem(
                    r.line(body["facets"][1]),
                    "facets",
                    f"unknown facet {fcode!r}{where} (defined: {known})",
                )
        raw.facets = [f for f in listed if f in facets]
    if "counting" in body:
        raw.counting_line = r.line(body["counting"][0])
        raw.counting = _read_counting(r, body["counting"][1], raw.counting_line)
    return raw


def _read_counting(r: Reader, node: yaml.Node, key_line: int) -> dict[str, Any]:
    entries = r.mapping(node, "counting", tuple(COUNTING))
    out: dict[str, Any] = {}
    for key, (_key_node, value_node) in (entries or {}).items():
        value = r.value(value_node)
        allowed = COUNTING[key]
        if allowed is None:
            if not isinstance(value, bool):
                r.problem(r.line(value_node), f"counting.{key}", f"{value!r} must be true or false")
                continue
        elif value not in allowed:
            r.problem(
                r.line(value_node),
                f"counting.{key}",
                f"{value!r} is not one of: {', '.join(map(str, allowed))}",
            )
            continue
        out[key] = value
    for key in COUNTING_REQUIRED:
        if entries is not None and key not in entries:
            r.problem(key_line, f"counting.{key}", "missing")
    return out


def _check_place(r: Reader, raw: _RawNode, by_code: dict[str, _RawNode]) -> None:
    """Parent exists, no cycle, the code extends the parent's, counting only on blocks."""
    if raw.code is None or raw.parent_invalid:
        return
    if raw.parent is None:
        if "." in raw.code:
            r.problem(
                raw.line,
                "code",
                f"block {raw.code!r} (a node without parent) must not contain '.'; "
                f"add parent: {raw.code.rsplit('.', 1)[0]}",
            )
        if raw.counting is None:
            r.problem(raw.line, "counting", f"missing on block {raw.code!r}")
        return
    if raw.counting is not None:
        r.problem(raw.counting_line, "counting", "only blocks (nodes without parent) have counting")
    if raw.parent not in by_code:
        r.problem(raw.parent_line, "parent", f"unknown parent {raw.parent!r} (node {raw.code})")
        return
    chain = [raw.code]
    current: _RawNode | None = raw
    while current is not None and current.parent is not None:
        if current.parent in chain:
            cycle = " -> ".join([*chain, current.parent])
            r.problem(raw.parent_line, "parent", f"cycle: {cycle}")
            return
        chain.append(current.parent)
        current = by_code.get(current.parent)
    if not raw.code.startswith(raw.parent + "."):
        r.problem(
            raw.line,
            "code",
            f"{raw.code!r} must extend its parent's code {raw.parent!r} "
            f"(e.g. {raw.parent}.{raw.code.rsplit('.', 1)[-1]})",
        )
