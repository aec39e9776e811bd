"""`speechwatch triage train | models | rollback N`: the model-version subcommands.

The `triage` management command adds these subparsers (`add_parsers`) and dispatches to
`run(name, options, out)`; they print plain text and raise CommandError with a clear message
on bad input, changing nothing.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, Protocol

from django.core.management.base import CommandError

from speechwatch.audit.record import Who
from speechwatch.triage.evaluation import PRF

NAMES = ("train", "models", "rollback")


class Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


CLI = Who(label="cli")


def add_parsers(sub: Any) -> None:
    """`sub` is the ArgumentParser's subparsers action of the triage command."""
    train = sub.add_parser("train", help="retrain from corpus, incidents and inbox decisions")
    train.add_argument("--no-activate", action="store_true", help="store without using it")
    train.add_argument("--taxonomy", default=None, help="taxonomy code (default: the installed)")
    train.add_argument("--json", action="store_true", help="print the report as JSON")
    sub.add_parser("models", help="list the stored model versions")
    rollback = sub.add_parser("rollback", help="make model version N the active one")
    rollback.add_argument("number", type=int)


def _summary(report: dict[str, Any]) -> str:
    parts = []
    for lang, m in (report.get("violation") or {}).items():
        parts.append(f"F1 {lang}={PRF(m['tp'], m['fp'], m['fn']).f1:.3f}")
    if "top3" in report:
        parts.append(f"top-3 {report['top3']['accuracy']:.3f}")
    if "brier" in report:
        parts.append(f"Brier {report['brier']:.3f}")
    return ", ".join(parts)


def run(name: str, options: dict[str, Any] | argparse.Namespace, out: Writer) -> None:
    from speechwatch.triage import actions
    from speechwatch.triage.models import ModelVersion

    opts = vars(options) if isinstance(options, argparse.Namespace) else options
    if name == "train":
        try:
            version = actions.train_version(
                CLI, activate=not opts.get("no_activate"), taxonomy=opts.get("taxonomy")
            )
        except actions.ModelError as exc:
            raise CommandError(str(exc)) from exc
        if opts.get("json"):
            out.write(json.dumps(version.report, ensure_ascii=False, indent=2) + "\n")
            return
        state = "active" if version.active else "stored, not active"
        out.write(f"model version {version.number} ({state}); trained on {version.trained_on}\n")
        out.write(f"cross-validated: {_summary(version.report)}\n")
        out.write(f"thresholds: {version.thresholds}\n")
    elif name == "models":
        rows = ModelVersion.objects.defer("blob").order_by("-number")
        if not rows:
            out.write("no model versions: the starter model (shipped corpus) is in use\n")
        for v in rows:
            mark = "*" if v.active else " "
            out.write(
                f"{mark} {v.number:>4}  {v.created_at:%Y-%m-%d %H:%M}  {v.created_by_label:<16} "
                f"{v.trained_on.get('items', 0):>6} items  {_summary(v.report)}\n"
            )
    elif name == "rollback":
        try:
            version = actions.activate(CLI, int(opts["number"]))
        except actions.ModelError as exc:
            raise CommandError(str(exc)) from exc
        out.write(f"model version {version.number} is active\n")
    else:
        raise CommandError(f"unknown subcommand {name!r}")
