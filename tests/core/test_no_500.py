"""No query string gives a 500: every public and every staff GET URL, fuzzed with hypothesis.

The URLs are discovered from the URL configuration (a new route without a sample below fails
`test_every_get_route_is_fuzzed`), filled with real ids from data made through the real actions
(the demo import, the intake form, the staff roles). Query strings mix the parameter names the
app reads with impossible dates, NUL bytes, unicode, over-long text and huge numbers.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechwatch.cases.models import Case
from speechwatch.demo.loader import load_demo
from speechwatch.incidents.models import Incident
from speechwatch.intake.models import Attachment
from speechwatch.portal.opendata import build as build_open_data
from tests.workspace.helpers import make_users

EXAMPLES = 40  # per URL: about 120 routes, so the file stays near a minute on the CI machine
# A month's report pages compose the whole overview (~0.2 s a request) and read only `lang` and
# `version`: fewer examples there keep the run short.
COSTLY = ("/work/reports/2",)
COSTLY_EXAMPLES = 15

# Every GET parameter the app reads anywhere, and a few it might one day.
PARAMS = [
    "month", "date_from", "date_to", "category", "region", "tag", "q", "status", "cursor",
    "limit", "tab", "assigned", "lang", "version", "role", "ext", "recent", "page", "next",
    "block", "format", "ordering", "language", "offset", "state", "user", "active",
    "dimension", "by", "from", "to", "code", "per",
]  # fmt: skip

IMPOSSIBLE = [
    "2024-02-30", "2024-02-31", "0000-00-00", "0000-01", "2024-13", "2024-00", "9999-12-31",
    "0001-01-01", "2024-02-29", "1899-12-31", "2201-01-01", "2024-04", "-2024-04-01",
    "2024-04-01.1", "2024-04-01.99999999999999999999999", "2024-04-01T00:00:00+05:00_1",
    "0001-01-01T00:00:00+05:00_1", "9999-12-31T23:59:59-05:00_1", "R", "R.obstruction",
    "almaty", "published", "draft", "me", "none", "en", "ru", "kk", "xx", "1", "-1", "0",
    str(2**63), str(10**40), "9" * 5000, "\x00", "a\x00b", "%", "é", "١٢", "²",
]  # fmt: skip

values = st.one_of(
    st.sampled_from(IMPOSSIBLE),
    st.text(max_size=30),
    st.integers().map(str),
    st.from_regex(r"-?[0-9]{1,5}-[0-9]{1,3}(-[0-9]{1,3})?", fullmatch=True),
    st.text(min_size=300, max_size=600),
)
pairs = st.lists(st.tuples(st.sampled_from(PARAMS) | st.text(max_size=8), values), max_size=5)


def query_string(items: list[tuple[str, str]]) -> str:
    # quote() with errors="surrogatepass" keeps lone surrogates as (invalid) UTF-8 bytes.
    return "&".join(
        f"{quote(k, safe='', errors='surrogatepass')}={quote(v, safe='', errors='surrogatepass')}"
        for k, v in items
    )


def _routes(patterns: list, prefix: str = "") -> list[str]:
    found: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            found += _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            found.append(prefix + str(p.pattern))
    return found


# A sample path for every route, with {placeholders} for ids only known once data exists.
SAMPLES = {
    "": "/",
    "incidents/<str:external_id>/": "/incidents/{published}/",
    "incidents/": "/incidents/",
    "statistics/": "/statistics/",
    "statistics/data.<str:fmt>": ["/statistics/data.csv", "/statistics/data.json"],
    "map/": "/map/",
    "export/incidents.<str:fmt>": ["/export/incidents.csv", "/export/incidents.jsonl"],
    "cases/": "/cases/",
    "cases/<str:code>/": "/cases/{case}/",
    "legislation/": "/legislation/",
    "events/": "/events/",
    "overviews/": "/overviews/",
    "overviews/<yyyymm:month>/": ["/overviews/2024-04/", "/overviews/2024-13/"],
    "overviews/<yyyymm:month>/v<int:number>/": "/overviews/2024-04/v1/",
    # PDF and DOCX renderings cost seconds each; their parameters are parsed by the same code.
    "overviews/<yyyymm:month>/v<int:number>/<str:lang>.<str:fmt>": "/overviews/2024-04/v1/en.json",
    "feeds/<str:lang>/incidents.atom": "/feeds/en/incidents.atom",
    "feeds/<str:lang>/overviews.atom": "/feeds/kk/overviews.atom",
    "sitemap.xml": "/sitemap.xml",
    "sitemaps/<str:section>-<int:page>.xml": "/sitemaps/incidents-1.xml",
    "data/": "/data/",
    "data/speechwatch-open-data.zip": "/data/speechwatch-open-data.zip",
    "api/v1/incidents": "/api/v1/incidents",
    "api/v1/": "/api/v1/",
    "api/v1/incidents/<external_id>": "/api/v1/incidents/{published}",
    "api/v1/taxonomy": "/api/v1/taxonomy",
    "api/v1/regions": "/api/v1/regions",
    "api/v1/cases": "/api/v1/cases",
    "api/v1/cases/<external_id>": "/api/v1/cases/{case}",
    "api/v1/events": "/api/v1/events",
    "api/v1/legislation": "/api/v1/legislation",
    "api/v1/legislation/<external_id>": "/api/v1/legislation/demo-leg-001",
    "api/v1/statistics": "/api/v1/statistics",
    "api/v1/overviews": "/api/v1/overviews",
    "api/v1/overviews/<month>": "/api/v1/overviews/2024-04",
    "api/v1/overviews/<month>/<number>": "/api/v1/overviews/2024-04/1",
    "api/v1/openapi.json": "/api/v1/openapi.json",
    "api/v1/docs": "/api/v1/docs",
    "report/": "/report/",
    "report/thanks/": "/report/thanks/",
    "work/submissions/": "/work/submissions/",
    "work/submissions/new/": "/work/submissions/new/",
    "work/submissions/<str:external_id>/": "/work/submissions/{submission}/",
    "work/submissions/<str:external_id>/files/<int:pk>/": (
        "/work/submissions/{submission}/files/{file}/"
    ),
    "work/submissions/<str:external_id>/convert/": "/work/submissions/{submission}/convert/",
    "work/submissions/<str:external_id>/merge/": "/work/submissions/{submission}/merge/",
    "work/submissions/<str:external_id>/reject/": "/work/submissions/{submission}/reject/",
    "work/": "/work/",
    "work/incidents/": "/work/incidents/",
    "work/incidents/new/": "/work/incidents/new/",
    "work/incidents/<str:external_id>/": "/work/incidents/{incident}/",
    "work/incidents/<str:external_id>/edit/": "/work/incidents/{incident}/edit/",
    "work/incidents/<str:external_id>/status/": "/work/incidents/{incident}/status/",
    "work/incidents/<str:external_id>/comments/": "/work/incidents/{incident}/comments/",
    "work/lock/<str:object_type>/<str:object_id>/": "/work/lock/incident/{incident}/",
    "work/assign/<str:object_type>/<str:object_id>/": "/work/assign/incident/{incident}/",
    "work/history/<str:object_type>/<str:object_id>/": "/work/history/incident/{incident}/",
    "work/search/categories/": "/work/search/categories/",
    "work/search/actors/": "/work/search/actors/",
    "work/search/legal/": "/work/search/legal/",
    "work/actors/chip/": "/work/actors/chip/",
    "work/actors/new/": "/work/actors/new/",
    "work/cases/": "/work/cases/",
    "work/cases/new/": "/work/cases/new/",
    "work/cases/<str:external_id>/": "/work/cases/{case}/",
    "work/cases/<str:external_id>/stage/": "/work/cases/{case}/stage/",
    "work/cases/<str:external_id>/link/": "/work/cases/{case}/link/",
    "work/cases/<str:external_id>/defendant/": "/work/cases/{case}/defendant/",
    "work/cases/<str:external_id>/publish/": "/work/cases/{case}/publish/",
    "work/users/": "/work/users/",
    "work/users/new/": "/work/users/new/",
    "work/users/<str:username>/": "/work/users/{username}/",
    "work/users/<str:username>/roles/": "/work/users/{username}/roles/",
    "work/users/<str:username>/active/": "/work/users/{username}/active/",
    "work/users/<str:username>/two-factor/": "/work/users/{username}/two-factor/",
    "work/users/<str:username>/invite/": "/work/users/{username}/invite/",
    "work/inbox/": ["/work/inbox/", "/work/inbox/?from=2024-02-30&state=x&cursor=zz"],
    "work/inbox/add/": "/work/inbox/add/",
    "work/inbox/decide/": "/work/inbox/decide/",
    "work/inbox/<int:pk>/": "/work/inbox/999999/",
    "work/sources/": "/work/sources/",
    "work/sources/new/": "/work/sources/new/",
    "work/sources/<int:pk>/": "/work/sources/999999/",
    "work/sources/<int:pk>/enabled/": "/work/sources/999999/enabled/",
    "work/sources/<int:pk>/delete/": "/work/sources/999999/delete/",
    "work/triage/models/": "/work/triage/models/",
    "work/triage/models/<int:number>/activate/": "/work/triage/models/999999/activate/",
    "work/overviews/unmapped/": "/work/overviews/unmapped/",
    "work/reports/": "/work/reports/",
    "work/reports/<str:month>/": ["/work/reports/2024-04/", "/work/reports/0000-01/"],
    "work/reports/<str:month>/overrides/": "/work/reports/2024-04/overrides/",
    "work/reports/<str:month>/checks/": "/work/reports/2024-04/checks/",
    "work/reports/<str:month>/frame/": "/work/reports/2024-04/frame/",
    "work/reports/<str:month>/publish/": "/work/reports/2024-04/publish/",
    "work/reports/<str:month>/preview/<str:lang>/": "/work/reports/2024-04/preview/en/",
    # PDF and DOCX renderings cost seconds each; their parameters are parsed by the same code.
    "work/reports/<str:month>/download/<str:lang>.<str:fmt>": (
        "/work/reports/2024-04/download/en.json"
    ),
}  # fmt: skip

# Routes that are not ours to fuzz: Django's language switch (POST) and the static files.
SKIPPED_PREFIXES = ("i18n/", "static/", "^static/")


def get_routes() -> list[str]:
    return [r for r in _routes(get_resolver().url_patterns) if not r.startswith(SKIPPED_PREFIXES)]


def _account_routes() -> dict[str, str]:
    # Sign-in, reset and two-factor pages: public GETs whose paths carry no ids worth filling.
    out = {}
    for route in get_routes():
        if route.startswith("accounts/"):
            out[route] = "/" + route.replace("<uidb64>", "MQ").replace("<token>", "set-password")
    return out


def test_every_get_route_is_fuzzed() -> None:
    missing = [r for r in get_routes() if r not in SAMPLES and not r.startswith("accounts/")]
    assert missing == [], "add a sample path to SAMPLES for each new route"


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def site(installed, settings, tmp_path) -> dict[str, str]:
    """Demo data through the importer, staff users through the role actions, a submission with
    an attachment through the public form; returns ids for the sample paths."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.VAR_DIR = tmp_path  # the open-data zip (built below: 503 until it exists)
    load_demo()
    build_open_data()
    users = make_users()
    form = {
        "what_happened": "Threats in comments",
        "attachments": [SimpleUploadedFile("p.png", PNG, content_type="image/png")],
    }
    assert Client(HTTP_HOST="localhost").post("/report/", form).status_code == 302
    attachment = Attachment.objects.select_related("submission").get()
    published = Incident.objects.filter(status="published").order_by("id").first()
    draft = Incident.objects.exclude(status="published").order_by("id").first()
    assert published is not None and draft is not None
    return {
        "published": published.external_id,
        "incident": draft.external_id,
        "case": Case.objects.order_by("id").first().external_id,  # type: ignore[union-attr]
        "submission": attachment.submission.external_id,
        "file": str(attachment.pk),
        "admin": str(users["admin"].pk),
        "username": users["editor"].username,
    }


def _paths(ids: dict[str, str]) -> tuple[list[str], list[str]]:
    public, staff = [], []
    for sample in {**SAMPLES, **_account_routes()}.values():
        for path in [sample] if isinstance(sample, str) else sample:
            filled = path.format(**ids)
            (staff if filled.startswith("/work/") else public).append(filled)
    return public, staff


def _fuzz(client: Client, path: str, failures: list[str]) -> None:
    @settings(
        max_examples=COSTLY_EXAMPLES if path.startswith(COSTLY) else EXAMPLES,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        deadline=None,
        database=None,
    )
    @given(items=pairs)
    def run(items: list[tuple[str, str]]) -> None:
        url = f"{path}?{query_string(items)}"
        response = client.get(url)
        if response.streaming:  # read it as a server would: errors mid-stream count too
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
        status = response.status_code
        if status >= 500:
            failures.append(f"{status} GET {url[:300]}")

    run()


def _clients(ids: dict[str, str]) -> tuple[Client, Client]:
    from django.contrib.auth.models import User

    anonymous = Client(raise_request_exception=False, HTTP_HOST="localhost")
    admin = Client(raise_request_exception=False, HTTP_HOST="localhost")
    admin.force_login(User.objects.get(pk=int(ids["admin"])))
    return anonymous, admin


@pytest.mark.django_db
def test_known_impossible_values_are_refused_not_500(site) -> None:
    """The requests that gave 500 before: impossible dates and months, everywhere they are read."""
    anonymous, admin = _clients(site)
    bad = [
        "date_from=2024-02-30",
        "date_to=2024-02-31",
        "date_from=0000-00-00",
        "month=0000-01",
        "month=2024-13",
        "date_to=2024-02-30&month=2024-00",
    ]
    for query in bad:
        for client, path in [
            (anonymous, "/"),
            (anonymous, "/api/v1/incidents"),
            (anonymous, "/export/incidents.csv"),
            (anonymous, "/export/incidents.jsonl"),
            (admin, "/work/incidents/"),
            (admin, "/work/?tab=draft"),
        ]:
            url = f"{path}{'&' if '?' in path else '?'}{query}"
            response = client.get(url)
            assert response.status_code in (400, 422), url
            name = query.split("=")[0]
            assert name.encode() in response.content, url
            if client is admin:  # the staff lists re-show the form above what was refused
                assert b'id="filter-errors"' in response.content, url
    for month in ["0000-01", "2024-13", "2024-00", "9999-01", "1899-12"]:
        assert admin.get(f"/work/reports/{month}/").status_code == 404
        assert admin.get(f"/work/reports/?month={month}").status_code == 200
        assert admin.get(f"/work/reports/{month}/preview/en/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("side", ["public", "staff"])  # two halves, so parallel runs split them
def test_no_query_string_gives_500_on_any_get_url(site, side: str) -> None:
    anonymous, admin = _clients(site)
    public, staff = _paths(site)
    failures: list[str] = []
    if side == "public":
        for path in public:
            _fuzz(anonymous, path, failures)
    else:
        for path in [*staff, "/api/v1/incidents", f"/incidents/{site['published']}/"]:
            _fuzz(admin, path, failures)
    assert not failures, "\n".join(failures)


BAD_PATH_VALUES = [
    "%00", "a%00b", "%F0%9F%92%A9", "%C3%28", "-1", "0", str(2**63), str(10**30), "x" * 3000,
    "..%2F..", "%20",
]  # fmt: skip


@pytest.mark.django_db
def test_no_id_in_a_path_gives_500(site) -> None:
    """Every id placeholder (incident, case, submission, file, user…) filled with garbage: a NUL
    (PostgreSQL refuses it in any comparison), invalid UTF-8, numbers beyond 64 bits."""
    anonymous, admin = _clients(site)
    templates = [
        path
        for sample in SAMPLES.values()
        for path in ([sample] if isinstance(sample, str) else sample)
        if "{" in path
    ]
    failures = []
    for template in templates:
        for bad in BAD_PATH_VALUES:
            path = template.format_map(dict.fromkeys(site, bad))
            for client in (anonymous, admin):
                status = client.get(path).status_code
                if status >= 500:
                    failures.append(f"{status} GET {path[:200]}")
    assert not failures, "\n".join(failures)
