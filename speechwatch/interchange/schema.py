"""The interchange record schema (docs/interchange.md) as data.

Both formats, the validator, the exporter and the tests read these specs, so a field is declared
once: its kind, whether it is required, its allowed values and whether it is confidential.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

SCHEMA_VERSION = 1
LANGS = ("en", "ru", "kk")

# External ids (and references to them) end up in URLs, file names and log lines: ASCII letters,
# digits and . _ : -, starting with a letter or digit, at most 120 characters (the model columns).
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._:-]{0,119}"
is_id = re.compile(ID_PATTERN, re.ASCII).fullmatch
ID_RULE = "letters, digits and . _ : - only, starting with a letter or digit, at most 120"
# A claim amount is stored in a 64-bit column.
MAX_INT = 2**63 - 1

FieldKind = Literal[
    "version",  # schema_version: the int 1
    "type",  # the record type name
    "str",
    "bool",
    "date",  # YYYY-MM-DD, required
    "opt_date",  # YYYY-MM-DD or ""
    "partial_date",  # YYYY-MM-DD, YYYY-MM or ""
    "datetime",  # ISO datetime with offset, or ""
    "enum",
    "text",  # {"en": ..., "ru": ..., "kk": ...}
    "str_list",
    "objects",  # list of objects described by item_fields
    "int_or_null",
]


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    required: bool = False
    confidential: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 0
    item_fields: tuple[Field, ...] = ()
    # For "objects": an item whose boolean key of this name is true is confidential as a whole.
    confidential_when: str = ""
    ids: bool = False  # the value (each item of a list) is an external id: ID_PATTERN
    url: bool = False  # a non-empty value (each item) must be an http(s) link: lib.urls

    def default(self) -> Any:
        if self.kind in ("str_list", "objects"):
            return []
        if self.kind == "text":
            return {}
        if self.kind == "bool":
            return False
        if self.kind == "int_or_null":
            return None
        if self.kind == "enum":
            return self.choices[0]
        return ""


@dataclass(frozen=True)
class RecordType:
    name: str
    plural: str  # file stem: actors.jsonl, actors.csv
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def public_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.confidential)


def _head(type_name: str) -> tuple[Field, ...]:
    return (
        Field("schema_version", "version", required=True),
        Field("type", "type", required=True, choices=(type_name,)),
        Field("external_id", "str", required=True, max_length=120, ids=True),
    )


_TAIL_PUBLISHED = (
    Field("published", "bool"),
    Field("is_demo", "bool"),
    Field("internal_notes", "str", confidential=True),
)

ACTOR_TYPES = (
    "unknown",
    "journalist",
    "blogger",
    "media_outlet",
    "newsmaker",
    "state_body",
    "official",
    "court",
    "law_enforcement",
    "company",
    "private_person",
)
STATUSES = ("draft", "under_review", "verified", "published", "rejected")
SOURCE_KINDS = ("url", "outlet", "correspondent", "document")
CASE_KINDS = ("other", "criminal", "civil", "administrative")
CASE_STAGES = (
    "pre_trial_claim",
    "investigation",
    "charge",
    "first_instance",
    "appeal",
    "cassation",
    "mediation",
    "closed",
)
OUTCOMES = ("", "for_media", "against_media", "settled", "dropped")
DEFENDANT_STATUSES = (
    "suspect",
    "charged",
    "defendant",
    "convicted",
    "acquitted",
    "released",
    "claim_satisfied",
    "claim_dismissed",
    "settled",
    "dropped",
)
EVENT_KINDS = ("", "statement", "emergency", "parliament", "government", "court", "other")
LEGISLATION_KINDS = ("", "law", "bill", "code", "concept", "regulation")
LEGISLATION_STAGES = (
    "concept",
    "draft",
    "submitted",
    "majilis_first_reading",
    "majilis_second_reading",
    "senate",
    "signed",
    "in_force",
    "withdrawn",
    "other",
)

SOURCE_FIELDS = (
    Field("kind", "enum", required=True, choices=SOURCE_KINDS),
    Field("url", "str", max_length=1000, url=True),
    Field("outlet", "str", max_length=300),
    Field("title", "str", max_length=500),
    Field("published_on", "opt_date"),
    Field("confidential", "bool"),
    Field("correspondent", "str", confidential=True, max_length=300),
)

CASE_STAGE_FIELDS = (
    Field("stage", "enum", required=True, choices=CASE_STAGES),
    Field("date", "date", required=True),
    Field("body", "str", max_length=300),
    Field("claim_amount", "int_or_null"),
    Field("outcome", "enum", choices=OUTCOMES),
    Field("note", "text"),
)

DEFENDANT_FIELDS = (
    Field("actor", "str", required=True, max_length=120, ids=True),
    Field("status", "enum", required=True, choices=DEFENDANT_STATUSES),
    Field("status_on", "opt_date"),
)

LEGISLATION_STAGE_FIELDS = (
    Field("stage", "enum", required=True, choices=LEGISLATION_STAGES),
    Field("date", "date", required=True),
    Field("note", "text"),
)

ACTOR = RecordType(
    "actor",
    "actors",
    (
        *_head("actor"),
        Field("kind", "enum", required=True, choices=("person", "organisation")),
        Field("actor_type", "enum", choices=ACTOR_TYPES),
        Field("name", "str", required=True, max_length=300),
        Field("name_variants", "str_list"),
        Field("is_demo", "bool"),
        Field("internal_notes", "str", confidential=True),
    ),
)

INCIDENT = RecordType(
    "incident",
    "incidents",
    (
        *_head("incident"),
        Field("recorded_on", "date", required=True),
        Field("occurred_on", "partial_date"),
        Field("title", "text"),
        Field("summary", "text"),
        Field("region", "str"),
        Field("settlement", "str", max_length=200),
        Field("taxonomy", "str"),
        Field("categories", "str_list"),
        Field("primary_category", "str"),
        Field("victims", "str_list", ids=True),
        Field("perpetrators", "str_list", ids=True),
        Field("legal_refs", "str_list"),
        Field("sources", "objects", item_fields=SOURCE_FIELDS, confidential_when="confidential"),
        Field("status", "enum", choices=STATUSES),
        Field("status_changed_at", "datetime"),
        Field("tags", "str_list", max_length=80),
        Field("is_demo", "bool"),
        Field("internal_notes", "str", confidential=True),
    ),
)

CASE = RecordType(
    "case",
    "cases",
    (
        *_head("case"),
        Field("kind", "enum", choices=CASE_KINDS),
        Field("title", "text"),
        Field("summary", "text"),
        Field("opened_on", "opt_date"),
        Field("incidents", "str_list", ids=True),
        Field("stages", "objects", item_fields=CASE_STAGE_FIELDS),
        Field("defendants", "objects", item_fields=DEFENDANT_FIELDS),
        *_TAIL_PUBLISHED,
    ),
)

EVENT = RecordType(
    "event",
    "events",
    (
        *_head("event"),
        Field("date", "date", required=True),
        Field("kind", "enum", choices=EVENT_KINDS),
        Field("title", "text"),
        Field("text", "text"),
        Field("region", "str"),
        Field("source_urls", "str_list", url=True),
        *_TAIL_PUBLISHED,
    ),
)

LEGISLATION = RecordType(
    "legislation",
    "legislation",
    (
        *_head("legislation"),
        Field("kind", "enum", choices=LEGISLATION_KINDS),
        Field("title", "text"),
        Field("summary", "text"),
        Field("stages", "objects", item_fields=LEGISLATION_STAGE_FIELDS),
        *_TAIL_PUBLISHED,
    ),
)

# Import order: records may refer only to types earlier in this tuple.
RECORD_TYPES: tuple[RecordType, ...] = (ACTOR, INCIDENT, CASE, EVENT, LEGISLATION)
BY_NAME: dict[str, RecordType] = {rt.name: rt for rt in RECORD_TYPES}
BY_PLURAL: dict[str, RecordType] = {rt.plural: rt for rt in RECORD_TYPES}


def confidential_paths() -> Iterator[tuple[str, str]]:
    """(record type, dotted path) of each confidential field: ("incident", "sources.correspondent").

    An "objects" field with `confidential_when` yields ("incident", "sources[confidential]"): such
    items are confidential as a whole.
    """
    for rt in RECORD_TYPES:
        for f in rt.fields:
            if f.confidential:
                yield rt.name, f.name
            if f.confidential_when:
                yield rt.name, f"{f.name}[{f.confidential_when}]"
            for sub in f.item_fields:
                if sub.confidential:
                    yield rt.name, f"{f.name}.{sub.name}"
