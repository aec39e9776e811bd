"""Generated variants of an overview (bullets, glued numbers, 'and others', reordered items,
synonyms from the taxonomy, inconsistent sums) parse to the figures they were written from."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from speechwatch.overviews.mapping import Mapper, phrase_key
from speechwatch.overviews.reader import build_mapper, read_text
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy

DOC = load_taxonomy(builtin_taxonomy_path("adilsoz-2024"))
MAPPER: Mapper = build_mapper(DOC, embeddings=False)


def _phrases(code: str, lang: str) -> list[str]:
    """Synonyms whose key no other node shares (those would be ambiguous by construction)."""
    owners: dict[tuple[str, ...], set[str]] = {}
    for n in DOC.nodes:
        for t in [*n.labels.values(), *(s for ss in n.synonyms.values() for s in ss)]:
            owners.setdefault(phrase_key(t), set()).add(n.code)
    node = DOC.node(code)
    texts = [node.labels[lang], *node.synonyms.get(lang, [])]
    return [t for t in texts if owners.get(phrase_key(t)) == {code}]


BLOCK_ITEMS = {b: [n.code for n in DOC.children(b)] for b in ("R", "I", "L")}


@dataclass
class Spec:
    code: str
    total: int
    others: bool
    items: list[tuple[str, int, str]]  # code, count, phrase
    phrase: str


@st.composite
def block_spec(draw: st.DrawFn, code: str, lang: str) -> Spec:
    codes = draw(st.lists(st.sampled_from(BLOCK_ITEMS[code]), min_size=1, max_size=5, unique=True))
    items = [(c, draw(st.integers(1, 40)), draw(st.sampled_from(_phrases(c, lang)))) for c in codes]
    total = sum(n for _, n, _ in items) + draw(st.sampled_from([0, 0, 0, 1, 3, -1, -2]))
    others = draw(st.booleans())
    return Spec(code, max(total, 1), others, items, draw(st.sampled_from(_phrases(code, lang))))


EN_LEADS = ["Among them:", "including:", "these include:", "These included:"]
RU_LEADS = ["в том числе:", "из них:", "среди них:"]
BULLETS = ["", "• ", "- ", "* ", "– "]


def render(draw: st.DrawFn, spec: Spec, lang: str) -> list[str]:
    lead = draw(st.sampled_from(EN_LEADS if lang == "en" else RU_LEADS))
    if lang == "en":
        header = draw(
            st.sampled_from(
                [
                    f"There were {spec.total} reports of {spec.phrase}. {lead.capitalize()}",
                    f"{spec.total}reports of {spec.phrase}, {lead}",
                    f"{spec.phrase[0].upper()}{spec.phrase[1:]} – {spec.total}, {lead}",
                ]
            )
        )
    else:
        header = draw(
            st.sampled_from(
                [
                    f"{spec.phrase[0].upper()}{spec.phrase[1:]} – {spec.total}, {lead}",
                    f"Зафиксировано {spec.total} сообщений: {spec.phrase}. {lead.capitalize()}",
                ]
            )
        )
    lines = [header]
    for _code, n, phrase in spec.items:
        bullet = draw(st.sampled_from(BULLETS))
        cap = phrase[0].upper() + phrase[1:]
        styles = [f"{cap} – {n}", f"{cap}: {n}"]
        if lang == "en":
            styles += [
                f"{n} reports of {phrase}",
                f"{n}reports of {phrase}",
                f"{n} cases of {phrase}",
            ]
            if n == 1:
                styles += [f"Report of {phrase}"]
        else:
            styles += [f"{n} сообщений: {phrase}"]
        line = draw(st.sampled_from(styles))
        lines.append(bullet + line + draw(st.sampled_from(["", ";", "."])))
    if spec.others:
        lines.append("and others" if lang == "en" else "и другие")
    return lines


@st.composite
def overview(draw: st.DrawFn) -> tuple[str, list[Spec], str]:
    lang = draw(st.sampled_from(["en", "ru"]))
    blocks = draw(st.permutations(["R", "I", "L"]))
    specs = [draw(block_spec(b, lang)) for b in blocks[: draw(st.integers(1, 3))]]
    title = (
        "Violations of freedom of speech in Kazakhstan May 2023"
        if lang == "en"
        else "Нарушения свободы слова в Казахстане. Май 2023"
    )
    lines = [title]
    for spec in specs:
        lines += render(draw, spec, lang)
    lines.append("EVENTS IN MAY 2023" if lang == "en" else "СОБЫТИЯ МАЯ 2023 ГОДА")
    lines.append("May 3: An event." if lang == "en" else "3 мая: Событие.")
    return "\n".join(lines), specs, lang


def expected_warnings(specs: list[Spec]) -> list[tuple[str, str]]:
    out = []
    for s in specs:
        total = sum(n for _, n, _ in s.items)
        if total < s.total and not s.others:
            out.append(("sum_below_total", s.code))
        elif total > s.total:
            out.append(("sum_exceeds_total", s.code))
    return out


@settings(max_examples=300)
@given(overview())
def test_variants_parse_to_their_figures(case: tuple[str, list[Spec], str]) -> None:
    text, specs, lang = case
    ov = read_text(text, MAPPER)
    got = [(b.code, b.total, b.others, [(i.code, i.count) for i in b.items]) for b in ov.blocks]
    want = [(s.code, s.total, s.others, [(c, n) for c, n, _ in s.items]) for s in specs]
    assert got == want, text
    assert ov.lang == lang and ov.period is not None and ov.period.label == "2023-05"
    flagged = [(w.kind, w.message.split()[1]) for w in ov.warnings]
    assert flagged == expected_warnings(specs), text
    assert [e.on.isoformat() for e in ov.events if e.on] == ["2023-05-03"]


@st.composite
def inline_block(draw: st.DrawFn) -> tuple[str, list[tuple[str, int]], bool, list[tuple[str, int]]]:
    codes = draw(st.lists(st.sampled_from(BLOCK_ITEMS["I"]), min_size=2, max_size=4, unique=True))
    items = [(c, draw(st.integers(1, 30)), draw(st.sampled_from(_phrases(c, "en")))) for c in codes]
    others = draw(st.booleans())
    parts = [f"{n} cases of {p}" for _, n, p in items]
    joined = (
        ", ".join(parts[:-1]) + draw(st.sampled_from([", as well as ", " and ", "; "])) + parts[-1]
    )
    total = sum(n for _, n, _ in items) + (2 if others else 0)
    adm = [
        ("L.administrative.false_info", draw(st.integers(1, 5))),
        ("L.administrative.defamation", draw(st.integers(1, 5))),
    ]
    adm_text = " and ".join(f"{n} {draw(st.sampled_from(_phrases(c, 'en')))}" for c, n in adm)
    text = "\n".join(
        [
            "Violations of freedom of speech in Kazakhstan, June 2022",
            f"{total} reports pertained to the right to freely receive and disseminate "
            f"information. These included {joined}{' and others' if others else ''}",
            f"{sum(n for _, n in adm) + 1} reports concerned legal cases against journalists, "
            "media and citizens. These included:",
            f"{sum(n for _, n in adm) + 1} administrative accusations, including {adm_text}",
        ]
    )
    return text, [(c, n) for c, n, _ in items], others, adm


@settings(max_examples=150)
@given(inline_block())
def test_inline_items_and_breakdowns(
    case: tuple[str, list[tuple[str, int]], bool, list[tuple[str, int]]],
) -> None:
    text, items, others, adm = case
    ov = read_text(text, MAPPER)
    assert [b.code for b in ov.blocks] == ["I", "L"], text
    assert [(i.code, i.count) for i in ov.blocks[0].items] == items, text
    assert ov.blocks[0].others is others
    acc = ov.blocks[1].items[0]
    assert acc.code == "L.administrative"
    assert [(p.code, p.count) for p in acc.items] == adm, text
    assert ov.period is not None and ov.period.label == "2022-06"
