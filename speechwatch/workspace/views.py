"""Staff pages: review queue, incidents (list, page, editor), history, cases, search fragments.

Split along its seams into views_queue, views_incident, views_partials and views_cases (shared
helpers: views_common); this module re-exports every view so URLs and imports stay as they were.
"""

from __future__ import annotations

from speechwatch.workspace.views_cases import (
    case,
    case_defendant,
    case_link,
    case_new,
    case_publish,
    case_stage,
    cases,
)
from speechwatch.workspace.views_incident import (
    incident,
    incident_comment,
    incident_edit,
    incident_new,
    incident_status,
)
from speechwatch.workspace.views_partials import (
    actor_chip,
    actor_new,
    assign,
    lock,
    search_actors,
    search_categories,
    search_legal,
)
from speechwatch.workspace.views_queue import history, incidents, queue

__all__ = [
    "actor_chip",
    "actor_new",
    "assign",
    "case",
    "case_defendant",
    "case_link",
    "case_new",
    "case_publish",
    "case_stage",
    "cases",
    "history",
    "incident",
    "incident_comment",
    "incident_edit",
    "incident_new",
    "incident_status",
    "incidents",
    "lock",
    "queue",
    "search_actors",
    "search_categories",
    "search_legal",
]
