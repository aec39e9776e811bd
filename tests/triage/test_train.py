"""Training through the real actions: versions with reports, rollback, and the labels that come
from incident records and inbox decisions (a monitor's correction becomes a label)."""

from __future__ import annotations

import io

import pytest
from django.core.management.base import CommandError

from speechwatch.audit.models import AuditEvent
from speechwatch.audit.record import Who
from speechwatch.incidents.actions import change_status
from speechwatch.news.actions import add_text, decide
from speechwatch.triage import actions, modelcli, starter
from speechwatch.triage.context import LoadOptions
from speechwatch.triage.models import ModelVersion
from speechwatch.triage.train import decision_labels, incident_labels
from tests.triage.learnkit import DATA
from tests.workspace.helpers import make_incident

WHO = Who(label="test")


@pytest.fixture
def tiny_corpus(monkeypatch):
    monkeypatch.setattr("speechwatch.triage.train.CORPUS_DIR", DATA)


def _verified(n: int, **kw):
    inc = make_incident(n, **kw)
    for target in ("under_review", "verified"):
        inc = change_status(inc, target, who=WHO)
    return inc


def test_incident_records_are_positives_in_each_language(installed):
    _verified(1)
    make_incident(2)  # a draft teaches nothing
    labels = incident_labels("adilsoz-2024")
    assert {(x["id"], x["lang"]) for x in labels} == {
        ("incident:inc-t1:en", "en"),
        ("incident:inc-t1:ru", "ru"),
    }
    assert all(x["violation"] and x["codes"] == ["R.obstruction"] for x in labels)
    assert labels[0]["region"] == "almaty"
    assert incident_labels("jfj") and incident_labels("jfj")[0]["codes"] == []


def test_decisions_become_labels_with_corrections(installed):
    incident = make_incident(1)
    attached = add_text(WHO, text="Журналиста не пустили на брифинг в акимат.", lang="ru")
    corrected = add_text(WHO, text="Сайт газеты заблокирован без решения суда.", lang="ru")
    dismissed = add_text(WHO, text="Footballers won the cup.", lang="en")
    duplicate = add_text(WHO, text="Ещё одна копия заметки.", lang="ru")
    changed = add_text(WHO, text="Кеше әкімдікте журналистке кедергі жасалды.", lang="kk")
    decide(WHO, attached, "attached", incident_id=incident.pk)
    decide(
        WHO, corrected, "incident", incident_id=incident.pk, corrections={"codes": ["I.blocking"]}
    )
    decide(WHO, dismissed, "dismissed", reason="not_violation")
    decide(WHO, duplicate, "dismissed", reason="duplicate")
    decide(WHO, changed, "dismissed", reason="out_of_scope")
    decide(WHO, changed, "incident", incident_id=incident.pk, corrections={"violation": True})
    labels = {x["id"]: x for x in decision_labels("adilsoz-2024")}
    assert labels[f"news:{attached.pk}"]["codes"] == ["R.obstruction"]
    assert labels[f"news:{corrected.pk}"]["codes"] == ["I.blocking"]
    assert labels[f"news:{corrected.pk}"]["violation"] is True
    assert labels[f"news:{dismissed.pk}"]["violation"] is False
    assert labels[f"news:{dismissed.pk}"]["lang"] == "en"
    assert f"news:{duplicate.pk}" not in labels
    # only the latest decision on an item counts
    assert labels[f"news:{changed.pk}"]["violation"] is True
    assert labels[f"news:{changed.pk}"]["lang"] == "kk"


def test_train_rollback_and_the_model_loader(installed, tiny_corpus):
    make_incident(1)
    first = actions.train_version(WHO)
    assert (first.number, first.active, first.taxonomy) == (1, True, "adilsoz-2024")
    assert first.trained_on["from_corpus"] == 30 and first.trained_on["violations"] >= 15
    assert set(first.report) >= {"violation", "blocks", "top1", "top3", "brier", "bins"}
    assert set(first.report["violation"]) == {"all", "en", "kk", "ru"}
    assert first.thresholds == first.report["thresholds"]
    assert bytes(first.blob)

    second = actions.train_version(WHO, activate=False)
    assert second.number == 2 and not second.active
    assert starter.load_model(LoadOptions(use_db=True)).version == 1
    actions.activate(WHO, 2)
    assert list(ModelVersion.objects.filter(active=True).values_list("number", flat=True)) == [2]
    assert starter.load_model(LoadOptions(use_db=True)).version == 2

    out = io.StringIO()
    modelcli.run("rollback", {"number": 1}, out)
    assert "model version 1 is active" in out.getvalue()
    assert ModelVersion.objects.get(active=True).number == 1
    events = list(
        AuditEvent.objects.filter(object_type="model_version").values_list("action", "object_id")
    )
    assert ("triage.train", "1") in events and ("triage.train", "2") in events
    assert events.count(("triage.activate", "1")) == 2 and ("triage.activate", "2") in events

    out = io.StringIO()
    modelcli.run("models", {}, out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("     2") and lines[1].startswith("*    1")


def test_rollback_to_a_missing_version_changes_nothing(installed):
    with pytest.raises(CommandError, match="model version 7: no such version"):
        modelcli.run("rollback", {"number": 7}, io.StringIO())
    assert not AuditEvent.objects.filter(object_type="model_version").exists()


def test_without_stored_versions_the_starter_model_serves(installed, monkeypatch):
    monkeypatch.setattr(starter, "starter_model", lambda: "starter")
    assert starter.load_model(LoadOptions(use_db=True)) == "starter"
    out = io.StringIO()
    modelcli.run("models", {}, out)
    assert "starter model" in out.getvalue()


def test_train_without_enough_data_is_a_clear_error(installed, tmp_path, monkeypatch):
    (tmp_path / "one.jsonl").write_text(
        '{"id": "a", "lang": "ru", "title": "t", "text": "x", "violation": true, "codes": []}\n'
    )
    monkeypatch.setattr("speechwatch.triage.train.CORPUS_DIR", tmp_path)
    with pytest.raises(CommandError, match="at least 6 are needed"):
        modelcli.run("train", {}, io.StringIO())
    assert not ModelVersion.objects.exists()


def test_starter_model_is_trained_once_then_read_from_the_cache(tmp_path, settings, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tiny.jsonl").write_bytes((DATA / "tiny-corpus.jsonl").read_bytes())
    settings.VAR_DIR = tmp_path / "var"
    calls = []
    real = starter.train_corpus
    monkeypatch.setattr(starter, "train_corpus", lambda files: calls.append(1) or real(files))
    monkeypatch.setattr(starter, "_memory", {})
    model = starter.starter_model(corpus)
    assert model is not None and model.version == 0 and calls == [1]
    cached = list((tmp_path / "var" / "triage").glob("starter-*.pickle"))
    assert len(cached) == 1
    monkeypatch.setattr(starter, "_memory", {})  # a new process: read the file, no training
    assert starter.starter_model(corpus) is not None and calls == [1]
    (corpus / "tiny.jsonl").write_text("", encoding="utf-8")  # another corpus, another key
    monkeypatch.setattr(starter, "_memory", {})
    assert starter.starter_model(corpus) is None  # nothing to learn from: stages stay quiet
