"""/api/v1/overviews: the published monthly overviews, their versions and downloads."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from speechwatch.incidents.filters import MONTH_PATTERN
from speechwatch.portal import archive
from speechwatch.portal.api.common import Lang, responses

router = Router(tags=["overviews"])

Month = Annotated[str, Field(pattern=MONTH_PATTERN, description="YYYY-MM, 1900..2200")]
Number = Annotated[int, Field(ge=1, le=2**31 - 1, description="version number")]


class RenditionOut(Schema):
    lang: Lang
    format: str = Field(description="html, pdf, docx, md or json")
    media_type: str
    url: str = Field(description="permanent download link")


class VersionOut(Schema):
    month: str
    number: int
    published_at: dt.datetime
    languages: list[Lang]
    note: str
    replaces: int | None = Field(description="the version this one corrected")
    replaced_by: int | None = Field(description="the version that corrected this one")
    corrected_on: dt.date | None
    replaced_on: dt.date | None
    renditions: list[RenditionOut]


class MonthOut(Schema):
    month: str
    latest: int = Field(description="number of the latest version")
    versions: list[VersionOut] = Field(description="newest first")


def _version(request: HttpRequest, v: archive.OverviewVersion) -> dict[str, Any]:
    return {
        "month": v.month,
        "number": v.number,
        "published_at": v.published_at,
        "languages": list(v.languages),
        "note": v.note,
        "replaces": v.replaces,
        "replaced_by": v.replaced_by,
        "corrected_on": v.corrected_on,
        "replaced_on": v.replaced_on,
        "renditions": [
            {
                "lang": r.lang,
                "format": r.fmt,
                "media_type": r.media_type,
                "url": request.build_absolute_uri(r.path),
            }
            for r in archive.renditions(v)
        ],
    }


def _month(request: HttpRequest, m: archive.OverviewMonth) -> dict[str, Any]:
    return {
        "month": m.month,
        "latest": m.latest.number,
        "versions": [_version(request, v) for v in m.versions],
    }


@router.get("/overviews", response=responses(list[MonthOut]))
def list_overviews(request: HttpRequest) -> list[dict[str, Any]]:
    """Every month with a published overview, newest first, with all versions and downloads."""
    return [_month(request, m) for m in archive.published_months()]


@router.get("/overviews/{month}", response=responses(MonthOut, params=True, missing=True))
def get_month(request: HttpRequest, month: Path[Month]) -> dict[str, Any]:
    found = archive.published_month(month)
    if found is None:
        raise HttpError(404, "no published overview for this month")
    return _month(request, found)


@router.get(
    "/overviews/{month}/{number}", response=responses(VersionOut, params=True, missing=True)
)
def get_version(request: HttpRequest, month: Path[Month], number: Path[Number]) -> dict[str, Any]:
    try:
        return _version(request, archive.version(month, number))
    except archive.NotPublished:
        raise HttpError(404, "no such published version") from None
