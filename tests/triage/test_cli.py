"""`speechwatch triage classify | evaluate`: the stable JSON shape and clear errors on bad input."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_model(monkeypatch):
    """The command's contract, not the model: the learned model (trained from the shipped
    corpus on first use, covered by the relevance tests) is left out so these tests stay fast;
    relevance and categories then run on the taxonomy prior alone."""
    import speechwatch.triage.builtin  # noqa: F401  (registers the loaders first)
    from speechwatch.triage.context import LOADERS

    monkeypatch.setitem(LOADERS, "model", lambda options: None)


KEYS = {
    "file",
    "lang",
    "violation",
    "score",
    "codes",
    "date",
    "region",
    "settlement",
    "legal_refs",
    "actors",
    "cluster",
}


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("triage", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_classify_prints_one_json_object_per_file(tmp_path):
    ru = _write(
        tmp_path / "ru.txt",
        "Журналиста задержали в Караганде\n"
        "Вчера полиция задержала журналиста портала «Орда» Ивана Петрова по ч.2 ст.274 УК РК.\n",
    )
    kk = _write(tmp_path / "kk.txt", "Тілші ұсталды\nҚарағандыда кеше полиция тілшіні ұстады.")
    en = _write(tmp_path / "en.txt", "A reporter in Oskemen was fined on Monday.")
    out, _ = _run("classify", "--json", ru, kk, en, "--published", "2024-03-20")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in rows] == [ru, kk, en]
    assert all(set(r) == KEYS for r in rows)
    assert rows[0]["lang"] == "ru" and rows[0]["region"] == "karaganda"
    assert rows[0]["date"] == "2024-03-19" and rows[0]["legal_refs"] == ["PC 274(2)"]
    assert {"name": "Иван Петров", "type": "person"} in rows[0]["actors"]
    assert (rows[1]["lang"], rows[1]["date"]) == ("kk", "2024-03-19")
    assert (rows[2]["lang"], rows[2]["region"], rows[2]["date"]) == (
        "en",
        "east_kazakhstan",
        "2024-03-18",
    )
    assert all(isinstance(r["cluster"], str) for r in rows)


def _bad(tmp_path, *args: str) -> str:
    out = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("triage", *args, stdout=out)
    assert exc.value.returncode == 2
    assert out.getvalue() == ""
    return str(exc.value)


def test_classify_bad_input_names_the_file_and_prints_nothing(tmp_path):
    good = _write(tmp_path / "good.txt", "Журналиста задержали в Караганде")
    missing = str(tmp_path / "missing.txt")
    assert f"{missing}: no such file" in _bad(tmp_path, "classify", "--json", good, missing)
    latin1 = _write(tmp_path / "latin1.txt", "Société générale", "latin-1")
    assert f"{latin1}: not UTF-8" in _bad(tmp_path, "classify", "--json", latin1)
    empty = _write(tmp_path / "empty.txt", " \n\n")
    assert f"{empty}: empty file" in _bad(tmp_path, "classify", "--json", empty)
    assert "--published" in _bad(tmp_path, "classify", good, "--published", "20.03.2024")


def test_evaluate_prints_metrics_and_rejects_bad_lines(tmp_path):
    item = {
        "id": "t1",
        "lang": "ru",
        "title": "Журналиста задержали в Караганде",
        "text": "Вчера полиция задержала журналиста по ч.2 ст.274 УК РК.",
        "published": "2024-03-20",
        "violation": True,
        "codes": ["R.detention"],
        "date": "2024-03-19",
        "region": "karaganda",
        "legal_refs": ["PC 274(2)"],
    }
    labels = _write(tmp_path / "labels.jsonl", json.dumps(item, ensure_ascii=False) + "\n")
    out, _ = _run("evaluate", labels, "--json")
    report = json.loads(out)
    assert report["items"] == 1
    assert report["region"]["right"] == 1 and report["legal"]["right"] == 1
    bad = _write(tmp_path / "bad.jsonl", json.dumps(item) + "\n{not json\n")
    assert f"{bad}:2: not JSON" in _bad(tmp_path, "evaluate", bad)
    assert "none.jsonl: cannot read" in _bad(tmp_path, "evaluate", str(tmp_path / "none.jsonl"))
