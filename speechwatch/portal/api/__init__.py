"""The public read API (django-ninja, /api/v1/, OpenAPI at /api/v1/openapi.json): published data
only. One module per resource; CORS, the rate limit and conditional GETs are in
portal/apimiddleware.py. docs/api.md describes every endpoint.
"""

from __future__ import annotations

from speechwatch.portal.api import cases, context, incidents, overviews, reference, statistics
from speechwatch.portal.api.schema import PublicAPI

api = PublicAPI(
    title="SpeechWatch public API",
    version="1",
    urls_namespace="api-v1",
    description="Published records of the monitoring only. See docs/api.md.",
)
for module in (incidents, cases, context, statistics, overviews, reference):
    api.add_router("/", module.router)

__all__ = ["api"]
