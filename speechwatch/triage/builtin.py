"""Imports every built-in stage module so that each registers itself."""

from __future__ import annotations

import importlib

BUILTIN_MODULES = [
    # filled in as the stage modules land; a module listed here must exist
    "speechwatch.triage.language",  # and loader "lang_detector"
    "speechwatch.triage.legalstage",
    "speechwatch.triage.dates",
    "speechwatch.triage.place",  # and, through gazetteer.py, loader "gazetteer"
    "speechwatch.triage.actors",  # and loaders "actors", "ner"
    "speechwatch.triage.starter",  # loader "model"
    "speechwatch.triage.relevance",
    "speechwatch.triage.categories",  # and loader "taxonomy_profile"
    "speechwatch.triage.stories",  # and loader "story_index"
    "speechwatch.triage.links",  # and loader "link_targets"
]

for _name in BUILTIN_MODULES:
    importlib.import_module(_name)
