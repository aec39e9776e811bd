"""Assertions shared by the per-format tests."""

from __future__ import annotations

import re

# Phrases carrying the April 2024 figures, in the order the published overview reads them.
EN_STAT_PHRASES = (
    "There were 20 reports",
    "2 reports involved obstruction",
    "8 reports related to the discrediting",
    "In 7 cases",
    "12 reports pertained",
    "5 cases of refusals",
    "3 cases of unauthorized access",
    "20 reports concerned pre-trial",
    "3 cases in criminal",
    "9 court and pre-trial claims",
    "8 administrative accusations",
    "2 under charges",
    "3 for defamation",
)
# Headings and landmarks of the English report, in order.
EN_LANDMARKS = (
    "Violations of freedom of speech in Kazakhstan April 2024",
    "presents an overview of events",
    "In April 2024, the following incidents were recorded:",
    "There were 20 reports",
    "Statistics",
    "EVENTS IN APRIL 2024",
    "April 6:",
    "April 22:",
    "April 25:",
    "LEGISLATIVE CHANGES",
    "April 5:",
    "April 17:",
    "Refusal of Accreditation to Azattyq Correspondents",
    "Let us remind, in January",
    "Detention of ProTenge Editor-in-Chief Jamila Maricheva",
    "Also in April:",
    "It became known in April",
    "The monitoring was prepared",
    "Elena Tsoy",
)


def flat(text: str) -> str:
    """Whitespace collapsed: line breaks from layout do not matter."""
    return " ".join(text.split())


def assert_in_order(text: str, needles: tuple[str, ...] | list[str]) -> None:
    pos = 0
    for needle in needles:
        found = text.find(needle, pos)
        assert found >= 0, f"{needle!r} missing after position {pos}: ...{text[pos : pos + 200]!r}"
        pos = found + len(needle)


def html_text(html: str) -> str:
    """Visible text of an HTML page (no style, no SVG), entities decoded."""
    import html as html_lib

    html = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return flat(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))
