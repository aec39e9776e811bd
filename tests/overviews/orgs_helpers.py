"""Run an organisation's statistics reader on a fixture, as parse_overview hands it the lines."""

from __future__ import annotations

from pathlib import Path

from speechwatch.overviews.lines import prepare_lines
from speechwatch.overviews.periods import find_periods
from speechwatch.overviews.reader import build_mapper
from speechwatch.overviews.readers import get_reader
from speechwatch.overviews.types import StatsInput, StatsResult

FIXTURES = Path(__file__).parent / "fixtures_orgs"


def read_stats(text: str, taxonomy: str, lang: str = "ru") -> StatsResult:
    lines = prepare_lines(text)
    title, rest = lines[0].text, lines[1:]
    found = find_periods(title)
    mapper = build_mapper(taxonomy, embeddings=False)
    inp = StatsInput(rest, lang, found[0][1] if found else None, mapper, title=title)
    return get_reader(taxonomy)(inp)
