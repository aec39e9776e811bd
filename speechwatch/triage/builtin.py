"""Imports every built-in stage module so that each registers itself."""

from __future__ import annotations

import importlib

BUILTIN_MODULES = [
    # filled in as the stage modules land; a module listed here must exist
]

for _name in BUILTIN_MODULES:
    importlib.import_module(_name)
