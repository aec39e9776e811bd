"""Load and validate taxonomy files (format speechwatch-taxonomy/1, see docs/taxonomy.md).

Pure: no Django. Parsing goes through yaml.compose so every value keeps its line number and
each problem names file:line and field. Validation collects every problem before failing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from speechwatch.taxonomy.tree import (
    FORMAT,
    LANGS,
    Facet,
    FacetValue,
    Node,
    Problem,
    TaxonomyDoc,
    TaxonomyError,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CODE = "adilsoz-2024"

CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
FACET_VALUE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.\-]*$")
LANG_RE = re.compile(r"^[a-z]{2,3}$")

HEADER_KEYS = ("format", "code", "version", "title", "languages", "facets", "nodes")
NODE_KEYS = ("code", "parent", "labels", "synonyms", "description", "facets", "counting")
FACET_KEYS = ("labels", "values", "values_from")
REFERENCE_LISTS = ("regions",)  # lists a facet may take its values from (`values_from`)
# Counting rules: allowed values per key; the first is the default; None = any boolean.
COUNTING: dict[str, tuple[Any, ...] | None] = {
    "unit": ("incident",),
    "month_by": ("recorded_on", "occurred_on"),
    "total": ("distinct_incidents", "sum_of_items"),
    "new_cases_only": None,
}
COUNTING_REQUIRED = ("unit", "month_by", "total")


def builtin_taxonomy_path(code: str) -> Path:
    """The YAML file shipped for a taxonomy code (adilsoz-2024, jfj)."""
    if not SLUG_RE.match(code):
        raise FileNotFoundError(f"not a taxonomy code: {code!r}")
    path = DATA_DIR / f"{code}.yaml"
    if not path.is_file():
        known = ", ".join(builtin_codes()) or "none"
        raise FileNotFoundError(f"no built-in taxonomy {code!r} (built-in: {known})")
    return path


def builtin_codes() -> list[str]:
    return sorted(p.stem for p in DATA_DIR.glob("*.yaml"))


def read_source(path_or_text: str | Path, filename: str | None) -> tuple[str, str]:
    """(text, name for messages). A Path, or a non-empty str without a newline, is a file path."""
    if isinstance(path_or_text, Path) or (path_or_text and "\n" not in path_or_text):
        path = Path(path_or_text)
        try:
            return path.read_text(encoding="utf-8"), filename or str(path)
        except OSError as exc:
            raise TaxonomyError(
                [Problem(filename or str(path), 0, "file", f"cannot read: {exc.strerror or exc}")]
            ) from None
        except UnicodeDecodeError:
            raise TaxonomyError([Problem(filename or str(path), 0, "file", "not UTF-8")]) from None
    return path_or_text, filename or "<string>"


class Reader:
    """Walks a composed YAML tree, collecting problems with their lines."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def problem(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field, message))

    @staticmethod
    def line(node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1

    def compose(self, text: str) -> yaml.Node | None:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = int(mark.line) + 1 if mark is not None else 0
            self.problem(line, "yaml", f"{exc.problem or exc.context or 'syntax error'}")
            return None
        except yaml.YAMLError as exc:
            self.problem(0, "yaml", str(exc))
            return None
        if root is None:
            self.problem(1, "(document)", "empty file")
        return root

    def value(self, node: yaml.Node) -> Any:
        return self._constructor.construct_object(node, deep=True)

    def mapping(
        self, node: yaml.Node, field: str, allowed: tuple[str, ...] | None = None
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """key -> (key node, value node); reports duplicate and (if `allowed`) unknown keys."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(self.line(node), field, "must be a mapping (key: value)")
            return None
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        prefix = f"{field}." if field else ""
        for key_node, value_node in node.value:
            key = self.value(key_node)
            if not isinstance(key, str):
                self.problem(self.line(key_node), field, f"key {key!r} must be text")
                continue
            if key in out:
                first = self.line(out[key][0])
                self.problem(
                    self.line(key_node), prefix + key, f"duplicate key (first on line {first})"
                )
                continue
            if allowed is not None and key not in allowed:
                self.problem(
                    self.line(key_node),
                    prefix + key,
                    f"unknown field (allowed: {', '.join(allowed)})",
                )
                continue
            out[key] = (key_node, value_node)
        return out

    def sequence(self, node: yaml.Node, field: str) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(self.line(node), field, "must be a list")
            return None
        return list(node.value)

    def text(self, node: yaml.Node, field: str) -> str | None:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, str) or not value.strip():
            self.problem(self.line(node), field, "must be non-empty text")
            return None
        return value.strip()

    def text_list(self, node: yaml.Node, field: str) -> list[str]:
        items = self.sequence(node, field)
        out: list[str] = []
        for item in items or []:
            text = self.text(item, field)
            if text is None:
                continue
            if text in out:
                self.problem(self.line(item), field, f"duplicate entry {text!r}")
                continue
            out.append(text)
        return out

    def translations(
        self,
        node: yaml.Node,
        field: str,
        languages: tuple[str, ...],
        *,
        required: bool,
        where: str = "",
        convert: Callable[[yaml.Node, str], Any] | None = None,
        key: yaml.Node | None = None,
    ) -> dict[str, Any]:
        """A {lang: value} mapping; with `required`, every language must be present (a missing
        one is reported on the line of `key`, the field's name, when given)."""
        entries = self.mapping(node, field)
        if entries is None:
            return {}
        out: dict[str, Any] = {}
        for lang, (key_node, value_node) in entries.items():
            if lang not in languages:
                self.problem(
                    self.line(key_node),
                    f"{field}.{lang}",
                    f"language {lang!r} is not in languages ({', '.join(languages)})",
                )
                continue
            value = (convert or self.text)(value_node, f"{field}.{lang}")
            if value is not None:
                out[lang] = value
        if required:
            for lang in languages:
                if lang not in entries:
                    self.problem(self.line(key or node), f"{field}.{lang}", f"missing{where}")
        return out


def load_taxonomy(path_or_text: str | Path, *, filename: str | None = None) -> TaxonomyDoc:
    """Parse and validate a taxonomy file (or YAML text); raise TaxonomyError with every problem."""
    text, name = read_source(path_or_text, filename)
    reader = Reader(name)
    root = reader.compose(text)
    doc = _read_doc(reader, root) if root is not None else None
    if reader.problems or doc is None:
        raise TaxonomyError(reader.problems)
    return doc


def taxonomy_problems(path_or_text: str | Path, *, filename: str | None = None) -> list[Problem]:
    try:
        load_taxonomy(path_or_text, filename=filename)
    except TaxonomyError as exc:
        return exc.problems
    return []


def doc_from_data(data: dict[str, Any], *, filename: str = "<installed>") -> TaxonomyDoc:
    """Rebuild a TaxonomyDoc from its stored form (Taxonomy.document)."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return load_taxonomy(text + "\n", filename=filename)


def _read_doc(r: Reader, root: yaml.Node) -> TaxonomyDoc | None:
    if not isinstance(root, yaml.MappingNode):
        r.problem(r.line(root), "(document)", "must be a mapping with format, code, version, …")
        return None
    top = r.mapping(root, "", HEADER_KEYS)
    if top is None:
        return None

    def missing(key: str, hint: str = "") -> None:
        r.problem(1, key, "missing" + hint)

    fmt = top.get("format")
    if fmt is None:
        missing("format", f" (expected {FORMAT!r} on the first line)")
    elif r.value(fmt[1]) != FORMAT:
        r.problem(
            r.line(fmt[1]),
            "format",
            f"unsupported format {r.value(fmt[1])!r} (expected {FORMAT!r})",
        )

    code = ""
    if "code" not in top:
        missing("code")
    else:
        value = r.value(top["code"][1])
        if isinstance(value, str) and SLUG_RE.match(value):
            code = value
        else:
            r.problem(r.line(top["code"][1]), "code", f"{value!r} is not a slug (a-z, 0-9, -, _)")

    version = 0
    if "version" not in top:
        missing("version", " (a whole number, raised with every change)")
    else:
        value = r.value(top["version"][1])
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            version = value
        else:
            r.problem(r.line(top["version"][1]), "version", f"{value!r} is not a whole number >= 1")

    languages: tuple[str, ...] = LANGS
    if "languages" not in top:
        missing("languages", f" (e.g. [{', '.join(LANGS)}])")
    else:
        listed = r.text_list(top["languages"][1], "languages")
        bad = [lang for lang in listed if not LANG_RE.match(lang)]
        if bad:
            r.problem(r.line(top["languages"][1]), "languages", f"not language codes: {bad}")
        elif listed and "en" not in listed:
            r.problem(r.line(top["languages"][1]), "languages", "must include 'en' (the fallback)")
        elif listed:
            languages = tuple(listed)

    title: dict[str, str] = {}
    if "title" not in top:
        missing("title")
    else:
        title = r.translations(
            top["title"][1], "title", languages, required=True, key=top["title"][0]
        )

    facets = _read_facets(r, top["facets"][1], languages) if "facets" in top else {}

    nodes: list[Node] = []
    if "nodes" not in top:
        missing("nodes")
    else:
        nodes = _read_nodes(r, top["nodes"][1], languages, facets)

    if r.problems:
        return None
    data = json.loads(json.dumps(r.value(root), default=str))
    return TaxonomyDoc(
        code=code,
        version=version,
        title=title,
        languages=languages,
        facets=facets,
        nodes=nodes,
        source=r.file,
        data=data,
    )


def _read_facets(r: Reader, node: yaml.Node, languages: tuple[str, ...]) -> dict[str, Facet]:
    entries = r.mapping(node, "facets")
    out: dict[str, Facet] = {}
    for fcode, (key_node, value_node) in (entries or {}).items():
        field = f"facets.{fcode}"
        if not SLUG_RE.match(fcode):
            r.problem(r.line(key_node), field, "facet code must be a slug (a-z, 0-9, -, _)")
            continue
        body = r.mapping(value_node, field, FACET_KEYS)
        if body is None:
            continue
        labels: dict[str, str] = {}
        if "labels" not in body:
            r.problem(r.line(value_node), f"{field}.labels", "missing")
        else:
            labels = r.translations(
                body["labels"][1],
                f"{field}.labels",
                languages,
                required=True,
                key=body["labels"][0],
            )
        values: list[FacetValue] = []
        values_from = ""
        if "values" in body and "values_from" in body:
            r.problem(r.line(body["values_from"][0]), field, "give either values or values_from")
        elif "values_from" in body:
            source = r.value(body["values_from"][1])
            if source in REFERENCE_LISTS:
                values_from = str(source)
            else:
                r.problem(
                    r.line(body["values_from"][1]),
                    f"{field}.values_from",
                    f"unknown reference list {source!r} (known: {', '.join(REFERENCE_LISTS)})",
                )
        elif "values" in body:
            values = _read_facet_values(r, body["values"][1], f"{field}.values", languages)
        else:
            r.problem(r.line(value_node), f"{field}.values", "missing (or give values_from)")
        out[fcode] = Facet(code=fcode, labels=labels, values=tuple(values), values_from=values_from)
    return out


def _read_facet_values(
    r: Reader, node: yaml.Node, field: str, languages: tuple[str, ...]
) -> list[FacetValue]:
    out: list[FacetValue] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(r.sequence(node, field) or []):
        ifield = f"{field}[{i}]"
        body = r.mapping(item, ifield, ("code", "labels"))
        if body is None:
            continue
        vcode = r.value(body["code"][1]) if "code" in body else None
        if "code" not in body:
            r.problem(r.line(item), f"{ifield}.code", "missing")
        elif not isinstance(vcode, str) or not FACET_VALUE_RE.match(vcode):
            r.problem(r.line(body["code"][1]), f"{ifield}.code", f"{vcode!r} is not a valid code")
            vcode = None
        elif vcode in seen:
            r.problem(
                r.line(body["code"][1]),
                f"{ifield}.code",
                f"duplicate value {vcode!r} (first on line {seen[vcode]})",
            )
            vcode = None
        else:
            seen[vcode] = r.line(body["code"][1])
        labels: dict[str, str] = {}
        if "labels" not in body:
            r.problem(r.line(item), f"{ifield}.labels", "missing")
        else:
            labels = r.translations(
                body["labels"][1],
                f"{ifield}.labels",
                languages,
                required=True,
                key=body["labels"][0],
            )
        if vcode is not None:
            out.append(FacetValue(code=vcode, labels=labels))
    return out


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


def _read_nodes(
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
