"""Read a published overview's plain text back into structure. Pure: no ORM, no I/O.

    parse_overview(text, mapper, lang=None, source="") -> Overview

The text is split into lines (bullets dropped, glued numbers "26reports" split), then read top
to bottom: the title (the period named there wins), the intro (a different month there is a
warning), the statistics (blocks, items, breakdowns, facet sentences, "and others", notes), then
the narrative: section headings, dated entries, featured case titles, "Also in …" items, and the
closing method line. The mapper (mapping.py) turns each phrase into a taxonomy code and also
decides whether a counted clause is a block header or an item. domain.md ("How published
overviews vary") lists the variations this handles.
"""

from __future__ import annotations

from speechwatch.overviews.lines import prepare_lines
from speechwatch.overviews.mapping import Mapper, detect_lang
from speechwatch.overviews.periods import Period, find_date_at_start, find_periods
from speechwatch.overviews.readers import get_reader
from speechwatch.overviews.sections import (
    CLOSING_RE,
    find_organisation,
    fix_years,
    heading_kind,
    is_pubdate,
    read_narrative,
)
from speechwatch.overviews.types import (
    Block,
    Case,
    Entry,
    Item,
    Line,
    Overview,
    StatsInput,
    Warning,
)

__all__ = [
    "Block",
    "Case",
    "Entry",
    "Item",
    "Overview",
    "Warning",
    "parse_overview",
]


def parse_overview(
    text: str, mapper: Mapper, lang: str | None = None, source: str = ""
) -> Overview:
    lines = prepare_lines(text)
    lang = lang or detect_lang(text)
    warnings: list[Warning] = []
    if not lines:
        return Overview(
            source,
            lang,
            "",
            "",
            None,
            [],
            [],
            [],
            [],
            [],
            [],
            [Warning("empty", f"{source or 'input'}: no text")],
        )

    # Title: leading short lines without closing punctuation (an HTML title may span two).
    title_lines = [lines[0]]
    for ln in lines[1:3]:
        if (
            not find_periods(" ".join(t.text for t in title_lines), years=False)
            and len(ln.text) < 80
            and not ln.text.endswith((".", ":"))
            and heading_kind(ln.text) is None
            and not is_pubdate(ln.text)
        ):
            title_lines.append(ln)
        else:
            break
    title = " ".join(t.text for t in title_lines)
    pos = len(title_lines)
    # A publication date between the title and the intro ("17 may 2024") is neither.
    while pos < len(lines) and pos <= len(title_lines) + 1 and is_pubdate(lines[pos].text):
        pos += 1
    title_periods = [p for _, p in find_periods(title)]
    period = title_periods[0] if title_periods else None

    body = lines[pos:]
    reader = get_reader(getattr(mapper.doc, "code", ""))
    found = reader(StatsInput(body, lang, period, mapper, title))
    warnings.extend(found.warnings)
    first_stat = min(found.used) if found.used else None
    intro: list[Line] = []
    i = 0
    # The intro: until the statistics, a heading or a dated entry.
    while i < len(body):
        ln = body[i]
        if first_stat is not None and ln.no >= first_stat:
            break
        if heading_kind(ln.text) or CLOSING_RE.match(ln.text):
            break
        if find_date_at_start(ln.text, period.year if period else 2000)[0] is not None:
            break
        intro.append(ln)
        i += 1
    lo, hi = (min(found.used), max(found.used)) if found.used else (0, -1)
    rest = [ln for ln in body[i:] if not lo <= ln.no <= hi]
    # The first statistics line often opens with the period ("In the first half of 2019, 25 …").
    lead = [ln for ln in body if ln.no == first_stat][:1]
    intro_periods = [p for ln in [*intro, *lead] for _, p in find_periods(ln.text, years=False)]
    if period is None and intro_periods:
        period = intro_periods[0]
    if period is None:
        # An annual text: "… 2023" in the title or intro, with no month or quarter.
        years = [p for ln in [*title_lines, *intro, *lead] for _, p in find_periods(ln.text)]
        period = years[0] if years else None
    organisation = find_organisation([title, *(ln.text for ln in intro[:4])])

    entries, cases, headings = read_narrative(rest, period)
    if period is None:
        dated = [e.on for e in entries if e.on]
        if dated:
            period = Period("month", dated[0].year, dated[0].month)
            warnings.append(
                Warning(
                    "period_guessed",
                    f"no period named; taken from the first dated entry ({period.label})",
                )
            )
        else:
            warnings.append(
                Warning("no_period", "no month, quarter or year named in the title or intro")
            )
    if period is not None:
        fix_years(entries, period)
    if not found.blocks:
        warnings.append(Warning("no_statistics", "no statistics block found"))
    return Overview(
        source=source,
        lang=lang,
        title=title,
        organisation=organisation,
        period=period,
        intro_periods=intro_periods,
        blocks=found.blocks,
        entries=entries,
        cases=cases,
        headings=headings,
        grand_totals=found.grand_totals,
        warnings=warnings,
    )
