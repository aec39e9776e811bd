"""/data/: the open-data page and the zip (built ahead by portal/opendata.py, served from disk)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from speechwatch.portal import opendata


def data_page(request: HttpRequest) -> HttpResponse:
    name, url = opendata.licence()
    info = opendata.built_info()
    if info is not None:
        info["built_text"] = str(info.get("built_at", ""))[:16].replace("T", " ") + " UTC"
    context = {
        "info": info,
        "licence_name": name,
        "licence_url": url,
        "dictionary": opendata.dictionary(),
        "filename": opendata.FILENAME,
    }
    return render(request, "portal/data.html", context)


def data_zip(request: HttpRequest) -> HttpResponse | FileResponse:
    path = opendata.zip_path()
    try:
        handle = path.open("rb")
    except OSError:
        # Not built yet (a new installation): start a build and say so, never a 500.
        opendata.schedule_build()
        pending = render(request, "portal/data_pending.html", status=503)
        pending["Retry-After"] = "120"
        pending["Cache-Control"] = "no-store"
        return pending
    response = FileResponse(
        handle, as_attachment=True, filename=opendata.FILENAME, content_type="application/zip"
    )
    response["Cache-Control"] = "public, max-age=600"
    return response
