"""What the staff pages share: tab labels, list filters, the htmx test, staff users."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from speechwatch.cases.models import Case
from speechwatch.incidents.filters import IncidentFilters, parse_filters
from speechwatch.incidents.models import Incident, Status
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy
from speechwatch.workspace import roles as R

TAB_LABELS = {
    "submissions": gettext_lazy("New submissions"),
    "draft": gettext_lazy("Drafts"),
    "under_review": gettext_lazy("Under review"),
    "verified": gettext_lazy("Verified, not published"),
    "missing": gettext_lazy("Missing category, region or source"),
    "duplicates": gettext_lazy("Suspected duplicates"),
}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _filters(request: HttpRequest, *, allow_status: bool) -> IncidentFilters:
    return parse_filters(request.GET, allow_status=allow_status)


def _query_without_cursor(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("cursor", None)
    return query.urlencode()


def _staff_users() -> list[User]:
    return list(
        User.objects.filter(is_active=True, groups__name__in=[R.MONITOR, R.EDITOR, R.ADMIN])
        .distinct()
        .order_by("username")
    )


def _filter_context(request: HttpRequest) -> dict[str, Any]:
    taxonomy = default_taxonomy()
    return {
        "categories": Category.objects.filter(taxonomy=taxonomy).order_by("position"),
        "regions": Region.objects.all(),
        "statuses": Status.choices,
    }


def _check_object(object_type: str, object_id: str) -> None:
    from speechwatch.intake.models import Submission

    models: dict[str, Any] = {"incident": Incident, "case": Case, "submission": Submission}
    model = models.get(object_type)
    if model is None or not model.objects.filter(external_id=object_id).exists():
        raise Http404(_("no such record"))
