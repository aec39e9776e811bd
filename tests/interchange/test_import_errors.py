"""Each kind of bad input is reported with file, line and field, and nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from speechwatch.interchange.actions import ImportFailed, import_path
from tests.interchange.conftest import WHO
from tests.interchange.records import actor, case, incident, row_counts, write_dir, write_jsonl


def fail(directory: Path) -> list[str]:
    before = row_counts()
    with pytest.raises(ImportFailed) as exc:
        import_path(directory, who=WHO)
    assert row_counts() == before
    return [str(p) for p in exc.value.problems]


def one_bad_incident(tmp_path: Path, **over: Any) -> list[str]:
    return fail(write_dir(tmp_path, actors=[actor()], incidents=[incident("ok"), incident(**over)]))


def test_unknown_category_code_with_suggestion(world, tmp_path):
    problems = one_bad_incident(tmp_path, categories=["R.obstrution"])
    assert problems == [
        "incidents.jsonl:2: categories: unknown category code 'R.obstrution' in taxonomy "
        "adilsoz-2024 (did you mean R.obstruction?)"
    ]


def test_bad_date(world, tmp_path):
    problems = one_bad_incident(tmp_path, recorded_on="2024-13-01")
    assert problems == [
        "incidents.jsonl:2: recorded_on: not a date: '2024-13-01' (expected YYYY-MM-DD)"
    ]


def test_bad_partial_date(world, tmp_path):
    (problem,) = one_bad_incident(tmp_path, occurred_on="April 2024")
    assert problem.startswith("incidents.jsonl:2: occurred_on: not a date: 'April 2024'")


def test_unknown_region_with_suggestion(world, tmp_path):
    (problem,) = one_bad_incident(tmp_path, region="Almaty oblst")
    assert problem.startswith(
        "incidents.jsonl:2: region: unknown region 'Almaty oblst' (did you mean"
    )
    assert "almaty" in problem


def test_region_spelling_variant_is_normalised(world, tmp_path):
    write_dir(tmp_path, actors=[actor()], incidents=[incident(region="Zhetysu")])
    import_path(tmp_path, who=WHO)
    from speechwatch.incidents.models import Incident

    assert Incident.objects.values_list("region__code", flat=True).get() == "zhetisu"


def test_dangling_actor_in_incident(world, tmp_path):
    problems = one_bad_incident(tmp_path, victims=["actor-999"])
    assert problems == [
        "incidents.jsonl:2: victims: unknown actor 'actor-999' "
        "(not in this import nor in the database)"
    ]


def test_dangling_incident_and_defendant_in_case(world, tmp_path):
    directory = write_dir(
        tmp_path,
        actors=[actor()],
        incidents=[incident()],
        cases=[case(incidents=["inc-404"], defendants=[{"actor": "nobody", "status": "charged"}])],
    )
    assert fail(directory) == [
        "cases.jsonl:1: defendants: unknown actor 'nobody' "
        "(not in this import nor in the database)",
        "cases.jsonl:1: incidents: unknown incident 'inc-404' "
        "(not in this import nor in the database)",
    ]


def test_reference_to_invalid_record_says_so(world, tmp_path):
    directory = write_dir(tmp_path, actors=[actor(kind="robot")], incidents=[incident()])
    problems = fail(directory)
    assert problems[0].startswith("actors.jsonl:1: kind: unknown value 'robot'")
    assert problems[1] == (
        "incidents.jsonl:1: victims: refers to actor 'actor-1', which is invalid (actors.jsonl:1)"
    )


def test_duplicate_external_id_in_one_batch(world, tmp_path):
    directory = write_dir(tmp_path, actors=[actor(), actor("a2"), actor()])
    assert fail(directory) == [
        "actors.jsonl:3: external_id: duplicate 'actor-1' (first seen on line 1)"
    ]


def test_duplicate_external_id_across_batches(world, tmp_path):
    directory = write_dir(tmp_path, actors=[actor(), *[actor(f"x{i}") for i in range(5)], actor()])
    before = row_counts()
    with pytest.raises(ImportFailed) as exc:
        import_path(directory, who=WHO, batch_size=2)
    assert row_counts() == before
    assert [str(p) for p in exc.value.problems] == [
        "actors.jsonl:7: external_id: duplicate 'actor-1' (already given earlier in this import)"
    ]


@pytest.mark.parametrize(
    ("maker", "over", "field"),
    [
        (incident, {"status": "publishd"}, "status"),
        (case, {"kind": "martial"}, "kind"),
        (case, {"stages": [{"stage": "appeel", "date": "2024-01-01"}]}, "stages[0].stage"),
        (
            case,
            {"stages": [{"stage": "appeal", "date": "2024-01-01", "outcome": "won"}]},
            "stages[0].outcome",
        ),
        (actor, {"actor_type": "alien"}, "actor_type"),
    ],
)
def test_bad_enum_value(world, tmp_path, maker, over, field):
    rec = maker(**over)
    directory = write_dir(tmp_path, actors=[actor()] if maker is not actor else [rec])
    if maker is incident:
        write_jsonl(directory / "incidents.jsonl", [rec])
    if maker is case:
        write_jsonl(directory / "incidents.jsonl", [incident()])
        write_jsonl(directory / "cases.jsonl", [rec])
    (problem,) = fail(directory)
    assert f": {field}: unknown value" in problem


def test_malformed_json_line(world, tmp_path):
    directory = write_dir(tmp_path, actors=[actor(), '{"type": "actor",', actor("a3")])
    (problem,) = fail(directory)
    assert problem.startswith("actors.jsonl:2: malformed JSON:")


@pytest.mark.parametrize("missing", ["external_id", "recorded_on"])
def test_missing_required_field(world, tmp_path, missing):
    rec = incident()
    del rec[missing]
    (problem,) = fail(write_dir(tmp_path, actors=[actor()], incidents=[rec]))
    assert problem == f"incidents.jsonl:1: {missing}: required field is missing"


def test_wrong_schema_version(world, tmp_path):
    (problem,) = fail(write_dir(tmp_path, actors=[actor(schema_version=2)]))
    assert problem == "actors.jsonl:1: schema_version: unsupported schema_version 2 (expected 1)"


def test_bad_legal_reference(world, tmp_path):
    (problem,) = one_bad_incident(tmp_path, legal_refs=["Article of something"])
    assert problem.startswith(
        "incidents.jsonl:2: legal_refs: bad legal reference 'Article of something'"
    )


def test_every_problem_of_a_file_is_listed(world, tmp_path):
    directory = write_dir(
        tmp_path,
        actors=[actor()],
        incidents=[
            incident("i1", categories=["R.nope"]),
            incident("i2", recorded_on="yesterday", region="Nowhere"),
            "not json",
            incident("i4", victims=["ghost"]),
        ],
    )
    problems = fail(directory)
    assert [p.split(":")[1] for p in problems] == ["1", "2", "2", "3", "4"]


def test_csv_errors_name_the_csv_line(world, tmp_path):
    write_jsonl(tmp_path / "actors.jsonl", [actor()])
    (tmp_path / "incidents.csv").write_text(
        "schema_version,type,external_id,recorded_on,categories,victims,status,title_en\n"
        '1,incident,i1,2024-04-01,R.obstruction,actor-1,published,"two\nlines"\n'
        "1,incident,i2,2024-04-31,R.obstruction,actor-1,published,x\n",
        encoding="utf-8",
    )
    (problem,) = fail(tmp_path)
    assert problem == "incidents.csv:4: recorded_on: not a date: '2024-04-31' (expected YYYY-MM-DD)"


def test_path_problems(world, tmp_path):
    with pytest.raises(ImportFailed, match="no such file"):
        import_path(tmp_path / "nope.jsonl", who=WHO)
    with pytest.raises(ImportFailed, match="no record files"):
        import_path(tmp_path, who=WHO)


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"settlement": "Alma\x00ty"}, "settlement"),
        ({"title": {"en": "a\x00b"}}, "title.en"),
        ({"tags": ["x\x00"]}, "tags"),
    ],
)
def test_nul_character_is_refused_on_every_database(world, tmp_path, over, field):
    # PostgreSQL cannot store NUL; SQLite could, but both databases must accept the same input.
    (problem,) = one_bad_incident(tmp_path, **over)
    assert (
        problem == f"incidents.jsonl:2: {field}: contains a NUL character, which cannot be stored"
    )
