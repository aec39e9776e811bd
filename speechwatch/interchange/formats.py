"""File formats: a registry that the built-in JSON Lines and CSV formats register into.

A format turns a file into a stream of decoded records (dicts shaped like JSON Lines records,
with their line numbers) and writes canonical records back. Everything else — validation,
references, writing to the database — is format-independent.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from speechwatch.interchange import decoding
from speechwatch.interchange.schema import BY_PLURAL, LANGS, Field, RecordType

_fast_loads: Callable[[bytes], Any] | None
try:  # optional: two to three times faster than the json module on a typical record
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover - without orjson the json module decodes everything
    _fast_loads = None


@dataclass
class RawRecord:
    """One decoded record; `errors` holds decoding problems as (field, message).

    `source` is set when `data` came from the fast decoder (orjson): it is the line's bytes, so
    a record that fails validation can be decoded again by the json module (`exact()`), whose
    results the error messages and the accepted input are defined by. The two differ only where
    the fast decoder refuses (NaN, lone surrogates, a BOM, …) or reads an integer beyond 64 bits
    as a float, which no field accepts: so a record valid as decoded by orjson is identical as
    decoded by json.
    """

    line: int
    data: Any
    errors: list[tuple[str, str]] = field(default_factory=list)
    source: bytes | None = None

    def exact(self) -> RawRecord:
        """The record as the json module decodes it (itself if it already was)."""
        return self if self.source is None else _decode_line(self.line, self.source)


class RecordWriter(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


class Format(Protocol):
    name: str
    extension: str

    def read(self, path: Path) -> Iterator[RawRecord]:
        """Stream the records of a file; never loads the whole file."""
        ...

    def writer(
        self,
        path: Path,
        rt: RecordType,
        fields: tuple[Field, ...],
        *,
        spreadsheet_safe: bool = False,
    ) -> RecordWriter: ...

    def stream_writer(
        self,
        fh: IO[str],
        rt: RecordType,
        fields: tuple[Field, ...],
        *,
        spreadsheet_safe: bool = False,
    ) -> RecordWriter:
        """Write to any text stream (a file, a buffer a web response drains); close() closes it.

        `spreadsheet_safe` is for files people open in a spreadsheet (the public export): see
        `spreadsheet_cell`. Formats that are not tables ignore it.
        """
        ...


FORMATS: dict[str, Format] = {}


def register_format(fmt: Format) -> Format:
    FORMATS[fmt.name] = fmt
    return fmt


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(
            f"unknown format {name!r} (expected one of {', '.join(FORMATS)})"
        ) from None


def format_for_path(path: Path) -> Format | None:
    for fmt in FORMATS.values():
        if path.name.endswith("." + fmt.extension):
            return fmt
    return None


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class JsonLines:
    name = "jsonl"
    extension = "jsonl"

    def read(self, path: Path) -> Iterator[RawRecord]:
        fast = _fast_loads
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                if fast is not None:
                    try:
                        yield RawRecord(number, fast(raw), source=raw)
                        continue
                    except ValueError:
                        pass  # the json module decides, and words the error
                yield _decode_line(number, raw)

    def writer(
        self,
        path: Path,
        rt: RecordType,
        fields: tuple[Field, ...],
        *,
        spreadsheet_safe: bool = False,
    ) -> RecordWriter:
        return self.stream_writer(path.open("w", encoding="utf-8", newline="\n"), rt, fields)

    def stream_writer(
        self,
        fh: IO[str],
        rt: RecordType,
        fields: tuple[Field, ...],
        *,
        spreadsheet_safe: bool = False,
    ) -> RecordWriter:
        return _JsonLinesWriter(fh)


def _decode_line(number: int, raw: bytes) -> RawRecord:
    # decoding.loads turns deep nesting, huge numbers and lone surrogates into problems too.
    try:
        data, problems = decoding.loads(raw)
    except UnicodeDecodeError as exc:
        return RawRecord(number, None, [("", f"not UTF-8: {exc.reason}")])
    return RawRecord(number, data, problems) if problems else RawRecord(number, data)


class _JsonLinesWriter:
    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh

    def write(self, record: dict[str, Any]) -> None:
        self.fh.write(dumps(record) + "\n")

    def close(self) -> None:
        self.fh.close()


# --- CSV -----------------------------------------------------------------------------------


def join_list(items: list[str]) -> str:
    # A literal "|" or "\" inside an item is escaped so the column splits back exactly.
    return "|".join(i.replace("\\", "\\\\").replace("|", "\\|") for i in items)


def split_list(text: str) -> list[str]:
    if text == "":
        return []
    if "\\" not in text:
        return text.split("|")
    items: list[str] = []
    buf: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            buf.append(next(chars, "\\"))
        elif ch == "|":
            items.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    items.append("".join(buf))
    return items


def csv_columns(fields: tuple[Field, ...]) -> list[str]:
    cols: list[str] = []
    for f in fields:
        if f.kind == "text":
            cols.extend(f"{f.name}_{lang}" for lang in LANGS)
        else:
            cols.append(f.name)
    return cols


def _cell(f: Field, value: Any) -> str:
    kind = f.kind
    if kind == "bool":
        return "true" if value else "false"
    if kind == "str_list":
        return join_list(value)
    if kind == "objects":
        return dumps(value) if value else ""
    if value is None:
        return ""
    return str(value)


class Csv:
    name = "csv"
    extension = "csv"

    def read(self, path: Path) -> Iterator[RawRecord]:
        rt = BY_PLURAL.get(path.name.removesuffix(".csv"))
        # utf-8-sig: Excel's "CSV UTF-8" starts with a byte order mark, which is not a column.
        with path.open("r", encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            if rt is None:
                names = ", ".join(f"{p}.csv" for p in BY_PLURAL)
                yield RawRecord(
                    1,
                    None,
                    [("", f"cannot tell the record type from the file name (expected {names})")],
                )
                return
            try:
                header = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                yield RawRecord(1, None, [("", f"malformed CSV: {exc}")])
                return
            plan, unknown = _column_plan(rt, header)
            if unknown:
                yield RawRecord(1, None, [(c, "unknown column") for c in unknown])
                return
            last = reader.line_num
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except (csv.Error, UnicodeDecodeError) as exc:
                    yield RawRecord(last + 1, None, [("", f"malformed CSV: {exc}")])
                    return
                line, last = last + 1, reader.line_num
                if not any(row):
                    continue
                if len(row) != len(header):
                    yield RawRecord(
                        line, None, [("", f"{len(row)} columns, the header has {len(header)}")]
                    )
                    continue
                yield _decode_row(rt, plan, row, line)

    def writer(
        self,
        path: Path,
        rt: RecordType,
        fields: tuple[Field, ...],
        *,
        spreadsheet_safe: bool = False,
    ) -> RecordWriter:
        fh = path.open("w", encoding="utf-8", newline="")
        return self.stream_writer(fh, rt, fields, spreadsheet_safe=spreadsheet_safe)

    def stream_writer(
        self,
        fh: IO[str],
        rt: RecordType,
        fields: tuple[Field, ...],
        *,
        spreadsheet_safe: bool = False,
    ) -> RecordWriter:
        return _CsvWriter(fh, fields, spreadsheet_safe=spreadsheet_safe)


def _column_plan(rt: RecordType, header: list[str]) -> tuple[list[tuple[Field, str]], list[str]]:
    """For each column: its field and, for text fields, the language ("" otherwise)."""
    by_column: dict[str, tuple[Field, str]] = {}
    for f in rt.fields:
        if f.kind == "text":
            for lang in LANGS:
                by_column[f"{f.name}_{lang}"] = (f, lang)
        else:
            by_column[f.name] = (f, "")
    plan = [by_column[c] for c in header if c in by_column]
    unknown = [c for c in header if c not in by_column]
    return plan, unknown


def _decode_row(
    rt: RecordType, plan: list[tuple[Field, str]], row: list[str], line: int
) -> RawRecord:
    data: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for (f, lang), cell in zip(plan, row, strict=True):
        kind = f.kind
        if lang:
            text = data.setdefault(f.name, {})
            if cell:
                text[lang] = cell
        elif kind == "version":
            # ASCII and short: int() also reads other scripts' digits and fails beyond 4300.
            short_number = cell.isascii() and cell.isdigit() and len(cell) < 10
            data[f.name] = int(cell) if short_number else cell
        elif kind == "bool":
            data[f.name] = {"true": True, "false": False, "": False}.get(cell, cell)
        elif kind == "str_list":
            data[f.name] = split_list(cell)
        elif kind == "objects":
            if cell:
                what = "malformed JSON in column"
                value, problems = decoding.loads(cell, what=what, field=f.name)
                if problems:
                    errors.extend(problems)
                else:
                    data[f.name] = value
        else:
            data[f.name] = cell
    return RawRecord(line, data, errors)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Cells written from integers: "-3" is a number, not a formula, and stays as it is.
_NUMERIC_KINDS = frozenset({"version", "int_or_null"})


def spreadsheet_cell(text: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with one `'` (shown as text)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _CsvWriter:
    def __init__(
        self, fh: IO[str], fields: tuple[Field, ...], *, spreadsheet_safe: bool = False
    ) -> None:
        self.fh = fh
        self.fields = fields
        self.safe = spreadsheet_safe
        # One kind per column (a text field has a column per language).
        self.kinds = [f.kind for f in fields for _ in (LANGS if f.kind == "text" else "_")]
        # CRLF (RFC 4180) also makes the writer quote a lone "\r" inside a value.
        self.out = csv.writer(fh, lineterminator="\r\n")
        self.out.writerow(csv_columns(fields))

    def write(self, record: dict[str, Any]) -> None:
        row: list[str] = []
        for f in self.fields:
            value = record[f.name]
            if f.kind == "text":
                row.extend(value.get(lang, "") for lang in LANGS)
            else:
                row.append(_cell(f, value))
        if self.safe:
            row = [
                c if k in _NUMERIC_KINDS else spreadsheet_cell(c)
                for k, c in zip(self.kinds, row, strict=True)
            ]
        self.out.writerow(row)

    def close(self) -> None:
        self.fh.close()


register_format(JsonLines())
register_format(Csv())
