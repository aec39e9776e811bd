"""Crosswalks: how the codes of one taxonomy map onto another (format speechwatch-crosswalk/1).

Pure: no Django. A crosswalk is validated against both taxonomies: every source code must be
listed (an empty list says "no equivalent" explicitly), and every target must exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from speechwatch.taxonomy.tree import Problem, TaxonomyDoc, TaxonomyError
from speechwatch.taxonomy.yamlload import DATA_DIR, SLUG_RE, Reader, read_source

CROSSWALK_FORMAT = "speechwatch-crosswalk/1"
CROSSWALK_DIR = DATA_DIR / "crosswalks"
HEADER_KEYS = ("format", "source", "target", "version", "mappings")


@dataclass(frozen=True)
class Crosswalk:
    source: str
    target: str
    version: int
    mappings: dict[str, tuple[str, ...]]
    notes: dict[str, str] = field(default_factory=dict)

    def map_code(self, code: str) -> list[str]:
        """Target codes for a source code. A code missing from the crosswalk (e.g. added in a
        later version of the source taxonomy) takes the mapping of its nearest listed ancestor,
        found by stripping dot segments (codes extend their parent's code)."""
        current = code
        while True:
            if current in self.mappings:
                return list(self.mappings[current])
            if "." not in current:
                raise KeyError(
                    f"{code!r} is not mapped by crosswalk {self.source} -> {self.target}"
                )
            current = current.rsplit(".", 1)[0]

    def map_codes(self, codes: list[str]) -> list[str]:
        """The union of the targets of several codes, in first-seen order."""
        out: list[str] = []
        for code in codes:
            out += [t for t in self.map_code(code) if t not in out]
        return out


def builtin_crosswalk_path(source: str, target: str) -> Path:
    path = CROSSWALK_DIR / f"{source}__{target}.yaml"
    if not (SLUG_RE.match(source) and SLUG_RE.match(target)) or not path.is_file():
        raise FileNotFoundError(f"no built-in crosswalk {source} -> {target}")
    return path


def crosswalk_header(path_or_text: str | Path, *, filename: str | None = None) -> tuple[str, str]:
    """The (source, target) taxonomy codes a crosswalk names: what to validate it against."""
    text, name = read_source(path_or_text, filename)
    reader = Reader(name)
    root = reader.compose(text)
    top = reader.mapping(root, "") if root is not None else None
    if top is not None:
        for key in ("source", "target"):
            if key not in top:
                reader.problem(1, key, "missing")
    if reader.problems or top is None:
        raise TaxonomyError(reader.problems)
    return str(reader.value(top["source"][1])), str(reader.value(top["target"][1]))


def is_crosswalk(path_or_text: str | Path) -> bool:
    text, _ = read_source(path_or_text, None)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and data.get("format") == CROSSWALK_FORMAT


def load_crosswalk(
    path_or_text: str | Path,
    source: TaxonomyDoc,
    target: TaxonomyDoc,
    *,
    filename: str | None = None,
) -> Crosswalk:
    """Parse a crosswalk and check it against both taxonomies; TaxonomyError lists every problem."""
    text, name = read_source(path_or_text, filename)
    r = Reader(name)
    root = r.compose(text)
    top = r.mapping(root, "", HEADER_KEYS) if root is not None else None
    if top is None:
        raise TaxonomyError(r.problems)

    fmt = r.value(top["format"][1]) if "format" in top else None
    if "format" not in top:
        r.problem(1, "format", f"missing (expected {CROSSWALK_FORMAT!r})")
    elif fmt != CROSSWALK_FORMAT:
        r.problem(
            r.line(top["format"][1]),
            "format",
            f"unsupported format {fmt!r} (expected {CROSSWALK_FORMAT!r})",
        )
    for key, doc in (("source", source), ("target", target)):
        if key not in top:
            r.problem(1, key, f"missing (expected {doc.code!r})")
        elif r.value(top[key][1]) != doc.code:
            r.problem(
                r.line(top[key][1]),
                key,
                f"{r.value(top[key][1])!r} does not match the taxonomy given ({doc.code!r})",
            )
    version = r.value(top["version"][1]) if "version" in top else None
    if "version" not in top:
        r.problem(1, "version", "missing")
    elif not isinstance(version, int) or isinstance(version, bool) or version < 1:
        r.problem(r.line(top["version"][1]), "version", f"{version!r} is not a whole number >= 1")
        version = None

    mappings: dict[str, tuple[str, ...]] = {}
    notes: dict[str, str] = {}
    if "mappings" not in top:
        r.problem(1, "mappings", "missing")
    else:
        entries = r.mapping(top["mappings"][1], "mappings") or {}
        for code, (key_node, value_node) in entries.items():
            field_name = f"mappings.{code}"
            if not source.has(code):
                r.problem(r.line(key_node), field_name, f"unknown code in {source.code}")
                continue
            targets_node = value_node
            if isinstance(value_node, yaml.MappingNode):
                body = r.mapping(value_node, field_name, ("to", "note")) or {}
                if "note" in body:
                    note = r.text(body["note"][1], f"{field_name}.note")
                    if note:
                        notes[code] = note
                if "to" not in body:
                    r.problem(r.line(key_node), f"{field_name}.to", "missing")
                    continue
                targets_node = body["to"][1]
            targets = r.text_list(targets_node, field_name)
            for t in targets:
                if not target.has(t):
                    r.problem(
                        r.line(targets_node), field_name, f"unknown code {t!r} in {target.code}"
                    )
            mappings[code] = tuple(targets)
        missing = [c for c in source.codes() if c not in entries]
        if missing:
            r.problem(
                r.line(top["mappings"][0]),
                "mappings",
                f"not mapped ({len(missing)}): {', '.join(missing)} "
                "(list every source code; [] means no equivalent)",
            )
    if r.problems or version is None:
        raise TaxonomyError(r.problems)
    return Crosswalk(
        source=source.code, target=target.code, version=version, mappings=mappings, notes=notes
    )


def crosswalk_problems(
    path_or_text: str | Path, source: TaxonomyDoc, target: TaxonomyDoc
) -> list[Problem]:
    try:
        load_crosswalk(path_or_text, source, target)
    except TaxonomyError as exc:
        return exc.problems
    return []
