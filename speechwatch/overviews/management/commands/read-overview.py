"""`speechwatch read-overview PATH... [--lang en|ru] [--dry-run] [--json] [--store]`.

Reads published overviews (.txt, .md, .html, .docx, .pdf) back into figures; a directory is read
recursively. By default every file is read and parsed before anything is written, and the writes
of all files happen in one transaction. `--store` (backfilling an archive) stores file by file:
a file that fails is reported and the run goes on; re-reading a file replaces its figures.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, transaction

from speechwatch.audit.record import Who
from speechwatch.overviews.actions import OverviewImportError, confirm_mapping, import_overview
from speechwatch.overviews.extract import ExtractError, extract_text
from speechwatch.overviews.orgs import organisation_for, refine_lang, refine_period
from speechwatch.overviews.parse import Overview
from speechwatch.overviews.queries import confirmed_mappings
from speechwatch.overviews.reader import build_mapper, read_text, to_json
from speechwatch.taxonomy.tree import TaxonomyDoc
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy


def _taxonomy(code: str) -> TaxonomyDoc:
    """The installed version when there is one (it may carry newer synonyms), else the file."""
    try:
        from speechwatch.taxonomy.queries import installed_doc

        doc = installed_doc(code)
        if doc is not None:
            return doc
    except DatabaseError:
        pass
    try:
        return load_taxonomy(builtin_taxonomy_path(code))
    except FileNotFoundError as exc:
        raise CommandError(f"--taxonomy: {exc}") from exc


READABLE = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")


def archive_files(paths: list[Path]) -> list[Path]:
    """Files as given; a directory contributes every readable file below it, in name order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in READABLE)
            )
        else:
            out.append(p)
    return list(dict.fromkeys(out))


class Command(BaseCommand):
    help = "Read published overviews back into structured statistics (PublishedStatistics)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="PATH", help="file or directory")
        parser.add_argument("--lang", choices=["en", "ru", "kk"], help="default: detected")
        parser.add_argument("--dry-run", action="store_true", help="parse and report only")
        parser.add_argument("--json", action="store_true", help="one JSON object per file")
        parser.add_argument(
            "--store",
            action="store_true",
            help="store file by file; report a failing file and go on (backfill an archive)",
        )
        parser.add_argument("--taxonomy", default=settings.DEFAULT_TAXONOMY)
        parser.add_argument("--organisation", default="", help="override the detected one")
        parser.add_argument(
            "--no-embeddings", action="store_true", help="skip the embedding matcher"
        )
        parser.add_argument(
            "--no-drafts", action="store_true", help="do not create draft events/incidents"
        )
        parser.add_argument(
            "--confirm",
            action="append",
            default=[],
            metavar="PHRASE=CODE",
            help="store a confirmed mapping before reading (repeatable)",
        )
        parser.add_argument("--as", dest="label", default="cli", help="name for the audit log")

    def handle(self, *args: Any, **options: Any) -> None:
        who = Who(label=options["label"])
        doc = _taxonomy(options["taxonomy"])
        for pair in options["confirm"]:
            phrase, sep, code = pair.rpartition("=")
            if not sep or not phrase.strip() or not code.strip():
                raise CommandError(f"--confirm {pair!r}: expected PHRASE=CODE")
            if options["dry_run"]:
                raise CommandError("--confirm stores a mapping: not with --dry-run")
            try:
                confirm_mapping(doc=doc, phrase=phrase.strip(), code=code.strip(), who=who)
            except ValueError as exc:
                raise CommandError(f"--confirm {pair!r}: {exc}") from exc
        try:
            confirmed = confirmed_mappings(doc.code)
        except DatabaseError:
            confirmed = {}  # no database yet: a dry run still works
        mapper = build_mapper(doc, confirmed=confirmed, embeddings=not options["no_embeddings"])

        paths = archive_files(options["files"])
        if options["store"]:
            if options["dry_run"]:
                raise CommandError("--store writes: not with --dry-run")
            self._store_each(paths, mapper, doc.code, who, options)
            return

        read: list[tuple[Path, str, Overview]] = []
        for path in paths:
            try:
                text = extract_text(path)
            except ExtractError as exc:
                raise CommandError(f"{exc}; nothing written") from exc
            ov = self._read(text, mapper, doc.code, str(path), options)
            read.append((path, hashlib.sha256(text.encode()).hexdigest(), ov))

        results = {}
        if not options["dry_run"]:
            try:
                with transaction.atomic():
                    for path, sha, ov in read:
                        results[path] = import_overview(
                            ov,
                            sha256=sha,
                            taxonomy=doc.code,
                            who=who,
                            organisation=options["organisation"],
                            accept=mapper.accept,
                            drafts=not options["no_drafts"],
                        )
            except OverviewImportError as exc:
                raise CommandError(f"{exc}; nothing written") from exc

        for path, _sha, ov in read:
            if options["organisation"]:
                ov.organisation = options["organisation"]
            if options["json"]:
                data = to_json(ov)
                if path in results:
                    data["stored"] = {
                        "document": results[path].document.pk,
                        "figures": results[path].figures,
                        "needs_review": results[path].needs_review,
                    }
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                self._summary(ov, results.get(path))

    def _read(self, text: str, mapper: Any, taxonomy: str, source: str, options: Any) -> Overview:
        ov = read_text(text, mapper, lang=options["lang"], source=source)
        ov.organisation = options["organisation"] or organisation_for(taxonomy, ov.organisation)
        ov.period = refine_period(ov.title, ov.period)
        ov.lang = refine_lang(text, ov.lang)
        return ov

    def _store_each(
        self, paths: list[Path], mapper: Any, taxonomy: str, who: Who, options: Any
    ) -> None:
        """Backfill: each file in its own transaction; failures are reported, not fatal."""
        failed = 0
        for path in paths:
            try:
                text = extract_text(path)
                ov = self._read(text, mapper, taxonomy, str(path), options)
                result = import_overview(
                    ov,
                    sha256=hashlib.sha256(text.encode()).hexdigest(),
                    taxonomy=taxonomy,
                    who=who,
                    organisation=options["organisation"],
                    accept=mapper.accept,
                    drafts=not options["no_drafts"],
                )
            except (ExtractError, OverviewImportError) as exc:
                failed += 1
                self.stderr.write(f"{exc}; skipped")
                continue
            except Exception as exc:  # one bad file must not stop a long backfill
                failed += 1
                self.stderr.write(f"{path}: {type(exc).__name__}: {exc}; skipped")
                continue
            if options["json"]:
                data = to_json(ov)
                data["stored"] = {
                    "document": result.document.pk,
                    "figures": result.figures,
                    "needs_review": result.needs_review,
                }
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                self._summary(ov, result)
        self.stderr.write(f"{len(paths) - failed} of {len(paths)} files stored, {failed} failed")
        if failed:
            raise CommandError(f"{failed} file(s) could not be read; the others were stored")

    def _summary(self, ov: Overview, result: Any) -> None:
        period = ov.period.label if ov.period else "?"
        self.stdout.write(f"{ov.source}: {ov.organisation or '?'} {period} ({ov.lang})")
        for b in ov.blocks:
            items = ", ".join(f"{i.code or '?'}={i.count}" for i in b.items)
            more = " and others" if b.others else ""
            self.stdout.write(f"  {b.code or '?'}={b.total}: {items}{more}")
        dated = sum(1 for e in ov.entries if e.on)
        self.stdout.write(f"  {dated} dated entries, {len(ov.cases)} featured cases")
        for w in ov.warnings:
            self.stdout.write(f"  warning [{w.kind}] {w.message}")
        if result is not None:
            self.stdout.write(
                f"  stored: {result.figures} figures ({result.needs_review} need review), "
                f"{len(result.events)} draft events, {len(result.incidents)} draft incidents"
                + (" (replaced an earlier reading)" if result.replaced else "")
            )
