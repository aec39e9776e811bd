"""The report pipeline runs one way: load -> count -> compose -> render (docs/reports.md).

Read from each stage module's own imports (ast): no stage imports a later one, and no later stage
imports the load stage (the only one that queries)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import speechwatch.reports

REPORTS = Path(speechwatch.reports.__file__).parent
STAGES = {
    "load": (
        "build",
        "loadrows",
        "loadtexts",
        "loadtallies",
        "monthstore",
        "monthcounts",
        "figcache",
    ),
    "count": ("counting", "periodsum", "tallycount"),
    "compose": (
        "compose",
        "overrides",
        "wording",
        "sections",
        "comparisons",
        "figuresdata",
        "reportdata",
        "phrasing",
        "phraser",
        "comparewords",
        "template",
        "templatemodel",
        "language",
    ),
    "render": (
        "formats",
        "charts",
        "render_html",
        "render_md",
        "render_docx",
        "render_pdf",
        "render_json",
    ),
}
# The plain data passed between stages (rows -> figures -> monthdata -> document), and the
# modules around the pipeline: the app's models, the reads that run it (queries), the writes
# (actions), the pre-publication checks. Every other module must belong to a stage.
PLAIN_DATA = ("rows", "rules", "figures", "monthdata", "document")
AROUND = ("__init__", "apps", "models", "queries", "actions", "consistency")
FORBIDDEN = {
    "load": ("compose", "render"),
    "count": ("load", "compose", "render"),
    "compose": ("load", "render"),
    "render": ("load", "count"),
}
STAGE_OF = {module: stage for stage, modules in STAGES.items() for module in modules}


def imported_modules(path: Path) -> set[str]:
    """speechwatch.reports modules imported anywhere in the file (also inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            if name.startswith("speechwatch.reports."):
                found.add(name.split(".")[2])
    return found


@pytest.mark.parametrize("module", sorted(STAGE_OF))
def test_no_stage_reaches_back_or_ahead(module: str) -> None:
    stage = STAGE_OF[module]
    path = REPORTS / f"{module}.py"
    if not path.exists():
        pytest.skip(f"{module}.py is not written yet")
    wrong = {
        imported: STAGE_OF[imported]
        for imported in imported_modules(path)
        if STAGE_OF.get(imported) in FORBIDDEN[stage]
    }
    assert wrong == {}, f"{module} ({stage}) imports {wrong}"


def test_the_checker_sees_imports(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text(
        "from speechwatch.reports.build import build_month\n"
        "def f():\n    from speechwatch.reports import render_html\n",
        encoding="utf-8",
    )
    assert imported_modules(source) >= {"build", "render_html"}


def test_every_module_has_a_place_and_stays_short() -> None:
    """A new module names its stage here; none grows past 400 lines (one seam per module)."""
    modules = {path.stem: path for path in REPORTS.glob("*.py")}
    unplaced = sorted(set(modules) - set(STAGE_OF) - set(PLAIN_DATA) - set(AROUND))
    assert unplaced == []
    long = {
        name: n
        for name, path in modules.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


@pytest.mark.parametrize("module", PLAIN_DATA)
def test_plain_data_reaches_no_stage_that_queries(module: str) -> None:
    assert {
        m for m in imported_modules(REPORTS / f"{module}.py") if STAGE_OF.get(m) == "load"
    } == set()
