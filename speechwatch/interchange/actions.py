"""Import and export: the writing actions of the interchange app (docs/interchange.md)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from speechwatch.audit.record import SYSTEM, Who, record
from speechwatch.cases.ongoing import case_months
from speechwatch.incidents import monthtally, queuecounts
from speechwatch.interchange import bulk
from speechwatch.interchange.exporter import iter_records
from speechwatch.interchange.formats import FORMATS, Format, format_for_path, get_format
from speechwatch.interchange.importer import Importer, import_settings
from speechwatch.interchange.schema import BY_PLURAL, RECORD_TYPES
from speechwatch.interchange.serializer import MODELS, Lookups
from speechwatch.interchange.tables import collector_settings
from speechwatch.interchange.validate import Problem
from speechwatch.taxonomy.queries import default_taxonomy


class ImportFailed(Exception):
    """Nothing was written; `problems` lists the first problems, `total` counts all of them."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems
        self.total = len(problems) if total is None else total
        first = str(problems[0]) if problems else "no details"
        super().__init__(
            f"import failed with {self.total} problem(s), nothing written; first: {first}"
        )

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.total > len(self.problems):
            lines.append(f"… and {self.total - len(self.problems)} more problem(s)")
        return "\n".join(lines)


@dataclass
class ImportResult:
    run_id: str
    files: list[Path]
    counts: dict[str, dict[str, int]] = field(
        default_factory=dict
    )  # type -> created/updated/unchanged

    def summary(self) -> str:
        parts = []
        for rt in RECORD_TYPES:
            c = self.counts.get(rt.name)
            if c:
                parts.append(
                    f"{rt.plural}: {c['created']} created, {c['updated']} updated, "
                    f"{c['unchanged']} unchanged"
                )
        return "; ".join(parts) or "no records"


@dataclass(frozen=True)
class InputFile:
    path: Path
    fmt: Format
    expected_type: str  # "" when each record names its type (a single JSON Lines file)


def input_files(path: Path) -> list[InputFile]:
    """The files an import reads, in reference order; raises ImportFailed if there are none."""
    if path.is_dir():
        found: list[InputFile] = []
        for rt in RECORD_TYPES:
            candidates = [
                (path / f"{rt.plural}.{fmt.extension}", fmt)
                for fmt in FORMATS.values()
                if (path / f"{rt.plural}.{fmt.extension}").is_file()
            ]
            if len(candidates) > 1:
                names = " and ".join(p.name for p, _ in candidates)
                raise ImportFailed([Problem(str(path), 0, "", f"both {names}: keep one")])
            found.extend(InputFile(p, fmt, rt.name) for p, fmt in candidates)
        if not found:
            names = ", ".join(f"{rt.plural}.jsonl" for rt in RECORD_TYPES)
            raise ImportFailed(
                [
                    Problem(
                        str(path), 0, "", f"no record files in directory (expected {names} or .csv)"
                    )
                ]
            )
        return found
    if not path.is_file():
        raise ImportFailed([Problem(str(path), 0, "", "no such file or directory")])
    fmt = format_for_path(path)
    if fmt is None:
        exts = ", ".join(f".{f.extension}" for f in FORMATS.values())
        raise ImportFailed([Problem(path.name, 0, "", f"unknown file type (expected {exts})")])
    stem = path.name.removesuffix("." + fmt.extension)
    expected = BY_PLURAL[stem].name if fmt.name == "csv" and stem in BY_PLURAL else ""
    return [InputFile(path, fmt, expected)]


def sha256(path: Path) -> str:
    return digest_and_lines(path)[0]


def digest_and_lines(path: Path) -> tuple[str, int]:
    """The file's SHA-256 and its number of lines (about its records), in one pass."""
    digest = hashlib.sha256()
    lines = 0
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
            lines += block.count(b"\n")
    return digest.hexdigest(), lines


def large_types(files: list[InputFile], lines: dict[str, int]) -> list[str]:
    """Record types this import brings in bulk (bulk.is_large): their indexes are rebuilt after.

    A file without an expected type (one JSON Lines file of mixed records) counts for every type.
    """
    out = []
    for rt in RECORD_TYPES:
        incoming = sum(lines[f.path.name] for f in files if f.expected_type in ("", rt.name))
        if incoming >= bulk.BULK_MIN and bulk.is_large(incoming, bulk.max_id(MODELS[rt.name])):
            out.append(rt.name)
    return out


@contextmanager
def bulk_mode(type_names: list[str]) -> Iterator[None]:
    """Secondary and full-text indexes of these types put aside for the block (bulk.py)."""
    tables = {t: c for name in type_names for t, c in bulk.tables_of(MODELS[name], name).items()}
    with bulk.indexes_aside(tables), bulk.search_index_aside("incident" in type_names):
        yield


def import_path(
    path: Path | str, *, who: Who, batch_size: int | None = None, bulk_load: bool | None = None
) -> ImportResult:
    """Import a file or a directory, all or nothing; ImportFailed lists every problem.

    `bulk_load`: rebuild the indexes of the record types imported after the load (bulk.py);
    None decides per type by the size of the load against its table (bulk.is_large).
    """
    path = Path(path)
    files = input_files(path)
    scanned = {f.path.name: digest_and_lines(f.path) for f in files}
    digests = {name: digest for name, (digest, _) in scanned.items()}
    run_id = uuid.uuid4().hex
    order = {f.path.name: i for i, f in enumerate(files)}
    with collector_settings(), import_settings(), transaction.atomic():
        importer = Importer(run_id, who)
        if batch_size:
            importer.batch_size = batch_size
        lines = {name: n for name, (_, n) in scanned.items()}
        if bulk_load is None:
            aside = large_types(files, lines)
        else:
            aside = [rt.name for rt in RECORD_TYPES] if bulk_load else []
        importer.track_queue = "incident" not in aside and queuecounts.is_built()
        with bulk_mode(aside):
            for f in files:
                importer.read_file(f.path, f.fmt, expected_type=f.expected_type)
            if importer.failed:
                # Raising inside atomic() rolls back every row this run wrote (and any DDL).
                problems = sorted(importer.problems, key=lambda p: (order.get(p.file, 0), p.line))
                raise ImportFailed(problems, importer.problem_count)
        if not importer.track_queue:
            queuecounts.rebuild()  # rows went in in bulk, past the actions' bookkeeping
        # The same for the reports' per-month counts: every month after a load in bulk (or if
        # they were never built), else only the months the import wrote to, so a small import
        # into a large database costs little. New actors are only in this import's incidents;
        # a changed actor's type is reconciled before a report reads its months.
        if "incident" in aside or not monthtally.is_built():
            monthtally.rebuild_month_tallies()
        else:
            # With the months of the cases written: reports on ongoing cases are kept apart.
            monthtally.rebuild_month_tallies(importer.months | case_months(importer.cases))
            if not importer.counts["actor"]["updated"]:
                monthtally.actors_counted()
        counts = {
            name: {k: c[k] for k in ("created", "updated", "unchanged")}
            for name, c in importer.counts.items()
        }
        record(
            who,
            "interchange.import",
            "import",
            run_id,
            after={"path": str(path), "files": digests, "counts": counts},
        )
    return ImportResult(run_id, [f.path for f in files], counts)


def _default_taxonomy_code() -> str:
    found = default_taxonomy()
    return found.code if found is not None else settings.DEFAULT_TAXONOMY


@contextmanager
def read_snapshot() -> Iterator[None]:
    """A read-only transaction: every statement sees one snapshot, and no write lock is taken.

    SQLite transactions here begin IMMEDIATE (settings.py), which takes the database's single
    write lock at BEGIN; an export of a million records reads for minutes, and every writer
    meanwhile (the web app; the queue counts after an import, when the import's commit started
    an open-data build) failed with "database is locked" after the busy timeout. A DEFERRED
    transaction reads from a WAL snapshot without locking. PostgreSQL's default READ COMMITTED
    gives each statement its own snapshot: REPEATABLE READ keeps the files consistent.
    Inside a caller's transaction the caller's rules apply.
    """
    if connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    vendor = connection.vendor
    mode = getattr(connection, "transaction_mode", None)
    if vendor == "sqlite":
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            if vendor == "sqlite":
                connection.transaction_mode = mode  # type: ignore[attr-defined]
            elif vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    finally:
        if vendor == "sqlite":
            connection.transaction_mode = mode  # type: ignore[attr-defined]


def export_all(out_dir: Path | str, *, public: bool, fmt: str, who: Who = SYSTEM) -> list[Path]:
    """One file per record type; public leaves out confidential fields and unpublished records."""
    out = Path(out_dir)
    format_ = get_format(fmt)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    counts: dict[str, int] = {}
    # One snapshot: every file is read from the same state, so references agree.
    with read_snapshot():
        lookups = Lookups.load(_default_taxonomy_code())
        for rt in RECORD_TYPES:
            path = out / f"{rt.plural}.{format_.extension}"
            fields = rt.public_fields() if public else rt.fields
            # A public CSV is opened in spreadsheets: formula-like cells are neutralised there.
            writer = format_.writer(path, rt, fields, spreadsheet_safe=public)
            n = 0
            try:
                for rec in iter_records(rt, public=public, lookups=lookups):
                    writer.write(rec)
                    n += 1
            finally:
                writer.close()
            counts[rt.name] = n
            paths.append(path)
    # Recorded after the reading, in a short transaction of its own (the snapshot is read-only).
    with transaction.atomic():
        record(
            who,
            "interchange.export",
            "export",
            str(out),
            after={
                "public": public,
                "format": format_.name,
                "files": {p.name: sha256(p) for p in paths},
                "counts": counts,
            },
        )
    return paths
