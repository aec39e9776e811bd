"""Checks shown before a month is published. Pure: they read MonthData, figures and lines.

Each check returns ``Warning`` values (kind, subject, message); none of them blocks publishing:
the editor decides. Kinds: ``sum`` (listed items vs the block total), ``missing`` (an incident
without category, region or source), ``duplicate`` (suspected double entry), ``changed`` (a
figure that differs from the published version of the month).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from django.utils.translation import gettext as _
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from speechwatch.reports.counting import Figures
from speechwatch.reports.monthdata import CheckRow

__all__ = [
    "DUPLICATE_TITLE_SCORE",
    "Warning",
    "check_duplicates",
    "check_missing",
    "check_sums",
    "diff_lines",
]

Kind = Literal["sum", "missing", "duplicate", "changed"]
# token_set_ratio of two titles at or above this suggests the same incident entered twice.
DUPLICATE_TITLE_SCORE = 90


@dataclass(frozen=True)
class Warning:
    kind: Kind
    subject: str  # block code, incident external id(s) or figure path
    message: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.subject}: {self.message}"


def check_sums(figures: Figures) -> list[Warning]:
    """Blocks whose listed items do not add up to the total.

    Items covering fewer incidents than the block make the text say "and others"; items adding
    up to more than the block mean incidents counted in two items (right, but worth a look).
    """
    found = []
    for block in figures.blocks:
        listed = sum(item.count for item in block.items)
        if block.others:
            found.append(
                Warning(
                    "sum",
                    block.code,
                    _(
                        "listed items (%(items)s) add up to %(listed)d of %(total)d reports; "
                        "the text says 'and others'"
                    )
                    % {
                        "items": ", ".join(i.code for i in block.items) or _("none"),
                        "listed": listed,
                        "total": block.total,
                    },
                )
            )
        elif listed > block.total:
            found.append(
                Warning(
                    "sum",
                    block.code,
                    _(
                        "listed items add up to %(listed)d, more than the block total %(total)d "
                        "(some reports are counted in two items)"
                    )
                    % {"listed": listed, "total": block.total},
                )
            )
        for item in block.items:
            parts = sum(p.count for p in item.breakdown if p.kind == "category")
            if parts > item.count:
                found.append(
                    Warning(
                        "sum",
                        item.code,
                        _("breakdown adds up to %(parts)d, more than the item's %(count)d")
                        % {"parts": parts, "count": item.count},
                    )
                )
    return found


def check_missing(rows: Iterable[CheckRow]) -> list[Warning]:
    """Incidents recorded in the month lacking what publication needs."""
    found = []
    for row in rows:
        missing = [
            text
            for text, ok in (
                (_("no category"), bool(row.categories)),
                (_("no region"), bool(row.region)),
                (_("no source"), row.has_source),
            )
            if not ok
        ]
        if missing:
            found.append(
                Warning("missing", row.external_id, f"({row.status}) {', '.join(missing)}")
            )
    return found


def _title(row: CheckRow) -> str:
    return row.title.get("en") or row.title.get("ru") or row.title.get("kk") or ""


def check_duplicates(rows: Sequence[CheckRow], score: int = DUPLICATE_TITLE_SCORE) -> list[Warning]:
    """Suspected duplicates within the month: similar titles, or the same victim, category and
    date of occurrence."""
    found: dict[tuple[str, str], Warning] = {}
    titles = [_title(r).casefold() for r in rows]
    if len(rows) > 1:
        matrix = cdist(titles, titles, scorer=fuzz.token_set_ratio, score_cutoff=score)
        for i, j in zip(*matrix.nonzero(), strict=True):
            if i < j and titles[i] and titles[j]:
                a, b = rows[i].external_id, rows[j].external_id
                found[(a, b)] = Warning(
                    "duplicate",
                    f"{a} / {b}",
                    _("similar titles (%(score)d%%): %(title)s")
                    % {"score": int(matrix[i, j]), "title": repr(_title(rows[i]))},
                )
    by_key: dict[tuple[str, str, str], list[CheckRow]] = {}
    for row in rows:
        if row.occurred_on is None:
            continue
        for victim in row.victims:
            for category in row.categories:
                key = (victim, category, row.occurred_on.isoformat())
                by_key.setdefault(key, []).append(row)
    for (victim, category, day), same in by_key.items():
        for x, y in combinations(same, 2):
            pair = (x.external_id, y.external_id)
            found.setdefault(
                pair,
                Warning(
                    "duplicate",
                    f"{pair[0]} / {pair[1]}",
                    _("same victim %(victim)s, category %(category)s and date %(date)s")
                    % {"victim": victim, "category": category, "date": day},
                ),
            )
    return list(found.values())


def diff_lines(published: Sequence[str], current: Sequence[str]) -> list[Warning]:
    """Figure lines ("path: value") that differ between the published version and now."""
    old = dict(_split(line) for line in published)
    new = dict(_split(line) for line in current)
    found = []
    for path in dict.fromkeys([*old, *new]):
        before, after = old.get(path), new.get(path)
        if before != after:
            message = _("published %(before)s, now %(after)s") % {
                "before": before or "—",
                "after": after or "—",
            }
            found.append(Warning("changed", path, message))
    return found


def _split(line: str) -> tuple[str, str]:
    path, _, value = line.partition(": ")
    return path, value
