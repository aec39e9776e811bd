"""`speechwatch triage classify | evaluate | train | models | rollback`.

classify --json FILE... [--published YYYY-MM-DD] [--taxonomy CODE]
    Each FILE is the plain UTF-8 text of one news item (a first line followed by more text is
    the headline). Prints one JSON object per file and line (`Triage.as_json()`, docs/triage.md).
    Needs no stored news: only the installed taxonomy is read from the database.
evaluate LABELS.jsonl... [--json]
    Runs triage over labelled items and prints the metrics (speechwatch/triage/evaluation.py).
Bad input (a missing, empty or non-UTF-8 file, a bad labelled line) stops the command before
anything is printed, with an error naming the file (and line), exit code 2.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from speechwatch.triage import modelcli
from speechwatch.triage.types import Document, Triage

HEADLINE_MAX = 300  # a longer first line is body text, not a headline
BAD_INPUT = 2


def read_item(path: Path) -> tuple[str, str]:
    """(title, text) of one plain-text item; CommandError naming the file when unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file", returncode=BAD_INPUT) from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot read ({exc.strerror})", returncode=BAD_INPUT) from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8", returncode=BAD_INPUT
        ) from None
    lines = [line.strip() for line in content.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise CommandError(f"{path}: empty file", returncode=BAD_INPUT)
    if len(lines) > 1 and len(lines[0]) <= HEADLINE_MAX:
        return lines[0], "\n".join(lines[1:])
    return "", "\n".join(lines)


def _published(value: str | None, path: Path) -> date:
    if value:
        return date.fromisoformat(value)
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()


def _context(taxonomy: str | None) -> Any:
    """Everything without the database, except the installed taxonomy when there is one."""
    from speechwatch.triage.context import LOADERS, LoadOptions, load

    try:
        ctx = load(LoadOptions(use_db=False, taxonomy=taxonomy))
    except (FileNotFoundError, LookupError, ValueError) as exc:
        raise CommandError(f"--taxonomy {taxonomy}: {exc}", returncode=BAD_INPUT) from None
    if "taxonomy_profile" in LOADERS:
        # A fresh or absent database: keep the shipped taxonomy loaded above.
        with contextlib.suppress(Exception):
            ctx.parts["taxonomy_profile"] = LOADERS["taxonomy_profile"](
                LoadOptions(use_db=True, taxonomy=taxonomy)
            )
    return ctx


def _summary(t: Triage) -> str:
    codes = ", ".join(f"{c.code} {c.score:.2f}" for c in t.codes[:3]) or "-"
    verdict = "VIOLATION" if t.violation else "-"
    place = t.region or "-"
    if t.settlement:
        place += f" ({t.settlement})"
    return (
        f"{t.key}: {verdict} score {t.score:.2f} lang {t.lang or '-'} codes [{codes}] "
        f"date {t.date or '-'} region {place} legal {', '.join(t.legal_refs) or '-'} "
        f"cluster {t.cluster or '-'}"
    )


class Command(BaseCommand):
    help = "Triage news items: classify files, evaluate against labelled items, manage models."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        classify = sub.add_parser("classify", help="triage plain-text files (one item each)")
        classify.add_argument("files", nargs="+", metavar="FILE")
        classify.add_argument("--json", action="store_true", help="one JSON object per line")
        classify.add_argument("--published", default=None, help="YYYY-MM-DD (default: mtime)")
        classify.add_argument("--taxonomy", default=None, help="taxonomy code")
        evaluate = sub.add_parser("evaluate", help="metrics against labelled items (JSONL)")
        evaluate.add_argument("labels", nargs="+", metavar="LABELS.jsonl")
        evaluate.add_argument("--json", action="store_true", help="machine-readable report")
        evaluate.add_argument("--taxonomy", default=None, help="taxonomy code")
        modelcli.add_parsers(sub)
        rescore = sub.add_parser("rescore", help="triage stored news items again")
        rescore.add_argument("--since", default=None, help="YYYY-MM-DD (default: every item)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "classify":
            self.classify(options)
        elif action == "evaluate":
            self.evaluate(options)
        elif action == "rescore":
            from speechwatch.news.triage_store import rescore_cli

            rescore_cli(options.get("since"), self.stdout)
        else:
            modelcli.run(action, options, self.stdout)

    def classify(self, options: dict[str, Any]) -> None:
        from speechwatch.triage.stages import run

        if options["published"]:
            try:
                date.fromisoformat(options["published"])
            except ValueError:
                raise CommandError(
                    f"--published {options['published']!r}: expected YYYY-MM-DD",
                    returncode=BAD_INPUT,
                ) from None
        docs = []
        for name in options["files"]:
            path = Path(name)
            title, text = read_item(path)
            docs.append(Document(name, title, text, _published(options["published"], path)))
        results = run(docs, _context(options["taxonomy"]))
        for res in results:
            if options["json"]:
                self.stdout.write(json.dumps(res.as_json(), ensure_ascii=False))
            else:
                self.stdout.write(_summary(res))

    def evaluate(self, options: dict[str, Any]) -> None:
        from speechwatch.triage.evaluation import evaluate, render_json, render_text
        from speechwatch.triage.labelled import LabelError, read_labelled, to_document
        from speechwatch.triage.stages import run

        try:
            items = read_labelled(options["labels"])
        except LabelError as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        if not items:
            raise CommandError(
                f"{', '.join(options['labels'])}: no labelled items", returncode=BAD_INPUT
            )
        results = run([to_document(i) for i in items], _context(options["taxonomy"]))
        report = evaluate(items, results)
        self.stdout.write(
            render_json(report) if options["json"] else render_text(report), ending=""
        )
