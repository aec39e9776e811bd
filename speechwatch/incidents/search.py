"""Text search over incidents, the same on SQLite and PostgreSQL.

SQLite's LIKE folds case for ASCII letters only, so "азаттык" would not find "Азаттык". Each
incident therefore keeps `search_text`: its titles, summaries and settlement, case-folded (and
ё → е), and a query matches words in it the same way on both databases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def search_text(parts: Iterable[str]) -> str:
    # No whitespace clean-up: query words hold none, and this runs for every imported row.
    return "\n".join(p for p in parts if p).casefold().replace("ё", "е")


def incident_search_text(
    title: Mapping[str, str], summary: Mapping[str, str], settlement: str
) -> str:
    """An incident's search_text: the one definition, for the actions and the importer."""
    return search_text([*title.values(), *summary.values(), settlement])


def search_words(query: str) -> list[str]:
    """The words of a query, folded like the indexed text; each must occur in an incident."""
    return list(dict.fromkeys(fold(query).split()))
