"""The format registry and the layout all renderers share."""

from __future__ import annotations

from dataclasses import replace

import pytest

from speechwatch.reports import formats
from speechwatch.reports.document import Report, Section


def test_builtins_registered() -> None:
    assert set(formats.names()) >= {"html", "md", "docx", "pdf", "json"}
    expected = {
        "html": ("html", "text/html", False),
        "md": ("md", "text/markdown", False),
        "json": ("json", "application/json", False),
        "pdf": ("pdf", "application/pdf", True),
        "docx": (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            True,
        ),
    }
    for name, (ext, media, binary) in expected.items():
        fmt = formats.get(name)
        assert (fmt.extension, fmt.media_type, fmt.binary) == (ext, media, binary)


@pytest.mark.parametrize("name", ["html", "md", "json", "docx"])
def test_render_dispatches(report_en: Report, name: str) -> None:
    out = formats.render(report_en, name)
    assert isinstance(out, bytes if formats.get(name).binary else str)


def test_unknown_format_names_the_choices(report_en: Report) -> None:
    with pytest.raises(formats.FormatError, match=r"unknown report format 'odt'.*html"):
        formats.render(report_en, "odt")


def test_extension_registers_like_a_builtin(report_en: Report) -> None:
    def render_txt(report: Report) -> str:
        return report.title

    try:
        formats.register("txt-test", ".txt", "text/plain", render_txt)
        assert formats.render(report_en, "txt-test") == report_en.title
        assert formats.get("txt-test").extension == "txt"
        with pytest.raises(formats.FormatError, match="already registered"):
            formats.register("txt-test", "txt", "text/plain", lambda r: "")
        with pytest.raises(formats.FormatError, match="already registered"):
            formats.register("html", "htm", "text/html", render_txt)
    finally:
        formats._REGISTRY.pop("txt-test", None)


def _kinds(report: Report) -> list[str]:
    names = []
    for block in formats.outline(report):
        match block:
            case formats.Heading(level=0):
                names.append("title")
            case formats.Heading(key=key):
                names.append(f"h:{key}")
            case formats.TableBlock():
                names.append("table")
            case formats.ChartsBlock():
                names.append("charts")
            case formats.StatsBlock(paragraph=p):
                names.append(f"stats:{p.block}")
            case formats.Para(role=role):
                names.append(role or "para")
            case formats.EntryBlock():
                names.append("entry")
            case formats.CaseBlock():
                names.append("case")
    return names


def test_outline_order(report_en: Report) -> None:
    assert _kinds(report_en) == [
        "title", "version", "intro",
        "lead", "stats:R", "stats:I", "stats:L", "table", "charts",
        "h:events", "entry", "entry", "entry",
        "h:legislation", "entry", "entry",
        "case", "case",
        "h:also", "entry", "entry",
        "methodology",
        "contact", "contact", "contact",
    ]  # fmt: skip


def test_figures_follow_comparisons_or_open_the_body(report_en: Report) -> None:
    comparisons = Section("comparisons", "", paragraphs=("In January–April 2024, 61 …",))
    sections = (report_en.sections[0], comparisons, *report_en.sections[1:])
    with_cmp = replace(report_en, sections=sections)
    kinds = _kinds(with_cmp)
    assert kinds.index("table") == kinds.index("para") + 1
    no_stats = replace(report_en, sections=report_en.sections[1:])
    assert _kinds(no_stats)[3:5] == ["table", "charts"]


@pytest.mark.parametrize(
    ("layout", "items", "others", "head", "n_items", "tail"),
    [
        ("lines", ("a;", "b."), None, "H L", 2, ()),
        # "and others" is the list's last item in every format, not a line after the list
        ("lines", ("a;", "b;"), "and others.", "H L", 3, ()),
        ("inline", ("a and b",), "and others.", "H L a and b and others.", 0, ()),
        ("lines", (), None, "H", 0, ()),
    ],
)
def test_stat_parts(
    layout: str,
    items: tuple[str, ...],
    others: str | None,
    head: str,
    n_items: int,
    tail: tuple[str, ...],
) -> None:
    from speechwatch.reports.phrasing import Paragraph

    p = Paragraph("R", "H", "L", items, layout, others, ("note",))  # type: ignore[arg-type]
    parts = formats.stat_parts(p)
    assert (parts.head, len(parts.items), parts.tail) == (head, n_items, (*tail, "note"))
