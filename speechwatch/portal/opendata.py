"""Open data: the whole public data set as one zip, rebuilt after every publication.

The zip holds the public export (`interchange.actions.export_all(public=True)`, the same
filtering as `speechwatch export --public`: confidential fields and unpublished records never
get in) as JSON Lines and CSV, a data dictionary generated from the interchange schema, the
licence (setting SPEECHWATCH_OPEN_DATA_LICENCE) and the date. Building reads every record, which
takes minutes at a million incidents, so it never runs inside the request that publishes: a
publication schedules `build()` after its commit (a Celery task when a broker is configured,
else one background thread), and `speechwatch opendata build` builds it by hand. The portal
serves the last built file; until one exists it answers 503 with a page saying so.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model

from speechwatch.audit.record import Who
from speechwatch.interchange.schema import RECORD_TYPES, Field

log = logging.getLogger(__name__)

FILENAME = "speechwatch-open-data.zip"
SYSTEM = Who(label="open data")
# Audited actions after which the public data set differs: publishing and unpublishing.
PUBLISHING_ACTIONS = frozenset(
    {"incident.status", "case.publish", "report.publish", "interchange.import"}
)

LICENCES = {
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODbL 1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
}


def licence() -> tuple[str, str]:
    """(name, URL) of the licence; a name not in LICENCES has no URL."""
    name = str(getattr(settings, "SPEECHWATCH_OPEN_DATA_LICENCE", "") or "CC BY 4.0")
    return name, LICENCES.get(name, "")


def zip_path() -> Path:
    return Path(settings.VAR_DIR) / "opendata" / FILENAME


# --- the data dictionary (pure) ---------------------------------------------------------------

KIND_TEXT = {
    "version": "integer: the schema version",
    "type": "text: the record type",
    "str": "text",
    "bool": "true/false",
    "date": "date YYYY-MM-DD",
    "opt_date": "date YYYY-MM-DD or empty",
    "partial_date": "date YYYY-MM-DD, month YYYY-MM or empty",
    "datetime": "ISO 8601 date and time with offset, or empty",
    "enum": "one of the listed values",
    "text": "text per language (JSON: {en, ru, kk}; CSV: one column per language)",
    "str_list": "list of texts (JSON: array; CSV: joined with ' | ')",
    "objects": "list of objects (JSON: array; CSV: JSON text)",
    "int_or_null": "integer or empty",
}


def _field_entry(f: Field) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": f.name, "kind": f.kind, "meaning": KIND_TEXT[f.kind]}
    if f.required:
        entry["required"] = True
    if f.choices:
        entry["values"] = list(f.choices)
    if f.max_length:
        entry["max_length"] = f.max_length
    if f.item_fields:
        entry["item_fields"] = [_field_entry(x) for x in f.item_fields if not x.confidential]
    return entry


def dictionary() -> dict[str, Any]:
    """Every public field of every record type (the confidential ones are not in the files)."""
    return {
        rt.plural: {"record_type": rt.name, "fields": [_field_entry(f) for f in rt.public_fields()]}
        for rt in RECORD_TYPES
    }


def dictionary_markdown(data: dict[str, Any]) -> str:
    lines = ["# SpeechWatch open data: data dictionary", ""]
    lines.append("Files: `<name>.jsonl` (one JSON object a line) and `<name>.csv` (UTF-8).")
    for plural, spec in data.items():
        lines += ["", f"## {plural} (record type `{spec['record_type']}`)", ""]
        lines += ["| field | type | values |", "|---|---|---|"]
        for f in spec["fields"]:
            values = ", ".join(f"`{v}`" if v else '`""`' for v in f.get("values", []))
            lines.append(f"| `{f['name']}` | {f['meaning']} | {values} |")
            for sub in f.get("item_fields", []):
                subvalues = ", ".join(f"`{v}`" if v else '`""`' for v in sub.get("values", []))
                lines.append(f"| `{f['name']}.{sub['name']}` | {sub['meaning']} | {subvalues} |")
    return "\n".join(lines) + "\n"


def about_text(built_at: datetime, counts: dict[str, int]) -> str:
    name, url = licence()
    lines = [
        "SpeechWatch open data",
        "",
        f"Built: {built_at.isoformat(timespec='seconds')}",
        f"Licence: {name}" + (f" ({url})" if url else ""),
        "",
        "Published records only; confidential fields and sources are never included.",
        "Each record type comes as JSON Lines and as CSV; see data-dictionary.md.",
        "",
        *(f"{plural}: {n} records" for plural, n in counts.items()),
    ]
    return "\n".join(lines) + "\n"


# --- building -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    path: Path
    built_at: datetime
    counts: dict[str, int]


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def build(target: Path | None = None, *, who: Who = SYSTEM) -> Built:
    """Write the zip to a temporary name next to `target`, then rename it into place (a reader
    never sees half a file)."""
    from speechwatch.interchange.actions import export_all

    target = target or zip_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    built_at = datetime.now(UTC)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        tmpdir = Path(tmp)
        files = export_all(tmpdir / "data", public=True, fmt="jsonl", who=who)
        files += export_all(tmpdir / "data", public=True, fmt="csv", who=who)
        counts = {p.stem: _count_lines(p) for p in files if p.suffix == ".jsonl"}
        data = dictionary()
        name, url = licence()
        meta = {
            "built_at": built_at.isoformat(),
            "licence": name,
            "licence_url": url,
            "counts": counts,
        }
        partial = tmpdir / FILENAME
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("README.txt", about_text(built_at, counts))
            zf.writestr("LICENCE.txt", f"{name}\n{url}\n" if url else f"{name}\n")
            zf.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
            zf.writestr(
                "data-dictionary.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            )
            zf.writestr("data-dictionary.md", dictionary_markdown(data))
            for path in sorted(files):
                zf.write(path, path.name)
        os.replace(partial, target)
    log.info("open data built: %s %s", target, counts)
    return Built(target, built_at, counts)


def built_info(path: Path | None = None) -> dict[str, Any] | None:
    """The built zip's metadata.json (None when there is no readable zip)."""
    path = path or zip_path()
    try:
        with zipfile.ZipFile(path) as zf:
            info: dict[str, Any] = json.loads(zf.read("metadata.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    info["size"] = path.stat().st_size
    return info


# --- scheduling after a publication --------------------------------------------------------------

_state_lock = threading.Lock()
_state = {"running": False, "again": False}


def _run_in_thread() -> None:
    from django.db import connection

    try:
        while True:
            try:
                build()
            except Exception:  # a failed build keeps the previous file; the log says why
                log.exception("open data build failed")
            with _state_lock:
                if not _state["again"]:
                    _state["running"] = False
                    return
                _state["again"] = False
    finally:
        connection.close()


def schedule_build() -> None:
    """Rebuild soon, outside the current request: Celery when configured, else one thread
    (a publication while a build runs makes it build once more afterwards)."""
    if not getattr(settings, "SPEECHWATCH_OPEN_DATA_AUTOBUILD", True):
        return
    if settings.SPEECHWATCH_BROKER_URL:
        from speechwatch.portal.tasks import build_open_data

        build_open_data.delay()
        return
    with _state_lock:
        if _state["running"]:
            _state["again"] = True
            return
        _state["running"] = True
    threading.Thread(target=_run_in_thread, name="open-data-build", daemon=True).start()


def rebuild_on_publication(
    sender: Any, instance: Any, created: bool = False, **kwargs: Any
) -> None:
    """post_save of AuditEvent: after a publishing action commits, schedule a rebuild."""
    if not created:
        return
    if changes_public_data(instance.action, instance.before, instance.after) or (
        instance.action not in NEVER_PUBLIC and _is_public(instance.object_type, instance.object_id)
    ):
        transaction.on_commit(schedule_build)


# Audited actions that leave the public data as it was, whatever they touch.
NEVER_PUBLIC = frozenset(
    {"lock.acquire", "lock.take_over", "lock.release", "assign", "incident.comment"}
)


def _is_public(object_type: str, object_id: str) -> bool:
    """An edit of something already published changes the data set too."""
    from speechwatch.cases.models import Case
    from speechwatch.context.models import ContextEvent, LegislativeItem
    from speechwatch.incidents.models import Incident

    if object_type == "incident":
        return Incident.objects.filter(external_id=object_id, status="published").exists()
    models: dict[str, type[Model]] = {
        "case": Case,
        "event": ContextEvent,
        "legislation": LegislativeItem,
    }
    model = models.get(object_type)
    if model is None:
        return False
    return model._default_manager.filter(external_id=object_id, published=True).exists()


def changes_public_data(action: str, before: Any, after: Any) -> bool:
    """True for an audited action after which the public data set may differ."""
    if action == "incident.status":  # only a move into or out of "published"
        statuses = {(before or {}).get("status"), (after or {}).get("status")}
        return "published" in statuses
    return action in PUBLISHING_ACTIONS


def connect_signals() -> None:
    from django.db.models.signals import post_save

    from speechwatch.audit.models import AuditEvent

    post_save.connect(rebuild_on_publication, sender=AuditEvent, dispatch_uid="open-data-rebuild")
