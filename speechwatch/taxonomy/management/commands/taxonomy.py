"""`manage.py taxonomy show|validate|diff|install`: parse arguments, call, print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from speechwatch.audit.record import Who
from speechwatch.taxonomy import queries
from speechwatch.taxonomy.actions import TaxonomyInstallError, install_taxonomy, planned_conflicts
from speechwatch.taxonomy.crosswalk import crosswalk_header, is_crosswalk, load_crosswalk
from speechwatch.taxonomy.models import Taxonomy
from speechwatch.taxonomy.tree import Problem, TaxonomyDoc, TaxonomyError, diff, walk
from speechwatch.taxonomy.yamlload import (
    DEFAULT_CODE,
    builtin_codes,
    builtin_taxonomy_path,
    load_taxonomy,
)

CLI = Who(label="cli")
T = TypeVar("T")


class Command(BaseCommand):
    help = "Show, validate, diff and install taxonomies (docs/taxonomy.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        show = sub.add_parser("show", help="print a taxonomy as an indented tree")
        show.add_argument("source", nargs="?", help="installed or built-in code, or a file")
        show.add_argument("--lang", default="en", help="label language (en, ru, kk)")
        show.add_argument("--synonyms", action="store_true", help="also print synonyms")
        validate = sub.add_parser("validate", help="check taxonomy or crosswalk files")
        validate.add_argument("paths", nargs="+")
        diff_p = sub.add_parser("diff", help="what NEW changes compared to OLD")
        diff_p.add_argument("old", help="installed or built-in code, or a file")
        diff_p.add_argument("new", help="installed or built-in code, or a file")
        install = sub.add_parser("install", help="install or update a taxonomy")
        install.add_argument("source", help="a file or a built-in code")
        install.add_argument("--default", action="store_true", help="make it the default")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"do_{options['subcommand']}")(options)

    # -- subcommands ---------------------------------------------------------------------------

    def do_show(self, options: dict[str, Any]) -> None:
        source = options["source"]
        if source is None:
            default = self.db_lookup(queries.default_taxonomy)
            source = default.code if default else DEFAULT_CODE
        doc = self.resolve(source)
        lang = options["lang"]
        self.stdout.write(f"{doc.code} v{doc.version}: {doc.title.get(lang) or doc.title['en']}")
        width = max(len(n.code) + 2 * n.depth for n in doc.nodes)
        for node in walk(doc):
            indent = "  " * node.depth
            self.stdout.write(f"{indent}{node.code:<{width - len(indent)}}  {node.label(lang)}")
            if options["synonyms"]:
                for synonym in node.synonyms.get(lang, []):
                    self.stdout.write(f"{indent}{'':<{width - len(indent)}}    = {synonym}")

    def do_validate(self, options: dict[str, Any]) -> None:
        problems: list[Problem] = []
        for path in options["paths"]:
            found = self.validate_one(path)
            problems += found
            if not found:
                self.stdout.write(f"{path}: ok")
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            files = len({p.file for p in problems})
            raise CommandError(f"{len(problems)} problem(s) in {files} file(s)")

    def do_diff(self, options: dict[str, Any]) -> None:
        old, new = self.resolve(options["old"]), self.resolve(options["new"])
        result = diff(old, new)
        if result.is_empty:
            self.stdout.write("no changes")
        for line in result.lines():
            self.stdout.write(line)
        installed = self.db_lookup(lambda: queries.get_taxonomy(new.code))
        if installed is None:
            return
        reasons, affected = planned_conflicts(installed, new)
        if not affected:
            self.stdout.write(f"incidents affected (installed {installed}): none")
            return
        self.stdout.write(f"incidents affected (installed {installed}):")
        for code, ids in sorted(affected.items()):
            self.stdout.write(f"  {code} ({reasons[code]}): {', '.join(ids)}")

    def do_install(self, options: dict[str, Any]) -> None:
        source = options["source"]
        doc = self.load_file(Path(source)) if Path(source).is_file() else self.builtin(source)
        try:
            taxonomy = install_taxonomy(doc, who=CLI, make_default=options["default"])
        except TaxonomyInstallError as exc:
            raise CommandError(str(exc)) from exc
        default = " (default)" if taxonomy.is_default else ""
        count = taxonomy.categories.count()
        self.stdout.write(f"installed {taxonomy.code} v{taxonomy.version}{default}: {count} codes")

    # -- helpers -------------------------------------------------------------------------------

    def resolve(self, source: str) -> TaxonomyDoc:
        """A file if it exists, else the installed taxonomy with that code, else a built-in one."""
        if Path(source).is_file():
            return self.load_file(Path(source))
        try:
            installed = self.db_lookup(lambda: queries.installed_doc(source))
        except TaxonomyError as exc:
            raise CommandError(f"installed taxonomy {source} is unreadable: {exc}") from exc
        return installed if installed is not None else self.builtin(source)

    @staticmethod
    def db_lookup(query: Callable[[], T]) -> T | None:
        """Run a read; without a migrated database (e.g. validating files in CI) or without an
        installed taxonomy, find nothing."""
        try:
            return query()
        except (DatabaseError, Taxonomy.DoesNotExist):
            return None

    def builtin(self, code: str) -> TaxonomyDoc:
        try:
            path = builtin_taxonomy_path(code)
        except FileNotFoundError:
            raise CommandError(
                f"{code!r} is neither a file, an installed taxonomy, nor a built-in one "
                f"({', '.join(builtin_codes())})"
            ) from None
        return self.load_file(path)

    def load_file(self, path: Path) -> TaxonomyDoc:
        try:
            return load_taxonomy(path)
        except TaxonomyError as exc:
            for problem in exc.problems:
                self.stdout.write(str(problem))
            raise CommandError(
                f"{path}: invalid taxonomy ({len(exc.problems)} problem(s), listed above)"
            ) from exc

    def validate_one(self, path: str) -> list[Problem]:
        try:
            if not Path(path).is_file():
                return [Problem(path, 0, "file", "no such file")]
            if not is_crosswalk(Path(path)):
                load_taxonomy(Path(path))
                return []
            source, target = crosswalk_header(Path(path))
            load_crosswalk(Path(path), self.resolve(source), self.resolve(target))
        except TaxonomyError as exc:
            return exc.problems
        return []
