"""The streaming import engine (called inside one transaction by actions.import_path).

Records are validated one by one (validate.py, fastpath.py) and written in batches (rows.py
makes the rows, tables.py writes them: multi-row INSERTs on SQLite, COPY on PostgreSQL), table
and column names taken from the models' _meta. Once a problem is found the import is doomed (the
caller rolls back), but valid records are still written so that later references to them resolve and
the report lists only real problems. Memory stays flat in the number of records: nothing but
the current batch, small reference maps and a bounded cache of actor ids is kept.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import F
from django.utils import timezone

from speechwatch.actors.models import Actor
from speechwatch.audit.record import Who, changed_fields, record
from speechwatch.cases.actions import mark_case_linked
from speechwatch.cases.models import CaseIncident
from speechwatch.cases.ongoing import case_months, cases_of
from speechwatch.incidents import queuecounts
from speechwatch.incidents.models import Incident
from speechwatch.interchange.formats import Format, RawRecord
from speechwatch.interchange.resolver import DbResolver as DbResolver  # re-exported
from speechwatch.interchange.rows import (
    _NULLABLE,
    _SAMPLES,
    LINKS,
    _incident_links,
    _incident_row,
    _link_rows,
    _parent_row,
    parent_values,
)
from speechwatch.interchange.schema import RECORD_TYPES
from speechwatch.interchange.serializer import MODELS, PARENT_FIELDS, Lookups, serialize_rows
from speechwatch.interchange.tables import _SIZES as _SIZES  # re-exported
from speechwatch.interchange.tables import IMPORT_CACHE_KIB as IMPORT_CACHE_KIB  # re-exported
from speechwatch.interchange.tables import (
    IN_CHUNK,
    Table,
    _by_external,
    _ids_by_external,
)
from speechwatch.interchange.tables import import_settings as import_settings  # re-exported
from speechwatch.interchange.validate import Checked, Problem, Validated
from speechwatch.interchange.validate import check as check  # re-exported
from speechwatch.lib.rawsql import chunks

BATCH = 2000
MAX_PROBLEMS = 1000
CACHE_LIMIT = 200_000


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
    track_queue: bool = False  # keep the review queue's counts per batch (else rebuilt after)

    def __post_init__(self) -> None:
        if self.resolver is None:
            self.resolver = DbResolver()
        self.lookups = Lookups.load(self.resolver.default_taxonomy)
        self.pending: dict[str, list[Pending]] = {rt.name: [] for rt in RECORD_TYPES}
        self.batch_lines: dict[str, dict[str, int]] = {rt.name: {} for rt in RECORD_TYPES}
        # Records that failed validation, so references to them say why (capped like problems).
        self.invalid: dict[str, dict[str, tuple[str, int]]] = {rt.name: {} for rt in RECORD_TYPES}
        self.actor_ids: dict[str, int] = {}
        self.months: set[str] = set()  # YYYY-MM of the incidents written, before and after
        self.cases: set[int] = set()  # cases written or linking incidents written
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
        # A load that is not in bulk moves the queue's counts as the actions do, instead of a
        # rebuild that reads every incident and source (seconds at a million incidents).
        tracked = type_name == "incident" and self.track_queue
        keeping: AbstractContextManager[list[int]] = (
            queuecounts.tracking([pk for _, pk in old]) if tracked else nullcontext([])
        )
        with keeping as touched:
            touched.extend(self._insert(type_name, new, actors, incidents))
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
    ) -> list[int]:
        """Write new records; returns their ids."""
        if not new:
            return []
        table = self.tables[type_name]
        created = table.model._meta.get_field("created_at")
        now = created.get_db_prep_save(self.now, connection)  # type: ignore[union-attr]
        stamp = (self.run_id, now, now)
        row = _incident_row if type_name == "incident" else _parent_row
        ids = table.insert_returning_ids([row(p.v, stamp) for p in new])
        if type_name == "actor":
            self.actor_ids.update(ids)
        elif type_name == "incident":
            self.months.update(str(p.v.record["recorded_on"])[:7] for p in new)
        elif type_name == "case":
            self.cases.update(ids.values())
        self._insert_links(
            type_name,
            [(p.v, ids[p.v.record["external_id"]]) for p in new],
            actors,
            incidents,
        )
        self.counts[type_name]["created"] += len(new)
        return list(ids.values())

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
            if table.model is CaseIncident:
                for chunk in chunks(sorted({incident for _, incident in table_rows}), IN_CHUNK):
                    mark_case_linked(chunk)

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
        for chunk in chunks(ids, IN_CHUNK):
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
                if type_name == "incident":
                    self.months.update(str(r["recorded_on"])[:7] for r in (before, p.v.record))
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
        for chunk in chunks(unchanged, IN_CHUNK):
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
        if type_name in ("case", "incident"):  # reports on ongoing cases: before links change
            cases = set(changed_ids) if type_name == "case" else cases_of(changed_ids)
            self.months.update(case_months(cases))
            self.cases.update(cases)
        for link_model, names in LINKS[type_name]:
            fk = names[0]
            for chunk in chunks(changed_ids, IN_CHUNK):
                link_model._default_manager.filter(**{f"{fk}_id__in": chunk}).delete()
        self._insert_links(type_name, changed, actors, incidents)
        self.counts[type_name]["updated"] += len(changed)
