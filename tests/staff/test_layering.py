"""staff/ sits below intake/ and workspace/: intake never imports workspace, staff neither, and
the models that moved into staff kept their tables (state-only migrations, no rows copied)."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from speechwatch.staff.models import Assignment, Throttle
from speechwatch.staff.throttle import throttle_hit

ROOT = Path(__file__).resolve().parents[2] / "speechwatch"


def imported_modules(package: Path) -> list[tuple[str, str]]:
    """(file, module) for every import statement below `package`, relative ones resolved."""
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        dotted = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(str(path), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = dotted.split(".")[: -node.level]
                    base = ".".join([*parent, base] if base else parent)
                found.append((str(path), base))
                found += [(str(path), f"{base}.{alias.name}") for alias in node.names]
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("intake", ("speechwatch.workspace",)),
        ("staff", ("speechwatch.workspace", "speechwatch.intake")),
    ],
)
def test_lower_apps_do_not_import_the_upper_ones(package: str, forbidden: tuple[str, ...]) -> None:
    bad = [
        (f, m)
        for f, m in imported_modules(ROOT / package)
        if any(m == x or m.startswith(x + ".") for x in forbidden)
    ]
    assert bad == []


def test_the_finder_sees_imports() -> None:
    # The guard above must not pass because it cannot see an import.
    found = imported_modules(ROOT / "workspace")
    assert any(m.startswith("speechwatch.staff") for _, m in found)


# The rows of docs/development.md, "How the apps depend on each other".
LAYERS = {
    "core": 7, "demo": 7,
    "workspace": 6, "portal": 6,
    "news": 5, "intake": 5, "reports": 5,
    "overviews": 4, "triage": 4,
    "staff": 3, "interchange": 3,
    "cases": 2, "context": 2,
    "incidents": 1,
    "taxonomy": 0, "actors": 0, "reference": 0, "audit": 0, "lib": 0,
}  # fmt: skip
BOTTOM = ("audit", "lib")  # row 0 may import these two
KNOWN_UPWARD = {
    ("incidents/queries.py", "interchange"),  # the API reuses the interchange serializer
    ("taxonomy/queries.py", "incidents"),  # counts incidents per category
    ("triage/management/commands/triage.py", "news"),  # `triage rescore` rescores stored items
}


def test_apps_import_only_lower_rows_as_the_development_doc_draws() -> None:
    upward = set()
    for app, row in LAYERS.items():
        for file, module in imported_modules(ROOT / app):
            if "/migrations/" in file or not module.startswith("speechwatch."):
                continue
            target = module.split(".")[1]
            if target == app or target not in LAYERS or (row == 0 and target in BOTTOM):
                continue
            if LAYERS[target] >= row:
                upward.add((str(Path(file).relative_to(ROOT)), target))
    assert upward == KNOWN_UPWARD


def test_moved_models_keep_their_tables() -> None:
    assert Assignment._meta.db_table == "workspace_assignment"
    assert Throttle._meta.db_table == "workspace_throttle"


@pytest.mark.django_db
def test_no_migration_is_missing_for_staff_and_workspace() -> None:
    out = io.StringIO()
    call_command("makemigrations", "staff", "workspace", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_rows_written_through_the_old_table_name_are_read_by_the_moved_model() -> None:
    now = timezone.now()
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO workspace_throttle (key, window_start, count) VALUES (%s, %s, %s)",
            ["report:x", now, 2],
        )
    assert Throttle.objects.get(key="report:x").count == 2
    assert throttle_hit("report:x", limit=3, window=3600, now=now) is True
    assert throttle_hit("report:x", limit=3, window=3600, now=now) is False
