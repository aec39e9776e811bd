"""Load and validate taxonomy files (format speechwatch-taxonomy/1, see docs/taxonomy.md).

Pure: no Django. Parsing goes through yaml.compose so every value keeps its line number and
each problem names file:line and field. Validation collects every problem before failing.
The reader is yamlreader.py, the node list yamlnodes.py; this module reads the header and facets.
"""

from __future__ import annotations

import json
import re
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
from speechwatch.taxonomy.yamlnodes import CODE_RE as CODE_RE  # re-exported
from speechwatch.taxonomy.yamlnodes import COUNTING as COUNTING
from speechwatch.taxonomy.yamlnodes import COUNTING_REQUIRED as COUNTING_REQUIRED
from speechwatch.taxonomy.yamlnodes import NODE_KEYS as NODE_KEYS
from speechwatch.taxonomy.yamlnodes import read_nodes
from speechwatch.taxonomy.yamlreader import Reader as Reader  # re-exported (crosswalk.py)
from speechwatch.taxonomy.yamlreader import read_source as read_source

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CODE = "adilsoz-2024"

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
FACET_VALUE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.\-]*$")
LANG_RE = re.compile(r"^[a-z]{2,3}$")

HEADER_KEYS = ("format", "code", "version", "title", "languages", "facets", "nodes")
FACET_KEYS = ("labels", "values", "values_from")
REFERENCE_LISTS = ("regions",)  # lists a facet may take its values from (`values_from`)


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
        nodes = read_nodes(r, top["nodes"][1], languages, facets)

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
