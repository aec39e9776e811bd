"""Text out of .txt, .html, .docx and .pdf overviews; bad files are named in the error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from speechwatch.overviews.extract import ExtractError, extract_text, html_to_text
from speechwatch.overviews.mapping import Mapper
from speechwatch.overviews.reader import read_text

LINES = [
    "Violations of freedom of speech in Kazakhstan April 2024",
    "There were 20 reports of violations of the rights of journalists, media, and newsmakers. "
    "Among them:",
    "2 reports involved obstruction of journalists' lawful professional activities",
    "8 reports related to the discrediting of media, journalists, and newsmakers",
    "EVENTS IN APRIL 2024",
    "April 6: A state of emergency was declared.",
]


def check(text: str, mapper: Mapper) -> None:
    ov = read_text(text, mapper)
    assert ov.period is not None and ov.period.label == "2024-04"
    assert [(b.code, b.total, [(i.code, i.count) for i in b.items]) for b in ov.blocks] == [
        ("R", 20, [("R.obstruction", 2), ("R.discrediting", 8)])
    ]
    assert [e.on.isoformat() for e in ov.events if e.on] == ["2024-04-06"]


def html() -> str:
    body = "".join(
        f"<h1>{LINES[0]}</h1>"
        if i == 0
        else f"<li>{line}</li>"
        if line[0].isdigit()
        else f"<p>{line}</p>"
        for i, line in enumerate(LINES)
    )
    return f"<html><head><title>x</title><style>p{{}}</style></head><body>{body}</body></html>"


def test_plain(tmp_path: Path, mapper: Mapper) -> None:
    path = tmp_path / "a.txt"
    path.write_text("\n".join(LINES), encoding="utf-8")
    check(extract_text(path), mapper)


def test_cp1251_plain(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Нарушения свободы слова. Апрель 2024".encode("cp1251"))
    assert extract_text(path).startswith("Нарушения")


def test_html(tmp_path: Path, mapper: Mapper) -> None:
    path = tmp_path / "a.html"
    path.write_text(html(), encoding="utf-8")
    text = extract_text(path)
    assert "p{}" not in text
    check(html_to_text(html()).split("\n", 1)[1], mapper)  # the <title> line comes first
    assert text.splitlines()[0] == "x"


def test_docx(tmp_path: Path, mapper: Mapper) -> None:
    import docx

    d = docx.Document()
    for line in LINES:
        d.add_paragraph(line)
    path = tmp_path / "a.docx"
    d.save(str(path))
    check(extract_text(path), mapper)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf(tmp_path: Path, mapper: Mapper) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    path = tmp_path / "a.pdf"
    weasyprint.HTML(string="".join(f"<p>{line}</p>" for line in LINES)).write_pdf(str(path))
    check(extract_text(path), mapper)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.xls", b"x", "unsupported file type '.xls'"),
        ("a.docx", b"not a zip", "not a readable .docx"),
    ],
)
def test_bad_files_are_named(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExtractError) as exc:
        extract_text(path)
    assert str(path) in str(exc.value) and message in str(exc.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="no such file"):
        extract_text(tmp_path / "nope.txt")
