"""Every role × every staff view and action: allowed or denied, as declared in roles.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User

from speechwatch.audit.record import Who
from speechwatch.cases.actions import create_case
from speechwatch.incidents.actions import change_status
from speechwatch.intake.actions import ReporterInput, SubmissionInput, submit
from tests.workspace.helpers import client_for, make_incident, make_users

ANON, CORR, MON, EDI, ADM = "anonymous", "correspondent", "monitor", "editor", "admin"
EVERYONE = {ANON, CORR, MON, EDI, ADM}
SIGNED_IN = {CORR, MON, EDI, ADM}
STAFF = {MON, EDI, ADM}
PUBLISHERS = {EDI, ADM}
ADMINS = {ADM}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: str
    allowed: frozenset[str]
    data: dict[str, Any] = field(default_factory=dict)
    denied_status: int = 403  # for signed-in roles without the right (object-level: 404)


def case(name: str, method: str, url: str, allowed: set[str], **kw: Any) -> Case:
    return Case(name, method, url, frozenset(allowed), **kw)


CASES = [
    case("queue", "get", "/work/", STAFF),
    case("queue-duplicates", "get", "/work/?tab=duplicates", STAFF),
    case("incident-list", "get", "/work/incidents/", STAFF),
    case("incident", "get", "/work/incidents/inc-t1/", STAFF),
    case("incident-edit", "get", "/work/incidents/inc-t1/edit/", STAFF),
    case("incident-new", "get", "/work/incidents/new/", STAFF),
    case("incident-history", "get", "/work/history/incident/inc-t1/", STAFF),
    case("search-categories", "get", "/work/search/categories/?q=attack", STAFF),
    case("search-actors", "get", "/work/search/actors/?q=test&role=victim", STAFF),
    case("search-legal", "get", "/work/search/legal/?q=274", STAFF),
    case("cases", "get", "/work/cases/", STAFF),
    case("case", "get", "/work/cases/case-t1/", STAFF),
    case("case-new", "get", "/work/cases/new/", STAFF),
    case("submissions", "get", "/work/submissions/", SIGNED_IN),
    case("submit-form", "get", "/work/submissions/new/", SIGNED_IN),
    case("own-submission", "get", "/work/submissions/{own}/", SIGNED_IN),
    case("others-submission", "get", "/work/submissions/{other}/", STAFF, denied_status=404),
    case("two-factor", "get", "/accounts/two-factor/", PUBLISHERS),
    case("password-change", "get", "/accounts/password/change/", SIGNED_IN),
    case("public-report", "get", "/report/", EVERYONE),
    case("login", "get", "/accounts/login/", {ANON}),
    case("users", "get", "/work/users/", ADMINS),
    case("user-new", "get", "/work/users/new/", ADMINS),
    case("user", "get", "/work/users/demo-monitor/", ADMINS),
    case("news-inbox", "get", "/work/inbox/", STAFF),
    case("news-sources", "get", "/work/sources/", STAFF),
    case("news-source-new", "get", "/work/sources/new/", PUBLISHERS),
    case("triage-models", "get", "/work/triage/models/", PUBLISHERS),
    case("overviews-unmapped", "get", "/work/overviews/unmapped/", PUBLISHERS),
    case(
        "overviews-map-phrase",
        "post",
        "/work/overviews/unmapped/",
        PUBLISHERS,
        data={"taxonomy": "gdf", "phrase": "Вызовы на допрос", "code": "V.other"},
    ),
    # actions
    case(
        "status-review",
        "post",
        "/work/incidents/inc-t1/status/",
        STAFF,
        data={"target": "under_review"},
    ),
    case(
        "status-publish",
        "post",
        "/work/incidents/inc-t2/status/",
        PUBLISHERS,
        data={"target": "published"},
    ),
    case(
        "status-unpublish",
        "post",
        "/work/incidents/inc-t3/status/",
        PUBLISHERS,
        data={"target": "verified"},
    ),
    case("comment", "post", "/work/incidents/inc-t1/comments/", STAFF, data={"text": "checked"}),
    case("assign", "post", "/work/assign/incident/inc-t1/", STAFF, data={"user": "me"}),
    case("lock", "post", "/work/lock/incident/inc-t1/", STAFF, data={"op": "renew"}),
    case("take-over", "post", "/work/lock/incident/inc-t1/", PUBLISHERS, data={"op": "take_over"}),
    case("convert", "post", "/work/submissions/{own}/convert/", STAFF),
    case("reject", "post", "/work/submissions/{own}/reject/", STAFF, data={"note": "spam"}),
    case("merge", "post", "/work/submissions/{own}/merge/", STAFF, data={"incident": "inc-t1"}),
    case(
        "case-stage",
        "post",
        "/work/cases/case-t1/stage/",
        STAFF,
        data={"stage": "first_instance", "date": "2024-04-23", "claim_amount": "5000000"},
    ),
    case("case-link", "post", "/work/cases/case-t1/link/", STAFF, data={"incident": "inc-t1"}),
    case(
        "case-publish", "post", "/work/cases/case-t1/publish/", PUBLISHERS, data={"published": "1"}
    ),
    case(
        "case-create",
        "post",
        "/work/cases/new/",
        STAFF,
        data={"kind": "civil", "title_en": "A lawsuit"},
    ),
    case(
        "actor-new",
        "post",
        "/work/actors/new/",
        STAFF,
        data={
            "new-name": "Zzyzx Qwerty Media",
            "new-kind": "organisation",
            "new-type": "media_outlet",
            "new-role": "victim",
        },
    ),
    case(
        "user-create",
        "post",
        "/work/users/new/",
        ADMINS,
        data={"username": "new-person", "email": "new@example.org", "roles": ["monitor"]},
    ),
    case(
        "user-roles",
        "post",
        "/work/users/other-correspondent/roles/",
        ADMINS,
        data={"roles": ["correspondent", "monitor"]},
    ),
    case(
        "user-deactivate",
        "post",
        "/work/users/other-correspondent/active/",
        ADMINS,
        data={"active": "0"},
    ),
    case("user-two-factor-reset", "post", "/work/users/demo-editor/two-factor/", ADMINS),
    case("news-add", "post", "/work/inbox/add/", STAFF, data={"text": "A pasted story."}),
    case(
        "news-source-create",
        "post",
        "/work/sources/new/",
        PUBLISHERS,
        data={
            "name": "Feed",
            "kind": "rss",
            "url_or_path": "https://example.org/feed.xml",
            "poll_interval": "1800",
        },
    ),
    case("user-invite", "post", "/work/users/demo-monitor/invite/", ADMINS),
    case("triage-activate", "post", "/work/triage/models/999999/activate/", PUBLISHERS),
    case(
        "submit",
        "post",
        "/work/submissions/new/",
        SIGNED_IN,
        data={"what_happened": "A camera was taken away."},
    ),
]

WHO = Who(label="test")


@pytest.fixture
def world(installed) -> dict[str, Any]:
    users = make_users()
    make_incident(1)
    verified = make_incident(2)
    published = make_incident(3)
    for inc, path in (
        (verified, ["under_review", "verified"]),
        (published, ["under_review", "verified", "published"]),
    ):
        for target in path:
            inc = change_status(inc, target, who=WHO)
    create_case(
        kind="civil",
        title={"en": "Lawsuit"},
        opened_on=date(2024, 1, 10),
        external_id="case-t1",
        who=WHO,
    )
    own = submit(
        SubmissionInput(channel="correspondent", what_happened="Mine"),
        ReporterInput(user_id=users["correspondent"].pk),
        who=WHO,
    )
    other = submit(
        SubmissionInput(channel="correspondent", what_happened="Theirs"),
        ReporterInput(user_id=users["other"].pk),
        who=WHO,
    )
    return {"users": users, "own": own.external_id, "other": other.external_id}


def _user(world: dict[str, Any], role: str) -> User | None:
    return None if role == ANON else world["users"][role]


@pytest.mark.parametrize("role", [ANON, CORR, MON, EDI, ADM])
@pytest.mark.parametrize("item", CASES, ids=[c.name for c in CASES])
def test_role_matrix(world: dict[str, Any], item: Case, role: str) -> None:
    client = client_for(_user(world, role))
    url = item.url.format(own=world["own"], other=world["other"])
    response = getattr(client, item.method)(url, item.data)
    if role in item.allowed:
        assert response.status_code in (200, 302), (item.name, role, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif role == ANON:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif item.name == "login":
        assert response.status_code == 302  # already signed in: sent on
    else:
        assert response.status_code == item.denied_status, (item.name, role, response.status_code)
