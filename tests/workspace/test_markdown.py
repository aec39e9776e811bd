"""The safe Markdown subset: what it renders, and that no injected markup survives."""

from __future__ import annotations

import re

import pytest

from speechwatch.workspace.markdown import render_markdown

RENDERS = [
    ("plain", "<p>plain</p>"),
    ("**bold** and *it* and _it_", "<p><strong>bold</strong> and <em>it</em> and <em>it</em></p>"),
    ("a `x<y` b", "<p>a <code>x&lt;y</code> b</p>"),
    ("line one\nline two", "<p>line one<br>\nline two</p>"),
    ("p1\n\np2", "<p>p1</p>\n<p>p2</p>"),
    ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),  # markdown-it: newlines between
    ("1. a\n2. b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>"),
    ("# Title", "<h3>Title</h3>"),
    ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
    (
        "[site](https://example.org/a?b=1&c=2)",
        '<p><a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">'
        "site</a></p>",
    ),
    (
        "mail [us](mailto:info@example.org)",
        '<p>mail <a href="mailto:info@example.org" rel="nofollow noopener noreferrer">us</a></p>',
    ),
    ("2*3*4 stays", "<p>2*3*4 stays</p>"),
    ("snake_case_name", "<p>snake_case_name</p>"),
    ("### Small\n#### Smaller", "<h5>Small</h5>\n<h5>Smaller</h5>"),
    ("    indented", "<p>indented</p>"),
    (
        "![pic](https://example.org/a.png)",
        '<p>!<a href="https://example.org/a.png" rel="nofollow noopener noreferrer">pic</a></p>',
    ),
    ("[rel](/work/users/)", "<p>[rel](/work/users/)</p>"),
    (
        '[t](https://example.org "title")',
        '<p><a href="https://example.org" rel="nofollow noopener noreferrer">t</a></p>',
    ),
]


@pytest.mark.parametrize(("source", "html"), RENDERS)
def test_renders(source: str, html: str) -> None:
    assert render_markdown(source) == html


PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    '[x](https://ok.example/" onmouseover="alert(1))',
    "[x](https://ok.example/'onmouseover='alert(1))",
    '**<b onclick="alert(1)">bold</b>**',
    "`<svg onload=alert(1)>`",
    "> <iframe src=//evil>",
    "- <style>body{display:none}</style>",
    "[<img src=x onerror=alert(1)>](https://example.org)",
    "\x00<script>alert(1)</script>",
    '<https://example.org/" onclick="x>',
    "[x](<javascript:alert(1)>)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[x](//evil.example/)",
    "<!-- <script>alert(1)</script> -->",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_injection_survives(payload: str) -> None:
    out = render_markdown(payload)
    tags = re.findall(r"<\s*([a-zA-Z0-9]+)([^>]*)>", out)
    allowed = {
        "p",
        "br",
        "strong",
        "em",
        "code",
        "a",
        "ul",
        "ol",
        "li",
        "h3",
        "h4",
        "h5",
        "blockquote",
    }
    for name, attrs in tags:
        assert name.lower() in allowed, out
        if name.lower() == "a":
            assert re.fullmatch(
                r' href="(https?://|mailto:)[^"<>]*" rel="nofollow noopener noreferrer"', attrs
            ), out
        else:
            assert attrs.strip() == "", out
    assert "onerror=" not in re.sub(r"&[a-z]+;|&#\d+;", "", "".join(a for _, a in tags))
