"""Reading records out of the database for an export: which rows a (public) export holds, in
external_id order and in chunks of `.values()` (never the whole table), and the file written as a
stream of pieces for the web. Each chunk becomes records through `serializer.serialize_rows`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Q, QuerySet

from speechwatch.cases.models import CaseDefendant
from speechwatch.incidents.models import IncidentActor
from speechwatch.interchange.formats import Format
from speechwatch.interchange.schema import Field, RecordType
from speechwatch.interchange.serializer import MODELS, PARENT_FIELDS, Lookups, serialize_rows

CHUNK = 2000


def public_queryset(type_name: str) -> QuerySet:
    model = MODELS[type_name]
    qs = model._default_manager.all()
    if type_name == "incident":
        return qs.filter(status="published")
    if type_name == "actor":
        referred = Q(
            id__in=IncidentActor.objects.filter(incident__status="published").values("actor_id")
        ) | Q(id__in=CaseDefendant.objects.filter(case__published=True).values("actor_id"))
        return qs.filter(referred)
    return qs.filter(published=True)


def iter_records(
    rt: RecordType, *, public: bool, lookups: Lookups, queryset: QuerySet | None = None
) -> Iterator[dict[str, Any]]:
    """Every exportable record of a type (or of `queryset`), sorted by external_id, in chunks.

    A public export narrows `queryset` further to what may be published.
    """
    if queryset is None:
        qs = public_queryset(rt.name) if public else MODELS[rt.name]._default_manager.all()
    elif public:
        qs = queryset.filter(id__in=public_queryset(rt.name).values("id"))
    else:
        qs = queryset
    rows = qs.order_by("external_id").values(*PARENT_FIELDS[rt.name]).iterator(chunk_size=CHUNK)
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from serialize_rows(rt.name, chunk, public=public, lookups=lookups)
            chunk = []
    if chunk:
        yield from serialize_rows(rt.name, chunk, public=public, lookups=lookups)


STREAM_CHUNK = 64 * 1024  # characters handed to the response at a time


def stream_lines(
    format_: Format,
    rt: RecordType,
    fields: tuple[Field, ...],
    records: Iterable[dict[str, Any]],
    *,
    spreadsheet_safe: bool = False,
) -> Iterator[str]:
    """The file `format_.writer` would write, yielded in pieces: no temporary file, and memory
    bounded by one chunk however many records there are (a web export streams this)."""
    buffer = io.StringIO()
    writer = format_.stream_writer(buffer, rt, fields, spreadsheet_safe=spreadsheet_safe)
    for record in records:
        writer.write(record)
        if buffer.tell() >= STREAM_CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    tail = buffer.getvalue()
    writer.close()
    if tail:
        yield tail
