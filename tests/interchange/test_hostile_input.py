"""Hostile input ends in the documented one-line problem, exit status 1 and an unchanged database.

Each case is a file (JSON Lines or CSV) whose line 2 carries one hostile thing; line 1 is a valid
record, so "nothing written" is checked against a record the import had already accepted.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechwatch import cli
from speechwatch.interchange.actions import ImportFailed, import_path
from speechwatch.interchange.decoding import MAX_DEPTH
from tests.interchange.conftest import WHO
from tests.interchange.records import actor, case, event, incident, row_counts

ID_RULE = (
    "(letters, digits and . _ : - only, starting with a letter or digit, at most 120 characters)"
)
A1 = json.dumps(actor("a1"))


def jsonl(*lines: str) -> dict[str, bytes]:
    return {"records.jsonl": "\n".join([A1, *lines]).encode() + b"\n"}


def line(**over: object) -> str:
    """An actor record as a JSON line with fields replaced (ASCII-escaped, like a JSON producer)."""
    return json.dumps(actor("a2", **over))


def csv_file(name: str, header: str, *rows: str) -> dict[str, bytes]:
    return {name: ("\r\n".join([header, *rows]) + "\r\n").encode()}


CASE_HEAD = "schema_version,type,external_id,kind,stages"
CASE_OK = '1,case,c1,civil,"[{""stage"": ""appeal"", ""date"": ""2024-01-01""}]"'


def case_row(stages_json: str, ext: str = "c2") -> str:
    return f'1,case,{ext},civil,"{stages_json.replace(chr(34), chr(34) * 2)}"'


SURROGATE = "invalid text (lone surrogate)"
CASES: list[tuple[str, dict[str, bytes], str]] = [
    # --- JSON Lines ---
    ("surrogate", jsonl(line(name="X\ud800")), f"records.jsonl:2: name: {SURROGATE}"),
    (
        "surrogate-in-list",
        jsonl(line(name_variants=["ok", "\udfff"])),
        f"records.jsonl:2: name_variants[1]: {SURROGATE}",
    ),
    (
        "surrogate-in-text",
        jsonl(json.dumps(event("e1", title={"en": "a", "ru": "\ud83d"}))),
        f"records.jsonl:2: title.ru: {SURROGATE}",
    ),
    (
        "surrogate-in-key",
        jsonl('{"schema_version": 1, "type": "actor", "\\ud800": 1}'),
        f"records.jsonl:2: \\ud800: {SURROGATE}",
    ),
    (
        "huge-integer",
        jsonl(line()[:-1] + ', "x": ' + "9" * 5001 + "}"),
        "records.jsonl:2: a number has more than 4300 digits",
    ),
    (
        "deep-nesting",
        jsonl("[" * 100_000 + "]" * 100_000),
        "records.jsonl:2: nested more than 32 levels deep",
    ),
    (
        "deep-nesting-orjson-accepts",  # 100 levels: under orjson's limit, over ours
        jsonl(line()[:-1] + ', "name_variants": ' + "[" * 100 + "]" * 100 + "}"),
        "records.jsonl:2: nested more than 32 levels deep",
    ),
    (
        "path-in-id",
        jsonl(line(external_id="../../x y")),
        f"records.jsonl:2: external_id: not a valid id: '../../x y' {ID_RULE}",
    ),
    (
        "empty-id",
        jsonl(line(external_id="")),
        f"records.jsonl:2: external_id: not a valid id: '' {ID_RULE}",
    ),
    (
        "bad-reference",
        jsonl(json.dumps(incident("i1", victims=["a1", "a 1"]))),
        f"records.jsonl:2: victims[1]: not a valid id: 'a 1' {ID_RULE}",
    ),
    (
        "javascript-url",
        jsonl(
            json.dumps(
                incident("i1", victims=["a1"], sources=[{"kind": "url", "url": "javascript:x()"}])
            )
        ),
        "records.jsonl:2: sources[0].url: only http and https links are allowed "
        "(scheme: javascript)",
    ),
    (
        "data-url-in-event",
        jsonl(json.dumps(event("e1", source_urls=["https://ok.kz/", "data:text/html,x"]))),
        "records.jsonl:2: source_urls[1]: only http and https links are allowed (scheme: data)",
    ),
    (
        "claim-beyond-64-bits",
        jsonl(
            json.dumps(
                case(
                    "c1",
                    incidents=[],
                    defendants=[],
                    stages=[{"stage": "appeal", "date": "2024-01-01", "claim_amount": 10**20}],
                )
            )
        ),
        "records.jsonl:2: stages[0].claim_amount: "
        "number out of range (at most 9223372036854775807)",
    ),
    (
        "datetime-out-of-range-in-utc",
        jsonl(
            json.dumps(incident("i1", victims=["a1"], status_changed_at="0001-01-01T00:00+05:00"))
        ),
        "records.jsonl:2: status_changed_at: datetime '0001-01-01T00:00+05:00' is out of range",
    ),
    (
        "line-break-in-key",
        jsonl(line()[:-1] + ', "a\\nb": 1}'),
        "records.jsonl:2: a\\x0ab: unknown field",
    ),
    (
        "not-utf8",
        {"records.jsonl": A1.encode() + b'\n{"name": "\xff"}\n'},
        "records.jsonl:2: not UTF-8: invalid start byte",
    ),
    # --- CSV ---
    (
        "csv-surrogate-in-json-column",
        csv_file(
            "cases.csv",
            CASE_HEAD,
            CASE_OK,
            case_row('[{"stage": "appeal", "date": "2024-01-01", "note": {"en": "\\ud800"}}]'),
        ),
        f"cases.csv:3: stages[0].note.en: {SURROGATE}",
    ),
    (
        "csv-deep-json-column",
        csv_file("cases.csv", CASE_HEAD, CASE_OK, case_row("[" * 10_000 + "]" * 10_000)),
        "cases.csv:3: stages: nested more than 32 levels deep",
    ),
    (
        "csv-huge-integer-in-json-column",
        csv_file("cases.csv", CASE_HEAD, CASE_OK, case_row("[" + "1" * 5001 + "]")),
        "cases.csv:3: stages: a number has more than 4300 digits",
    ),
    (
        "csv-huge-schema-version",
        csv_file("cases.csv", CASE_HEAD, CASE_OK, "9" * 5001 + ",case,c2,civil,"),
        "cases.csv:3: schema_version: unsupported schema_version '" + "9" * 40 + "'… (expected 1)",
    ),
    (
        "csv-path-in-id",
        csv_file(
            "actors.csv",
            "schema_version,type,external_id,kind,name",
            "1,actor,a1,person,A",
            "1,actor,../x,person,B",
        ),
        f"actors.csv:3: external_id: not a valid id: '../x' {ID_RULE}",
    ),
    (
        "csv-javascript-url",
        csv_file(
            "events.csv",
            "schema_version,type,external_id,date,source_urls",
            "1,event,e1,2024-01-01,https://ok.kz/",
            "1,event,e2,2024-01-01,JavaScript:alert(1)",
        ),
        "events.csv:3: source_urls[0]: only http and https links are allowed (scheme: javascript)",
    ),
    (
        "csv-not-utf8",
        {"actors.csv": b"schema_version,type,external_id,kind,name\r\n1,actor,a1,person,\xff\r\n"},
        # The decoder reads ahead, so the line is that of the block, not of the byte.
        "actors.csv:1: malformed CSV: 'utf-8' codec can't decode byte 0xff in position 61: "
        "invalid start byte",
    ),
]


def _write(tmp_path: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    return tmp_path / next(iter(files)) if len(files) == 1 else tmp_path


@pytest.mark.parametrize(("name", "files", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_one_line_problem(world, tmp_path, name, files, expected):
    path = _write(tmp_path, files)
    before = row_counts()
    with pytest.raises(ImportFailed) as exc:
        import_path(path, who=WHO)
    assert [str(p) for p in exc.value.problems] == [expected]
    assert row_counts() == before


@pytest.mark.parametrize(("name", "files", "expected"), CASES, ids=[c[0] for c in CASES])
def test_speechwatch_import_exits_1_without_traceback(
    world, tmp_path, monkeypatch, capsys, name, files, expected
):
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's transaction
    path = _write(tmp_path, files)
    before = row_counts()
    with pytest.raises(SystemExit) as exit_:
        cli.main(["import", str(path)])
    assert exit_.value.code == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == expected
    assert err[1].startswith("CommandError: import failed: 1 problem(s) in ")
    assert len(err) == 2
    assert row_counts() == before


def test_csv_with_byte_order_mark_is_read(world, tmp_path):
    """Excel's "CSV UTF-8" starts the file with U+FEFF; it is not part of the first column."""
    (tmp_path / "actors.csv").write_bytes(
        "\ufeffschema_version,type,external_id,kind,name\r\n1,actor,a1,person,Äset\r\n".encode()
    )
    result = import_path(tmp_path / "actors.csv", who=WHO)
    assert result.counts["actor"]["created"] == 1


@pytest.mark.parametrize(
    "ext", ["a", "as-2024-04-maricheva-456-2", "inc-0f3a9c2b1d4e", "x.y_z:1", "A" * 120]
)
def test_ids_of_the_demo_and_the_app_are_valid(world, tmp_path, ext):
    (tmp_path / "r.jsonl").write_text(json.dumps(actor(ext)) + "\n")
    import_path(tmp_path / "r.jsonl", who=WHO)


def test_empty_source_url_stays_allowed(world, tmp_path):
    recs = [
        actor("a1"),
        incident("i1", victims=["a1"], sources=[{"kind": "outlet", "url": "", "outlet": "KTK"}]),
    ]
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    import_path(tmp_path / "r.jsonl", who=WHO)


def test_nesting_up_to_the_limit_is_a_plain_validation_problem(world, tmp_path):
    deep = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    (tmp_path / "r.jsonl").write_text(line()[:-1] + f', "name_variants": {deep}}}\n')
    with pytest.raises(ImportFailed) as exc:
        import_path(tmp_path / "r.jsonl", who=WHO)
    (problem,) = [str(p) for p in exc.value.problems]
    assert problem.startswith("r.jsonl:1: name_variants: expected non-empty strings, got [[[")


# --- property: whatever the bytes, the importer's own error or success ------------------------

# Values near the edges that random text rarely hits.
TRICKY = [
    "0001-01-01T00:00+05:00",
    "9999-12-31T23:59-05:00",
    "2024-02-30",
    "01.01.0001",
    "\ud800",
    "javascript:x",
    "https://e.kz/a",
    "../x",
    "PC 274",
    "R.obstruction",
    "almaty",
    "a1",
    2**63,
    -(2**63) - 1,
    10**30,
    float("nan"),
]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(TRICKY),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
FIELDS = [
    "external_id",
    "name",
    "kind",
    "name_variants",
    "victims",
    "sources",
    "schema_version",
    "date",
    "stages",
    "source_urls",
    "title",
    "recorded_on",
]


@st.composite
def hostile_lines(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["bytes", "value", "mutant"]))
    if kind == "bytes":
        return draw(st.binary(max_size=80)).replace(b"\n", b" ")
    if kind == "value":
        return json.dumps(draw(json_values)).encode()
    base = draw(
        st.sampled_from(
            [
                actor("a9"),
                incident("i9", victims=[]),
                case("c9", incidents=[], defendants=[]),
                event("e9"),
            ]
        )
    )
    base = dict(base)
    base[draw(st.sampled_from(FIELDS))] = draw(json_values)
    text = json.dumps(base, ensure_ascii=draw(st.booleans()))
    return text.encode("utf-8", "surrogatepass")


CSV_HEADS = {
    "actors.csv": "schema_version,type,external_id,kind,name,name_variants",
    "cases.csv": "schema_version,type,external_id,kind,stages,incidents",
    "events.csv": "schema_version,type,external_id,date,source_urls,title_en",
}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(["records.jsonl", *CSV_HEADS]),
    lines=st.lists(hostile_lines(), min_size=1, max_size=4),
    header=st.booleans(),
)
def test_random_input_imports_or_fails_cleanly(world, name, lines, header):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        head = [CSV_HEADS[name].encode()] if name in CSV_HEADS and header else []
        path.write_bytes(b"\n".join([*head, *lines]) + b"\n")
        try:
            import_path(path, who=WHO)
        except ImportFailed as exc:
            for problem in exc.problems:
                text = str(problem)
                assert "\n" not in text
                text.encode("utf-8")  # printable: no lone surrogate reaches the report
