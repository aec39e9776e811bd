"""Triage in the inbox, through the real actions: added items are scored and stored, the inbox
sorts by score and groups stories, suggestions are highlighted (escaped), a draft incident is
filled in from them, and a monitor's correction becomes a training label."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from speechwatch.incidents.actions import update_incident
from speechwatch.incidents.inputs import incident_input
from speechwatch.incidents.models import Incident
from speechwatch.news.highlight import highlight
from speechwatch.news.models import ItemTriage, NewsItem, TriageDecision
from speechwatch.news.triage_store import rescore, triage_from_json
from tests.workspace.helpers import SYSTEM, client_for, make_incident, make_users

# Written for this test, not taken from any outlet.
DETENTION_RU = (
    "В Алматы задержали журналиста Аскара Нурланова",
    "Вчера полиция Алматы задержала журналиста Аскара Нурланова после его репортажа о митинге "
    "у акимата. На него составили протокол по статье 488 КоАП РК. <script>alert(1)</script>",
)
DETENTION_EN = (
    "Almaty police detain journalist Askar Nurlanov",
    "Police in Almaty detained journalist Askar Nurlanov after he reported on a rally outside "
    "the city administration. He faces charges under Article 488 of the Administrative Code.",
)
SCHOOL_RU = (
    "В Астане открылась новая школа на 1200 мест",
    "Аким столицы открыл новую школу. В ней будут учиться 1200 детей, сообщили в акимате.",
)


@pytest.fixture
def world(installed) -> dict[str, Any]:
    users = make_users()
    client = client_for(users["monitor"])
    ids = {}
    for name, (title, text), lang in (
        ("ru", DETENTION_RU, "ru"),
        ("en", DETENTION_EN, "en"),
        ("school", SCHOOL_RU, "ru"),
    ):
        response = client.post(
            "/work/inbox/add/", {"title": title, "text": text, "url": "", "lang": lang}
        )
        assert response.status_code == 302, response.content[:500]
        ids[name] = NewsItem.objects.get(title=title).pk
    return {"client": client, "ids": ids}


def _triage(pk: int):
    return triage_from_json(f"news:{pk}", ItemTriage.objects.get(item_id=pk).result)


def test_added_items_are_scored_grouped_sorted_and_highlighted(world) -> None:
    ids, client = world["ids"], world["client"]
    items = {k: NewsItem.objects.get(pk=pk) for k, pk in ids.items()}
    assert items["ru"].triage_score > 0.5 > items["school"].triage_score >= 0
    ru = _triage(ids["ru"])
    assert ru.region == "almaty" and "AdmC 488" in ru.legal_refs and ru.codes
    # the English report (added later) joins the stored Russian one's story
    assert items["en"].story == items["ru"].story
    html = client.get("/work/inbox/").content.decode()
    assert html.index(DETENTION_RU[0]) < html.index(SCHOOL_RU[0])  # by score
    story = html[html.index(f'id="story-{items["ru"].story}"') :].split("</tr>")[0]
    assert f'value="{ids["ru"]}"' in story and f'value="{ids["en"]}"' in story
    assert "<mark>" in html and "<script>alert" not in html
    page = client.get(f"/work/inbox/{ids['ru']}/").content.decode()
    assert re.search(r"<mark>[^<]*статье 488", page)  # the phrase behind the legal reference
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert client.get("/work/inbox/?sort=newest").status_code == 200
    assert client.get("/work/inbox/?sort=sideways").status_code == 400


def test_draft_incident_is_filled_in_and_corrections_become_labels(
    world, django_capture_on_commit_callbacks
) -> None:
    ids, client = world["ids"], world["client"]
    suggested = _triage(ids["ru"])
    response = client.post("/work/inbox/decide/", {"action": "incident", "items": [ids["ru"]]})
    assert response.status_code == 302
    incident = Incident.objects.get(news_items__pk=ids["ru"])
    assert incident.region is not None and incident.region.code == "almaty"
    assert [str(r) for r in incident.legal_refs.all()] == ["AdmC 488"]
    codes = list(incident.category_links.values_list("category__code", flat=True))
    assert codes and codes[0] == suggested.codes[0].code
    decision = TriageDecision.objects.get(item_id=ids["ru"])
    assert decision.suggestions["region"] == "almaty" and decision.corrections == {}
    assert decision.suggestions["codes"][0] == codes[0] and decision.suggestions["score"] > 0.5

    # the monitor moves the incident to another region: that correction is the label
    data = incident_input(incident)
    data.region = "karaganda"
    with django_capture_on_commit_callbacks(execute=True):
        update_incident(incident, data, who=SYSTEM, expected_version=incident.version)
    decision.refresh_from_db()
    assert decision.corrections == {"region": "karaganda"}


def test_attaching_to_a_different_incident_records_the_differences(world) -> None:
    ids, client = world["ids"], world["client"]
    incident = make_incident(5, region="karaganda", categories=["R.obstruction"])
    response = client.post(
        "/work/inbox/decide/",
        {"action": "attach", "items": [ids["en"]], "incident": incident.external_id,
         "version": incident.version},
    )  # fmt: skip
    assert response.status_code == 302
    decision = TriageDecision.objects.get(item_id=ids["en"])
    assert decision.corrections["region"] == "karaganda"
    assert decision.corrections["codes"] == ["R.obstruction"]


def test_rescore_triages_stored_items_again(world) -> None:
    before = {r.item_id: r.triaged_at for r in ItemTriage.objects.all()}
    assert rescore(None) == 3
    after = {r.item_id: r.triaged_at for r in ItemTriage.objects.all()}
    assert all(after[k] > before[k] for k in before)
    out = StringIO()
    call_command("triage", "rescore", "--since", "2000-01-01", stdout=out)
    assert out.getvalue() == "rescored 3 item(s)\n"
    with pytest.raises(CommandError, match="--since 'soon'"):
        call_command("triage", "rescore", "--since", "soon")


@pytest.mark.parametrize(
    "spans, html",
    [
        ([(0, 3, "a<b")], "<mark>a&lt;b</mark> &amp; c"),
        ([(0, 3, "a<b"), (2, 5, "b &")], "<mark>a&lt;b &amp;</mark> c"),  # overlapping: merged
        ([(4, 99, "")], "a&lt;b &amp; c"),  # outside the text: skipped
        ([(0, 3, "xyz")], "a&lt;b &amp; c"),  # the text changed since: not marked
        ([(3, 1, "")], "a&lt;b &amp; c"),
    ],
)
def test_highlight_escapes_and_marks_only_valid_spans(spans, html) -> None:
    assert highlight("a<b & c", spans) == html
