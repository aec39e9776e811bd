"""The streaming import engine (called inside one transaction by actions.import_path).

Records are validated one by one and written in batches with `executemany`, table and column
names taken from the models' _meta. Once a problem is found the import is doomed (the caller
rolls back), but valid records are still written so that later references to them resolve and
the report lists only real problems. Memory stays flat in the number of records: nothing but
the current batch, small reference maps and a bounded cache of actor ids is kept.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F, Model
from django.utils import timezone
from rapidfuzz import fuzz, process

from speechwatch.actors.models import Actor
from speechwatch.audit.record import Who, changed_fields, record
from speechwatch.cases.models import CaseDefendant, CaseIncident, CaseStage
from speechwatch.context.models import LegislativeStage
from speechwatch.incidents.models import (
    Incident,
    IncidentActor,
    IncidentCategory,
    IncidentTag,
    LegalReference,
    Source,
)
from speechwatch.incidents.search import incident_search_text
from speechwatch.interchange.exporter import MODELS, PARENT_FIELDS, Lookups, serialize_rows
from speechwatch.interchange.formats import Format, RawRecord
from speechwatch.interchange.schema import LANGS, RECORD_TYPES
from speechwatch.interchange.validate import Problem, Validated, validate_record
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Taxonomy
from speechwatch.taxonomy.queries import category_index, default_taxonomy

BATCH = 2000
MAX_PROBLEMS = 1000
IN_CHUNK = 900  # stays under every backend's limit of query parameters
MAX_PARAMS = 30_000  # parameters in one INSERT; SQLite allows 32,766, PostgreSQL 65,535
ROWS_PER_STATEMENT = 1000
IMPORT_CACHE_KIB = 64 * 1024
_SIZES = (1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)  # rows per INSERT statement
CACHE_LIMIT = 200_000


class DbResolver:
    """Reference data for the validator, read once from the database."""

    def __init__(self) -> None:
        found = default_taxonomy()
        self.default_taxonomy = found.code if found is not None else settings.DEFAULT_TAXONOMY
        self._taxonomies = set(Taxonomy.objects.values_list("code", flat=True))
        self._categories: dict[str, dict[str, int]] = {}
        self._regions: dict[str, int] = dict(Region.objects.values_list("code", "id"))
        self._matches: dict[str, tuple[str, int] | None] = {}
        self._matcher: Any = None

    def has_taxonomy(self, code: str) -> bool:
        return code in self._taxonomies

    def _index(self, taxonomy: str) -> dict[str, int]:
        index = self._categories.get(taxonomy)
        if index is None:
            index = self._categories[taxonomy] = category_index(taxonomy)
        return index

    def category_id(self, taxonomy: str, code: str) -> int | None:
        return self._index(taxonomy).get(code)

    def suggest_category(self, taxonomy: str, code: str) -> str | None:
        best = process.extractOne(
            code, list(self._index(taxonomy)), scorer=fuzz.ratio, score_cutoff=60
        )
        return best[0] if best else None

    def _region_matcher(self) -> Any:
        if self._matcher is None:
            from speechwatch.lib.regions import RegionMatcher, load_region_set

            self._matcher = RegionMatcher(load_region_set(settings.REGION_SET))
        return self._matcher

    def region(self, text: str) -> tuple[str, int] | None:
        if text in self._regions:
            return text, self._regions[text]
        if text not in self._matches:
            spec = self._region_matcher().match(text)
            code = getattr(spec, "code", None)
            found = (code, self._regions[code]) if code in self._regions else None
            if len(self._matches) > 10_000:
                self._matches.clear()
            self._matches[text] = found
        return self._matches[text]

    def suggest_region(self, text: str) -> list[str]:
        return [s for s in self._region_matcher().suggest(text) if s in self._regions]


# --- writing rows -----------------------------------------------------------------------------


class Table:
    """INSERT … VALUES for a model and a fixed list of its fields, many rows at a time.

    SQLite: one statement per up to `ROWS_PER_STATEMENT` rows rather than executemany, which
    halves the cost of a row (a statement's fixed costs — among them the AUTOINCREMENT counter
    in sqlite_sequence, read and written once per statement — are shared by all its rows).
    PostgreSQL: psycopg's executemany (see `many`).
    """

    def __init__(
        self, model: type[Model], names: list[str], *, raw: frozenset[str] = frozenset()
    ) -> None:
        """`raw` names fields whose values the caller passes already adapted for the database."""
        meta = model._meta
        fields = [meta.get_field(n) for n in names]
        qn = connection.ops.quote_name
        cols = ", ".join(qn(str(f.column)) for f in fields)  # type: ignore[union-attr]
        self.model = model
        self.names = names
        self.width = len(fields)
        self.head = f"INSERT INTO {qn(meta.db_table)} ({cols}) VALUES "
        # The statements go to the DB-API cursor itself (see _cursor), so in its own paramstyle.
        mark = "?" if connection.vendor == "sqlite" else "%s"
        self.row_marks = "(" + ",".join([mark] * len(fields)) + ")"
        self.returning = f" RETURNING {qn('external_id')}, {qn('id')}"
        self.per_statement = max(1, min(ROWS_PER_STATEMENT, MAX_PARAMS // len(fields)))
        # psycopg parses a statement of more than 50 parameters anew, in Python, on every execute,
        # and its executemany sends one statement's rows in a pipeline: so on PostgreSQL, that.
        self.many = connection.vendor == "postgresql"
        self._sql: dict[int, str] = {}
        # Only dates, datetimes and JSON need converting; text, numbers and booleans pass as is.
        self.adapters: list[tuple[int, Callable[[Any], Any]]] = []
        sqlite = connection.vendor == "sqlite"
        for i, f in enumerate(fields):
            if f.name in raw:
                continue
            internal = f.get_internal_type()
            prep = f.get_db_prep_save  # type: ignore[union-attr]
            if internal == "DateField":
                if sqlite:  # Django stores SQLite dates as ISO text: the canonical form already
                    self.adapters.append((i, _none_if_empty))
                else:
                    self.adapters.append((i, _date_adapter))
            elif internal == "DateTimeField":
                self.adapters.append((i, _datetime_adapter(prep)))
            elif internal == "JSONField":
                self.adapters.append((i, _json_adapter(prep)))

    def _statements(
        self, rows: Sequence[Sequence[Any]], returning: bool
    ) -> Iterator[tuple[str, list[Any]]]:
        width = self.width
        start = 0
        while start < len(rows):
            # Statement sizes come from a fixed set, so the driver's cache of prepared statements
            # (and self._sql) holds a few per table instead of one per odd remainder.
            size = next(k for k in _SIZES if k <= len(rows) - start and k <= self.per_statement)
            params: list[Any] = []
            for row in rows[start : start + size]:
                params.extend(row)
            start += size
            for i, adapt in self.adapters:  # a column at a time: params[i::width]
                params[i::width] = [adapt(value) for value in params[i::width]]
            key = -size if returning else size
            sql = self._sql.get(key)
            if sql is None:
                sql = self.head + ",".join([self.row_marks] * size)
                if returning:
                    sql += self.returning
                self._sql[key] = sql
            yield sql, params

    def _adapted(self, rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
        out = [list(row) for row in rows]
        if self.adapters:
            for row in out:
                for i, adapt in self.adapters:
                    row[i] = adapt(row[i])
        return out

    def insert(self, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with _cursor() as cursor:
            if self.many:
                cursor.executemany(self.head + self.row_marks, self._adapted(rows))
                return
            for sql, params in self._statements(rows, returning=False):
                cursor.execute(sql, params)

    def insert_returning_ids(self, rows: Sequence[Sequence[Any]]) -> dict[str, int]:
        """Insert parent rows and return {external_id: id} of the rows written."""
        if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover
            self.insert(rows)
            externals = [row[self.names.index("external_id")] for row in rows]
            return _ids_by_external(self.model, externals)
        ids: dict[str, int] = {}
        with _cursor() as cursor:
            if self.many:
                sql = self.head + self.row_marks + self.returning
                cursor.executemany(sql, self._adapted(rows), returning=True)
                while True:  # one result set per row
                    ids.update(cursor.fetchall())
                    if not cursor.nextset():
                        break
                return ids
            for sql, params in self._statements(rows, returning=True):
                cursor.execute(sql, params)
                ids.update(cursor.fetchall())
        return ids


@contextmanager
def _cursor() -> Iterator[Any]:
    """The DB-API cursor under Django's wrapper, with errors still translated to Django's.

    Django's SQLite wrapper rewrites "%s" to "?" with a regular expression on every execute,
    which on a statement of a thousand rows costs more than the insert; the SQL here is
    written in the driver's own style instead.
    """
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()


@contextmanager
def import_settings() -> Iterator[None]:
    """Connection settings for the length of an import, restored afterwards.

    SQLite: a page cache of IMPORT_CACHE_KIB instead of the default 2 MiB, so the indexes of a
    large import stay in memory instead of being spilled to the WAL and read back. It bounds
    memory whatever the file's size. Durability settings (WAL, synchronous) are left alone.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with _cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        if connection.connection is not None:
            with _cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {before}")


def _none_if_empty(value: Any) -> Any:
    return value or None


def _date_adapter(value: Any) -> Any:
    return date.fromisoformat(value) if value else None


def _datetime_adapter(prep: Callable[..., Any]) -> Callable[[Any], Any]:
    @lru_cache(maxsize=4096)  # bounded; timestamps repeat within a batch (same-day edits)
    def from_text(value: str) -> Any:
        return prep(datetime.fromisoformat(value), connection)

    def adapt(value: Any) -> Any:
        if not value:
            return None
        if isinstance(value, str):
            return from_text(value)
        return prep(value, connection)

    return adapt


def _json_adapter(prep: Callable[..., Any]) -> Callable[[Any], Any]:
    return lambda value: prep(value, connection)


def _text_cols(rec: dict[str, Any], name: str) -> dict[str, str]:
    text = rec[name]
    return {f"{name}_{lang}": text.get(lang, "") for lang in LANGS}


def parent_values(v: Validated) -> dict[str, Any]:
    """Model field values of a validated record's own row (not its links)."""
    r = v.record
    t = v.type
    common = {"is_demo": r["is_demo"], "internal_notes": r["internal_notes"]}
    if t == "actor":
        return {
            "kind": r["kind"],
            "type": r["actor_type"],
            "name": r["name"],
            "name_variants": r["name_variants"],
            **common,
        }
    if t == "incident":
        occurred = r["occurred_on"]
        precision = "unknown" if not occurred else "month" if len(occurred) == 7 else "day"
        return {
            "recorded_on": r["recorded_on"],
            "occurred_on": occurred + "-01" if precision == "month" else occurred,
            "occurred_precision": precision,
            **_text_cols(r, "title"),
            **_text_cols(r, "summary"),
            "region": v.region_id,
            "settlement": r["settlement"],
            "status": r["status"],
            "status_changed_at": r["status_changed_at"],
            "search_text": incident_search_text(r["title"], r["summary"], r["settlement"]),
            **common,
        }
    if t == "case":
        return {
            "kind": r["kind"],
            **_text_cols(r, "title"),
            **_text_cols(r, "summary"),
            "opened_on": r["opened_on"],
            "published": r["published"],
            **common,
        }
    if t == "event":
        return {
            "date": r["date"],
            "kind": r["kind"],
            **_text_cols(r, "title"),
            **_text_cols(r, "text"),
            "region": v.region_id,
            "source_urls": r["source_urls"],
            "published": r["published"],
            **common,
        }
    return {
        "kind": r["kind"],
        **_text_cols(r, "title"),
        **_text_cols(r, "summary"),
        "published": r["published"],
        **common,
    }


def _note(item: dict[str, Any]) -> list[str]:
    return [item["note"].get(lang, "") for lang in LANGS]


_NOTE = [f"note_{lang}" for lang in LANGS]

# Link tables per record type: (model, fields); rows are produced by _link_rows in this order.
LINKS: dict[str, list[tuple[type[Model], list[str]]]] = {
    "actor": [],
    "incident": [
        (IncidentCategory, ["incident", "category", "is_primary"]),
        (IncidentActor, ["incident", "actor", "role", "position"]),
        (LegalReference, ["incident", "code", "article", "part", "position"]),
        (
            Source,
            [
                "incident",
                "kind",
                "url",
                "outlet",
                "title",
                "published_on",
                "confidential",
                "correspondent",
                "position",
            ],
        ),
        (IncidentTag, ["incident", "tag"]),
    ],
    "case": [
        (CaseIncident, ["case", "incident"]),
        (CaseStage, ["case", "stage", "date", "body", "claim_amount", "outcome", *_NOTE]),
        (CaseDefendant, ["case", "actor", "status", "status_on"]),
    ],
    "event": [],
    "legislation": [(LegislativeStage, ["item", "stage", "date", *_NOTE])],
}


def _link_rows(
    v: Validated, pk: int, actors: dict[str, int], incidents: dict[str, int]
) -> list[list[list[Any]]]:
    r = v.record
    if v.type == "incident":
        primary = r["primary_category"]
        people = [
            [pk, actors[a], role, pos]
            for role in ("victim", "perpetrator")
            for pos, a in enumerate(r[role + "s"])
        ]
        return [
            [
                [pk, cid, code == primary]
                for code, cid in zip(r["categories"], v.category_ids, strict=True)
            ],
            people,
            [[pk, c, a, p, pos] for pos, (c, a, p) in enumerate(v.legal_refs)],
            [
                [
                    pk,
                    s["kind"],
                    s["url"],
                    s["outlet"],
                    s["title"],
                    s["published_on"],
                    s["confidential"],
                    s["correspondent"],
                    pos,
                ]
                for pos, s in enumerate(r["sources"])
            ],
            [[pk, tag] for tag in r["tags"]],
        ]
    if v.type == "case":
        return [
            [[pk, incidents[i]] for i in r["incidents"]],
            [
                [pk, s["stage"], s["date"], s["body"], s["claim_amount"], s["outcome"], *_note(s)]
                for s in r["stages"]
            ],
            [[pk, actors[d["actor"]], d["status"], d["status_on"]] for d in r["defendants"]],
        ]
    if v.type == "legislation":
        return [[[pk, s["stage"], s["date"], *_note(s)] for s in r["stages"]]]
    return []


def _parent_row(v: Validated, stamp: tuple[Any, ...]) -> tuple[Any, ...]:
    """The values of Importer.tables[v.type]: external_id, parent_values(v), run and times."""
    return (v.record["external_id"], *parent_values(v).values(), *stamp)


def _incident_row(v: Validated, stamp: tuple[Any, ...]) -> tuple[Any, ...]:
    """_parent_row for an incident, without the intermediate dict (the hot path of big imports)."""
    r = v.record
    occurred = r["occurred_on"]
    n = len(occurred)
    title = r["title"]
    summary = r["summary"]
    return (
        r["external_id"],
        r["recorded_on"],
        occurred + "-01" if n == 7 else occurred,
        "unknown" if not n else "month" if n == 7 else "day",
        title.get("en", ""),
        title.get("ru", ""),
        title.get("kk", ""),
        summary.get("en", ""),
        summary.get("ru", ""),
        summary.get("kk", ""),
        v.region_id,
        r["settlement"],
        r["status"],
        r["status_changed_at"],
        incident_search_text(title, summary, r["settlement"]),
        r["is_demo"],
        r["internal_notes"],
        *stamp,
    )


def _incident_links(
    v: Validated, pk: int, actors: dict[str, int], out: list[list[Sequence[Any]]]
) -> None:
    """Append an incident's rows to the LINKS["incident"] tables (= _link_rows, as tuples)."""
    r = v.record
    categories, people, refs, sources, tags = out
    primary = r["primary_category"]
    for code, cid in zip(r["categories"], v.category_ids, strict=True):
        categories.append((pk, cid, code == primary))
    for pos, a in enumerate(r["victims"]):
        people.append((pk, actors[a], "victim", pos))
    for pos, a in enumerate(r["perpetrators"]):
        people.append((pk, actors[a], "perpetrator", pos))
    for pos, (c, a, p) in enumerate(v.legal_refs):
        refs.append((pk, c, a, p, pos))
    for pos, s in enumerate(r["sources"]):
        sources.append(
            (
                pk,
                s["kind"],
                s["url"],
                s["outlet"],
                s["title"],
                s["published_on"],
                s["confidential"],
                s["correspondent"],
                pos,
            )
        )
    for tag in r["tags"]:
        tags.append((pk, tag))


def _list(value: Any) -> list[Any]:
    # A field that failed validation holds BAD instead of a list: it has no references to check.
    return value if isinstance(value, list) else []


def _actor_refs(v: Validated) -> list[tuple[str, str]]:
    """(field, actor external id) pairs a record refers to."""
    r = v.record
    if v.type == "incident":
        return [("victims", a) for a in _list(r.get("victims"))] + [
            ("perpetrators", a) for a in _list(r.get("perpetrators"))
        ]
    if v.type == "case":
        return [("defendants", d["actor"]) for d in _list(r.get("defendants"))]
    return []


def _chunks(items: list[Any], size: int = IN_CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _by_external(
    model: type[Model], columns: str, external_ids: Iterable[str]
) -> Iterator[tuple[Any, ...]]:
    """Rows (`columns`) of the records with these external ids, by plain SQL.

    The ORM spends longer preparing a 900-value IN list than the database takes to answer it.
    """
    qn = connection.ops.quote_name
    mark = "?" if connection.vendor == "sqlite" else "%s"
    cols = ", ".join(qn(c) for c in columns.split())
    head = f"SELECT {cols} FROM {qn(model._meta.db_table)} WHERE {qn('external_id')} IN "
    with _cursor() as cursor:
        for chunk in _chunks(list(external_ids)):
            cursor.execute(head + "(" + ", ".join([mark] * len(chunk)) + ")", chunk)
            yield from cursor.fetchall()


def _ids_by_external(model: type[Model], external_ids: Iterable[str]) -> dict[str, int]:
    return dict(_by_external(model, "external_id id", external_ids))  # type: ignore[arg-type]


# (line, decoding problems, validated record or None, its problems, external_id of an invalid one)
Checked = tuple[int, list[tuple[str, str]], Validated | None, list[tuple[str, str]], str | None]


def check(raw: RawRecord, resolver: Any, expected_type: str = "") -> Checked:
    """Validate one decoded record (pure: no database)."""
    if raw.data is None:
        return raw.line, raw.errors, None, [], None
    v, errors = validate_record(raw.data, resolver, expected_type=expected_type)
    if errors and raw.source is not None:
        raw = raw.exact()  # a problem: decode as the json module does, then check again
        if raw.data is None:
            return raw.line, raw.errors, None, [], None
        v, errors = validate_record(raw.data, resolver, expected_type=expected_type)
    invalid_ext = None
    if v is not None and (errors or raw.errors):
        ext = raw.data.get("external_id")
        invalid_ext = ext if isinstance(ext, str) else None
    return raw.line, raw.errors, v, errors, invalid_ext


# --- the engine -------------------------------------------------------------------------------


@dataclass
class Pending:
    file: str
    line: int
    v: Validated
    check_only: bool = False  # invalid record: only its references are checked, never written


@dataclass
class Importer:
    run_id: str
    who: Who
    resolver: Any = None
    batch_size: int = BATCH
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def __post_init__(self) -> None:
        if self.resolver is None:
            self.resolver = DbResolver()
        self.lookups = Lookups.load(self.resolver.default_taxonomy)
        self.pending: dict[str, list[Pending]] = {rt.name: [] for rt in RECORD_TYPES}
        self.batch_lines: dict[str, dict[str, int]] = {rt.name: {} for rt in RECORD_TYPES}
        # Records that failed validation, so references to them say why (capped like problems).
        self.invalid: dict[str, dict[str, tuple[str, int]]] = {rt.name: {} for rt in RECORD_TYPES}
        self.actor_ids: dict[str, int] = {}
        self.now = timezone.now()
        self.tables = {rt.name: self._parent_table(rt.name) for rt in RECORD_TYPES}
        self.link_tables = {
            name: [Table(model, names) for model, names in links] for name, links in LINKS.items()
        }

    def _parent_table(self, type_name: str) -> Table:
        sample = parent_values(_SAMPLES[type_name])
        names = ["external_id", *sample, "import_run", "created_at", "updated_at"]
        return Table(MODELS[type_name], names, raw=frozenset({"created_at", "updated_at"}))

    # -- problems --

    @property
    def failed(self) -> bool:
        return self.problem_count > 0

    def problem(self, file: str, line: int, field_name: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(file, line, field_name, message))

    # -- input --

    def read_file(self, path: Path, fmt: Format, *, expected_type: str = "") -> None:
        label = path.name
        resolver = self.resolver
        for raw in fmt.read(path):
            self.accept(label, check(raw, resolver, expected_type))
        self.flush()

    def feed(self, file: str, raw: RawRecord, *, expected_type: str = "") -> None:
        self.accept(file, check(raw, self.resolver, expected_type))

    def accept(self, file: str, checked: Checked) -> None:
        """Take one checked record: report its problems, queue it for writing or for checks."""
        line, decode_errors, v, errors, invalid_ext = checked
        for field_name, message in decode_errors:
            self.problem(file, line, field_name, message)
        for field_name, message in errors:
            self.problem(file, line, field_name, message)
        if v is None:
            return
        if errors or decode_errors:
            bucket = self.invalid[v.type]
            if invalid_ext is not None and len(bucket) < MAX_PROBLEMS:
                bucket.setdefault(invalid_ext, (file, line))
            # Still check its references, so the report lists those problems too.
            self.pending[v.type].append(Pending(file, line, v, check_only=True))
            return
        ext = v.record["external_id"]
        seen = self.batch_lines[v.type]
        if ext in seen:
            self.problem(
                file, line, "external_id", f"duplicate {ext!r} (first seen on line {seen[ext]})"
            )
            return
        seen[ext] = line
        self.pending[v.type].append(Pending(file, line, v))
        if len(self.pending[v.type]) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        # Every type, in reference order, so a mixed file's actors land before its incidents.
        for rt in RECORD_TYPES:
            batch = self.pending[rt.name]
            if batch:
                self._flush(rt.name, batch)
                self.pending[rt.name] = []
                self.batch_lines[rt.name] = {}

    # -- one batch --

    def _flush(self, type_name: str, batch: list[Pending]) -> None:
        model = MODELS[type_name]
        existing: dict[str, tuple[int, str]] = {}
        wanted = [p.v.record["external_id"] for p in batch if not p.check_only]
        for pk, ext, run in _by_external(model, "id external_id import_run", wanted):
            existing[ext] = (pk, run)
        actors = self._resolve_actors(batch)
        incidents = self._resolve_incidents(batch) if type_name == "case" else {}

        new: list[Pending] = []
        old: list[tuple[Pending, int]] = []
        for p in batch:
            ext = p.v.record["external_id"]
            if not self._references_ok(p, actors, incidents) or p.check_only:
                continue
            found = existing.get(ext)
            if found is None:
                new.append(p)
            elif found[1] == self.run_id:
                self.problem(
                    p.file,
                    p.line,
                    "external_id",
                    f"duplicate {ext!r} (already given earlier in this import)",
                )
            else:
                old.append((p, found[0]))
        self._insert(type_name, new, actors, incidents)
        if old:
            self._reimport(type_name, old, actors, incidents)

    def _resolve_actors(self, batch: list[Pending]) -> dict[str, int]:
        wanted: set[str] = set()
        for p in batch:
            r = p.v.record
            if p.v.type == "incident":
                wanted.update(_list(r.get("victims")))
                wanted.update(_list(r.get("perpetrators")))
            else:
                wanted.update(ext for _, ext in _actor_refs(p.v))
        if len(self.actor_ids) > CACHE_LIMIT:  # bounded, so memory stays flat
            self.actor_ids.clear()
        missing = [ext for ext in wanted if ext not in self.actor_ids]
        if missing:
            self.actor_ids.update(_ids_by_external(Actor, missing))
        return self.actor_ids

    def _resolve_incidents(self, batch: list[Pending]) -> dict[str, int]:
        return _ids_by_external(
            Incident, {i for p in batch for i in _list(p.v.record.get("incidents"))}
        )

    def _references_ok(self, p: Pending, actors: dict[str, int], incidents: dict[str, int]) -> bool:
        r = p.v.record
        if (  # the common case, without allocations
            p.v.type == "incident"
            and not p.check_only
            and all(a in actors for a in r["victims"])
            and all(a in actors for a in r["perpetrators"])
        ):
            return True
        ok = True
        for field_name, ext in _actor_refs(p.v):
            if ext not in actors:
                self._dangling(p, field_name, "actor", ext)
                ok = False
        if p.v.type == "case":
            for ext in _list(p.v.record.get("incidents")):
                if ext not in incidents:
                    self._dangling(p, "incidents", "incident", ext)
                    ok = False
        return ok

    def _dangling(self, p: Pending, field_name: str, type_name: str, ext: str) -> None:
        bad = self.invalid[type_name].get(ext)
        if bad is not None:
            why = f"refers to {type_name} {ext!r}, which is invalid ({bad[0]}:{bad[1]})"
        else:
            why = f"unknown {type_name} {ext!r} (not in this import nor in the database)"
        self.problem(p.file, p.line, field_name, why)

    def _insert(
        self, type_name: str, new: list[Pending], actors: dict[str, int], incidents: dict[str, int]
    ) -> None:
        if not new:
            return
        table = self.tables[type_name]
        created = table.model._meta.get_field("created_at")
        now = created.get_db_prep_save(self.now, connection)  # type: ignore[union-attr]
        stamp = (self.run_id, now, now)
        row = _incident_row if type_name == "incident" else _parent_row
        ids = table.insert_returning_ids([row(p.v, stamp) for p in new])
        if type_name == "actor":
            self.actor_ids.update(ids)
        self._insert_links(
            type_name,
            [(p.v, ids[p.v.record["external_id"]]) for p in new],
            actors,
            incidents,
        )
        self.counts[type_name]["created"] += len(new)

    def _insert_links(
        self,
        type_name: str,
        items: list[tuple[Validated, int]],
        actors: dict[str, int],
        incidents: dict[str, int],
    ) -> None:
        """Write the link rows of records whose ids are known."""
        tables = self.link_tables[type_name]
        if not tables:
            return
        rows: list[list[Sequence[Any]]] = [[] for _ in tables]
        if type_name == "incident":
            for v, pk in items:
                _incident_links(v, pk, actors, rows)
        else:
            for v, pk in items:
                for i, link in enumerate(_link_rows(v, pk, actors, incidents)):
                    rows[i].extend(link)
        for table, table_rows in zip(tables, rows, strict=True):
            table.insert(table_rows)

    def _reimport(
        self,
        type_name: str,
        old: list[tuple[Pending, int]],
        actors: dict[str, int],
        incidents: dict[str, int],
    ) -> None:
        model = MODELS[type_name]
        manager = model._default_manager
        ids = [pk for _, pk in old]
        rows: list[dict[str, Any]] = []
        for chunk in _chunks(ids):
            rows.extend(manager.filter(id__in=chunk).values(*PARENT_FIELDS[type_name]))
        stored = {
            rec["external_id"]: rec
            for rec in serialize_rows(type_name, rows, public=False, lookups=self.lookups)
        }
        unchanged: list[int] = []
        changed: list[tuple[Validated, int]] = []
        for p, pk in old:
            before = stored[p.v.record["external_id"]]
            if before == p.v.record:
                unchanged.append(pk)
            else:
                changed.append((p.v, pk))
                b, a = changed_fields(before, p.v.record)
                record(
                    self.who,
                    "interchange.update",
                    type_name,
                    p.v.record["external_id"],
                    before=b,
                    after=a,
                    note=f"import run {self.run_id}",
                )
        # Mark as seen by this run, so a later duplicate in the same import is caught.
        for chunk in _chunks(unchanged):
            manager.filter(id__in=chunk).update(import_run=self.run_id)
        self.counts[type_name]["unchanged"] += len(unchanged)
        if not changed:
            return
        # A changed record's version goes up, so an editor open on it cannot save over the
        # import (lib/conflicts.py); the version is not part of the interchange schema.
        versioned = any(f.name == "version" for f in model._meta.concrete_fields)
        bump = {"version": F("version") + 1} if versioned else {}
        for v, pk in changed:
            values = {
                ("region_id" if k == "region" else k): (
                    None if val == "" and k in _NULLABLE else val
                )
                for k, val in parent_values(v).items()
            }
            manager.filter(id=pk).update(
                **values, **bump, import_run=self.run_id, updated_at=self.now
            )
        changed_ids = [pk for _, pk in changed]
        for link_model, names in LINKS[type_name]:
            fk = names[0]
            for chunk in _chunks(changed_ids):
                link_model._default_manager.filter(**{f"{fk}_id__in": chunk}).delete()
        self._insert_links(type_name, changed, actors, incidents)
        self.counts[type_name]["updated"] += len(changed)


# Model fields that hold None where the record holds "".
_NULLABLE = frozenset({"occurred_on", "opened_on", "status_changed_at"})


def _sample(type_name: str) -> Validated:
    """A record with every field at its default: used only to learn the parent column list."""
    from speechwatch.interchange.schema import BY_NAME

    return Validated(type_name, {f.name: f.default() for f in BY_NAME[type_name].fields})


_SAMPLES = {rt.name: _sample(rt.name) for rt in RECORD_TYPES}
