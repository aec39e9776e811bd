"""`manage.py taxonomy show|validate|diff|install` through call_command."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from speechwatch.audit.record import Who
from speechwatch.incidents.actions import IncidentInput, create_incident
from speechwatch.taxonomy.models import Taxonomy
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path

TEXT = builtin_taxonomy_path("adilsoz-2024").read_text(encoding="utf-8")
CROSSWALK = builtin_taxonomy_path("jfj").parent / "crosswalks" / "adilsoz-2024__jfj.yaml"


def run(*args: str) -> str:
    out = StringIO()
    call_command("taxonomy", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_show_builtin_tree_in_kazakh(db) -> None:  # type: ignore[no-untyped-def]
    lines = run("show", "adilsoz-2024", "--lang", "kk").splitlines()
    assert lines[0].startswith("adilsoz-2024 v1: «Әділ сөз»")
    assert lines[1].split(None, 1) == [
        "R",
        "журналистердің, БАҚ-тың және ньюсмейкерлердің құқықтарын бұзу",
    ]
    false_info = next(line for line in lines if "L.administrative.false_info" in line)
    assert false_info.startswith("    L.administrative.false_info")  # depth 2
    assert len(lines) == 31


def test_show_default_and_synonyms(db) -> None:  # type: ignore[no-untyped-def]
    output = run("show", "--synonyms")
    assert "= interference with the lawful professional activity of a journalist" in output


def test_validate_ok(db) -> None:  # type: ignore[no-untyped-def]
    output = run("validate", str(builtin_taxonomy_path("adilsoz-2024")), str(CROSSWALK))
    assert output.count(": ok") == 2


def test_validate_prints_every_problem(tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    bad = TEXT.replace("version: 1\n", "version: zero\n").replace(
        "- code: R.attack\n    parent: R\n", "- code: R.attack\n    parent: Q\n"
    )
    path = write(tmp_path, "bad.yaml", bad)
    out = StringIO()
    with pytest.raises(CommandError, match=r"^2 problem\(s\) in 1 file\(s\)$"):
        call_command("taxonomy", "validate", path, stdout=out)
    lines = out.getvalue().splitlines()
    line_of_parent = bad.splitlines().index("    parent: Q") + 1
    assert lines == [
        f"{path}:6: version: 'zero' is not a whole number >= 1",
        f"{path}:{line_of_parent}: parent: unknown parent 'Q' (node R.attack)",
    ]


def test_validate_broken_crosswalk(tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    text = CROSSWALK.read_text(encoding="utf-8").replace("  R.attack: [physical]\n", "")
    path = write(tmp_path, "cw.yaml", text)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("taxonomy", "validate", path, stdout=out)
    assert "mappings: not mapped (1): R.attack" in out.getvalue()


def test_validate_missing_file(db) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("taxonomy", "validate", "/nonexistent.yaml", stdout=out)
    assert "/nonexistent.yaml:0: file: no such file" in out.getvalue()


def test_install_and_reinstall(db) -> None:  # type: ignore[no-untyped-def]
    assert run("install", "adilsoz-2024").strip() == "installed adilsoz-2024 v1 (default): 30 codes"
    assert run("install", "jfj").strip() == "installed jfj v1: 3 codes"
    assert Taxonomy.objects.count() == 2


def test_install_unknown_source(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="'nope' is neither a file"):
        run("install", "nope")


def test_install_refused_names_incidents(tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    run("install", "adilsoz-2024")
    create_incident(
        IncidentInput(
            recorded_on=date(2024, 4, 1),
            categories=["R.insult"],
            external_id="as-77",
            taxonomy="adilsoz-2024",
        ),
        who=Who(label="test"),
    )
    text = TEXT.replace("version: 1\n", "version: 2\n").replace(
        "- code: R.insult\n", "- code: R.insults\n"
    )
    path = write(tmp_path, "v2.yaml", text)
    with pytest.raises(CommandError) as info:
        run("install", path)
    message = str(info.value)
    assert "\n" not in message
    assert "R.insult (removed; 1 incident: as-77)" in message


def test_diff_installed_against_file(tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    run("install", "adilsoz-2024")
    create_incident(
        IncidentInput(
            recorded_on=date(2024, 4, 1),
            categories=["R.insult"],
            external_id="as-78",
            taxonomy="adilsoz-2024",
        ),
        who=Who(label="test"),
    )
    text = (
        TEXT.replace("version: 1\n", "version: 2\n")
        .replace("- code: R.insult\n", "- code: R.insults\n")
        .replace("en: detention of a journalist\n", "en: detention of journalists\n")
    )
    path = write(tmp_path, "v2.yaml", text)
    lines = run("diff", "adilsoz-2024", path).splitlines()
    assert lines[0] == "version: 1 -> 2"
    assert "added R.insults" in lines
    assert "removed R.insult" in lines
    assert (
        "relabelled R.detention [en]: 'detention of a journalist' -> 'detention of journalists'"
        in lines
    )
    assert lines[-2:] == [
        "incidents affected (installed adilsoz-2024 v1):",
        "  R.insult (removed): as-78",
    ]


def test_diff_two_files_without_database_rows(tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    old = str(builtin_taxonomy_path("adilsoz-2024"))
    assert run("diff", old, old).splitlines() == ["no changes", "version: 1 -> 1"]


def test_invalid_file_on_install(tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "bad.yaml", TEXT.replace("format: speechwatch-taxonomy/1\n", ""))
    with pytest.raises(CommandError, match=r"invalid taxonomy \(1 problem"):
        run("install", path)
