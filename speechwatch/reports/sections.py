"""The narrative sections: statistics lead, events, legislative changes, featured cases,
"also in <month>", methodology. Pure: no queries."""

from __future__ import annotations

from collections.abc import Sequence

from speechwatch.reports.comparisons import published_note
from speechwatch.reports.document import Entry, FeaturedCase, Section
from speechwatch.reports.language import format_date, month_name, month_phrase
from speechwatch.reports.monthdata import CaseData, IncidentBrief, MonthData
from speechwatch.reports.overrides import Overrides
from speechwatch.reports.phrasing import Paragraph, month_values, render_text
from speechwatch.reports.template import ReportTemplate
from speechwatch.reports.wording import (
    BECAME_KNOWN,
    FIXED_TEXTS,
    STAGE_LABELS,
    TextPicker,
    capitalise,
    decap,
    fill,
)

__all__ = [
    "also_section",
    "events_section",
    "featured_section",
    "legislation_section",
    "methodology_section",
    "statistics_section",
]


def statistics_section(
    t: TextPicker, tpl: ReportTemplate, data: MonthData, paragraphs: Sequence[Paragraph]
) -> Section:
    lead = t.own("statistics") or (render_text(tpl, "statistics", t.lang, data.year, data.month))
    return Section(
        key="statistics",
        heading=t.fixed("heading:statistics"),
        lead=lead or "",
        statistics=tuple(paragraphs),
    )


def events_section(t: TextPicker, tpl: ReportTemplate, data: MonthData) -> Section:
    entries = []
    for event in data.events:
        own = t.own(f"event:{event.external_id}")
        picked = (own, None) if own else t.pick(event.text, f"event {event.external_id}")
        if picked is None:
            picked = t.pick(event.title, f"event {event.external_id} (title)")
        if picked is None:
            t.warnings.append(f"event {event.external_id}: no text in any language; left out")
            continue
        entries.append(
            Entry(
                date_label=format_date(t.lang, event.date),
                text=picked[0],
                fallback_lang=picked[1],
                date_iso=event.date.isoformat(),
            )
        )
    heading = t.own("heading:events") or render_text(tpl, "events", t.lang, data.year, data.month)
    return Section(key="events", heading=heading or "", entries=tuple(entries))


def legislation_section(t: TextPicker, tpl: ReportTemplate, data: MonthData) -> Section:
    entries = []
    for stage in data.legislation:
        where = f"legislation {stage.item_external_id}"
        own = t.own(f"legislation:{stage.item_external_id}")
        picked = (own, None) if own else t.pick(stage.note, where)
        if picked is None:
            label = STAGE_LABELS.get(stage.stage, {}).get(t.lang, stage.stage)
            picked = (capitalise(label) + ".", None)
        heading = t.pick(stage.item_title, f"{where} (title)")
        entries.append(
            Entry(
                date_label=format_date(t.lang, stage.date),
                text=picked[0],
                heading=heading[0] if heading else stage.item_external_id,
                fallback_lang=picked[1] or (heading[1] if heading else None),
                date_iso=stage.date.isoformat(),
            )
        )
    title = t.own("heading:legislation") or render_text(
        tpl, "legislation", t.lang, data.year, data.month
    )
    return Section(key="legislation", heading=title or "", entries=tuple(entries))


def _when(lang: str, year: int, month: int, report_year: int) -> str:
    if year != report_year:
        return month_phrase(lang, year, month, "in").removeprefix("in ")
    if lang == "en":
        return month_name("en", month)
    if lang == "ru":
        return "в " + month_name("ru", month, "prepositional")
    return month_name("kk", month, "locative")


def _case(t: TextPicker, data: MonthData, case: CaseData) -> FeaturedCase | None:
    where = f"case {case.external_id}"
    title = t.pick(case.title, f"{where} (title)")
    if title is None:
        t.warnings.append(f"{where}: no title in any language; left out")
        return None
    fallback = title[1]
    own = t.own(f"case:{case.external_id}")
    if own:
        paragraphs = [p.strip() for p in own.split("\n\n") if p.strip()]
        return FeaturedCase(title=title[0], paragraphs=tuple(paragraphs), fallback_lang=fallback)
    start = data.period.start
    paragraphs = []
    summary = t.pick(case.summary, f"{where} (summary)")
    if summary:
        paragraphs.append(summary[0])
        fallback = fallback or summary[1]
    # Earlier history, one sentence per month: "In January, …".
    earlier: dict[tuple[int, int], list[str]] = {}
    for incident in case.incidents:
        if incident.recorded_on < start:
            picked = t.pick(incident.title, f"{where}: incident {incident.external_id}")
            if picked:
                day = incident.occurred_on or incident.recorded_on
                earlier.setdefault((day.year, day.month), []).append(picked[0])
                fallback = fallback or picked[1]
    for stage in case.stages:
        if stage.date < start:
            picked = t.pick(stage.note, f"{where}: stage {stage.date}")
            if picked:
                earlier.setdefault((stage.date.year, stage.date.month), []).append(picked[0])
                fallback = fallback or picked[1]
    for (year, month), texts in sorted(earlier.items()):
        sentences = [s.strip().rstrip(".") + "." for s in texts]
        body = " ".join([decap(sentences[0]), *sentences[1:]])
        when = _when(t.lang, year, month, data.year)
        paragraphs.append(fill(t.fixed("history"), when=when, text=body))
    for stage in case.stages:
        if data.period.contains(stage.date):
            picked = t.pick(stage.note, f"{where}: stage {stage.date}")
            text = picked[0] if picked else capitalise(stage.stage.replace("_", " ")) + "."
            if picked:
                fallback = fallback or picked[1]
            paragraphs.append(f"{format_date(t.lang, stage.date)}: {text}")
    return FeaturedCase(title=title[0], paragraphs=tuple(paragraphs), fallback_lang=fallback)


def featured_section(t: TextPicker, data: MonthData, overrides: Overrides) -> Section:
    chosen = (
        overrides.featured_cases if overrides.featured_cases is not None else data.default_featured
    )
    by_id = {c.external_id: c for c in data.cases}
    cases = []
    for ext in chosen:
        case = by_id.get(ext)
        if case is None:
            t.warnings.append(f"featured case {ext}: not a published case; left out")
            continue
        featured = _case(t, data, case)
        if featured is not None:
            cases.append(featured)
    return Section(
        key="featured_cases", heading=t.fixed("heading:featured_cases"), cases=tuple(cases)
    )


def _also_text(t: TextPicker, data: MonthData, incident: IncidentBrief) -> tuple[str, str | None]:
    where = f"also {incident.external_id}"
    own = t.own(f"also:{incident.external_id}")
    if own:
        return own, None
    picked = t.pick(incident.summary, where) or t.pick(incident.title, f"{where} (title)")
    if picked is None:
        return incident.external_id, None
    text, used = picked
    earlier = incident.occurred_on is not None and incident.occurred_on < data.period.start
    said = BECAME_KNOWN.get(used or t.lang, "")
    if earlier and said not in text[:80].lower():
        values = month_values(used or t.lang, data.year, data.month)
        pattern = t.fixed("became_known") if used is None else FIXED_TEXTS["became_known"][used]
        marker = f"[{used}] " if used else ""
        body = text.removeprefix(marker)
        text = marker + fill(pattern, month_in_short=values["month_in_short"], text=decap(body))
    return text, used


def also_section(t: TextPicker, tpl: ReportTemplate, data: MonthData, ov: Overrides) -> Section:
    by_id = {i.external_id: i for i in data.incidents}
    entries = []
    for ext in ov.also:
        incident = by_id.get(ext)
        if incident is None:
            t.warnings.append(
                f"also {ext}: not a published incident recorded in {data.key}; left out"
            )
            continue
        text, used = _also_text(t, data, incident)
        dated = (
            incident.occurred_on is not None
            and incident.occurred_precision == "day"
            and data.period.contains(incident.occurred_on)
        )
        entries.append(
            Entry(
                date_label=format_date(t.lang, incident.occurred_on)
                if dated and incident.occurred_on
                else "",
                text=text,
                fallback_lang=used,
                date_iso=incident.occurred_on.isoformat() if incident.occurred_on else "",
            )
        )
    heading = t.own("heading:also") or render_text(tpl, "also", t.lang, data.year, data.month)
    return Section(key="also", heading=heading or "", entries=tuple(entries))


def methodology_section(
    t: TextPicker, tpl: ReportTemplate, data: MonthData, note: bool = False
) -> Section:
    text = t.own("methodology") or render_text(tpl, "methodology", t.lang, data.year, data.month)
    paragraphs = [text] if text else []
    if note:  # charts drawn from published figures, no comparisons section to say so
        paragraphs.append(published_note(t, data.published_months))
    return Section(
        key="methodology", heading=t.fixed("heading:methodology"), paragraphs=tuple(paragraphs)
    )
