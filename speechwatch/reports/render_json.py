"""The computed figures of the overview as JSON, for re-use (dashboards, archives, checks).

Deterministic: keys sorted, fixed indentation, UTF-8 text kept as is (Cyrillic/Kazakh labels
stay readable). Only the figures and the report's identity: no narrative text.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from speechwatch.reports import formats
from speechwatch.reports.document import Report

__all__ = ["render_json"]


def _default(value: Any) -> Any:
    # Figures should already be JSON-ready; these keep a stray Decimal/date/set from failing.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"figures hold a value JSON cannot represent: {value!r}")


def render_json(report: Report) -> str:
    payload = {
        "month": report.month,
        "lang": report.lang,
        "template": report.template,
        "template_version": report.template_version,
        "version": report.version_label,
        "figures": report.figures,
    }
    return (
        json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=2, default=_default) + "\n"
    )


formats.register("json", "json", "application/json", render_json)
