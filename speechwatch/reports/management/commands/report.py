"""`speechwatch report`: generate, check, publish and compare the monthly overview.

    speechwatch report --month 2024-04 --lang en,ru,kk --format html,md,docx,pdf,json --out DIR
    speechwatch report --month 2024-04 --published [N] --format pdf --out DIR
    speechwatch report check --month 2024-04
    speechwatch report publish --month 2024-04 [--lang en,ru,kk] [--note TEXT] [--as NAME]
    speechwatch report diff --month 2024-04
    speechwatch report overrides --month 2024-04 [--set FILE.json|FILE.yaml]
    speechwatch report history --month 2024-04

Files are written as DIR/<month>.<lang>.<extension> (2024-04.ru.pdf).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from speechwatch.audit.record import Who
from speechwatch.reports import formats
from speechwatch.reports.actions import publish, save_overrides
from speechwatch.reports.compose import OverridesError, month_key
from speechwatch.reports.document import Report
from speechwatch.reports.language import LANGUAGES, LanguageError
from speechwatch.reports.queries import (
    ReportNotFound,
    check_month,
    diff_against_published,
    draft,
    get_overrides,
    published_report,
    versions,
)
from speechwatch.reports.template import TemplateError
from speechwatch.taxonomy.models import Taxonomy

ACTIONS = ("render", "check", "publish", "diff", "overrides", "history")


def _list(value: str, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    items = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    if not items:
        raise CommandError(f"--{what}: empty (expected some of {', '.join(allowed)})")
    unknown = [v for v in items if v not in allowed]
    if unknown:
        raise CommandError(
            f"--{what}: unknown {', '.join(unknown)} (expected some of {', '.join(allowed)})"
        )
    return items


def _version_number(value: str) -> int | None:
    if value == "latest":
        return None
    if not value.isdigit() or int(value) < 1:
        raise CommandError(f"--published: {value!r} is not a version number (1, 2, …)")
    return int(value)


class Command(BaseCommand):
    help = "Generate the monthly overview (render, check, publish, diff, overrides, history)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", default="render", choices=ACTIONS)
        parser.add_argument("--month", required=True, help="YYYY-MM, e.g. 2024-04")
        parser.add_argument("--lang", default="", help="comma-separated: en,ru,kk (default all)")
        parser.add_argument("--format", default="md", help="comma-separated: html,md,docx,pdf,json")
        parser.add_argument("--out", default="", help="output directory (render)")
        parser.add_argument(
            "--published",
            nargs="?",
            const="latest",
            default=None,
            metavar="N",
            help="render the frozen published version (the latest, or version N)",
        )
        parser.add_argument("--note", default="", help="publication note (publish)")
        parser.add_argument("--as", dest="label", default="cli", help="name for the audit log")
        parser.add_argument("--set", dest="set_file", default="", help="overrides file (JSON/YAML)")

    def handle(self, *args: Any, **options: Any) -> None:
        month = options["month"]
        try:
            month_key(month)
        except ValueError as exc:
            raise CommandError(f"--month: {exc}") from exc
        langs = _list(options["lang"], LANGUAGES, "lang") if options["lang"] else None
        try:
            getattr(self, f"_{options['action']}")(month, langs, options)
        except (OverridesError, TemplateError, LanguageError, ReportNotFound) as exc:
            raise CommandError(str(exc).splitlines()[0]) from exc
        except Taxonomy.DoesNotExist as exc:
            raise CommandError(str(exc)) from exc

    def _render(self, month: str, langs: tuple[str, ...] | None, options: dict[str, Any]) -> None:
        if not options["out"]:
            raise CommandError("--out: required (the directory to write the files to)")
        fmts = _list(options["format"], formats.names(), "format")
        reports: dict[str, Report]
        if options["published"] is not None:
            number = _version_number(options["published"])
            found = versions(month)
            if not found:
                raise CommandError(f"{month}: not published yet (run `report publish` first)")
            languages = langs or tuple(r.lang for r in found[0].renditions.all())
            reports = {lang: published_report(month, lang, number) for lang in languages}
        else:
            current = draft(month, langs or ("en", "ru", "kk"))
            reports = current.reports
        out = Path(options["out"])
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"--out: cannot create {out}: {exc.strerror}") from exc
        for lang, report in reports.items():
            for name in fmts:
                fmt = formats.get(name)
                content = formats.render(report, name)
                path = out / f"{month}.{lang}.{fmt.extension}"
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content, encoding="utf-8")
                self.stdout.write(str(path))
            for warning in report.warnings:
                self.stderr.write(f"{lang}: {warning}")

    def _check(self, month: str, langs: tuple[str, ...] | None, options: dict[str, Any]) -> None:
        found = check_month(month)
        for warning in found:
            self.stdout.write(str(warning))
        self.stdout.write(f"{month}: {len(found)} warning(s)")

    def _publish(self, month: str, langs: tuple[str, ...] | None, options: dict[str, Any]) -> None:
        version = publish(month, who=Who(label=options["label"]), langs=langs, note=options["note"])
        languages = ", ".join(r.lang for r in version.renditions.all())
        self.stdout.write(f"{month}: published version {version.number} ({languages})")

    def _diff(self, month: str, langs: tuple[str, ...] | None, options: dict[str, Any]) -> None:
        changes = diff_against_published(month, langs)
        for change in changes:
            self.stdout.write(str(change))
        self.stdout.write(f"{month}: {len(changes)} difference(s) from the published version")

    def _overrides(
        self, month: str, langs: tuple[str, ...] | None, options: dict[str, Any]
    ) -> None:
        if options["set_file"]:
            path = Path(options["set_file"])
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except OSError as exc:
                raise CommandError(f"{path}: cannot read: {exc.strerror}") from exc
            except yaml.YAMLError as exc:
                raise CommandError(f"{path}: not valid JSON/YAML: {exc}".splitlines()[0]) from exc
            if not isinstance(data, dict):
                raise CommandError(f"{path}: expected a mapping at the top level")
            save_overrides(month, data, who=Who(label=options["label"]))
        self.stdout.write(json.dumps(get_overrides(month), ensure_ascii=False, indent=2))

    def _history(self, month: str, langs: tuple[str, ...] | None, options: dict[str, Any]) -> None:
        found = versions(month)
        if not found:
            self.stdout.write(f"{month}: not published")
        for v in found:
            self.stdout.write(
                f"v{v.number}  {v.published_at:%Y-%m-%d %H:%M}  {v.published_by}  "
                f"{v.template} v{v.template_version}  {v.note}".rstrip()
            )
