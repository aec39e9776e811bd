"""Stage "actors" (order 50): people, outlets, state bodies and organisations named in an item.

All languages: a role word followed by a capitalised name ("журналиста Махамбета Абжана",
"тілшісі Айжан Тлеуованы", "journalist Jane Doe"), outlet and body gazetteers
(data/actors/*.yaml) and quoted names after an outlet word (издание «Орда»). Russian names go
to the nominative with pymorphy3; Kazakh case endings are stripped. Russian items that mention
a role word but where the rules found no person get natasha's NER (PER) over the sentences of
the headline and lead that hold the role word, batched: natasha costs
about 6 ms per 300-character text even batched, so running it on every item would cap the
stages before embeddings far below 1,000 items/s (docs/triage.md has the numbers). Mentions
are matched to existing Actors across scripts (`speechwatch.lib.text.match_key`, then
`speechwatch.actors.matching.suggest_matches`); the "actors" loader builds that index from the
database, or leaves it empty without one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from speechwatch.actors.matching import ActorNames, suggest_matches
from speechwatch.lib.text import match_key
from speechwatch.triage.context import LoadOptions, register_loader
from speechwatch.triage.stages import STAGES, register
from speechwatch.triage.types import ActorMention, Document, Evidence, Triage

DATA = Path(__file__).resolve().parent / "data" / "actors"
NER_CHARS = 400  # natasha reads the headline and lead only
NER_MIN_SCORE = 0.3  # natasha only for items the relevance stage scores at least this
MATCH_SCORE = 92.0  # fuzzy match to a stored actor only when the spelling is this close

_CAP = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһіäöüışğñáǵńóúý'’-]+"
# Words of one name are separated by spaces only: a name never spans the headline/body line
# break ("…Аскар Нурланов\nВчера") nor a sentence end (no "." inside _CAP).
_GAP = r"[^\S\n]+"
_NAME_RE = re.compile(rf"{_CAP}(?:{_GAP}{_CAP}){{1,2}}")
_CAP_PAIR_RE = re.compile(rf"(?<![.!?«\"]\s)(?<!^){_CAP}{_GAP}{_CAP}")
_QUOTED_RE = re.compile(r"[«\"“]([^«»\"“”]{2,40})[»\"”]")
_WORD_RE = re.compile(r"[^\W\d_]+")
_KK_CASE = ("ның", "нің", "дың", "дің", "тың", "тің", "ны", "ні", "ды", "ді", "ты", "ті",
            "ға", "ге", "қа", "ке", "на", "не", "да", "де", "та", "те", "дан", "ден", "тан",
            "тен", "нан", "нен", "мен", "бен", "пен", "ға", "ге")  # fmt: skip
_KK_CASE_SORTED = tuple(sorted(set(_KK_CASE), key=len, reverse=True))
_SURNAME_END = re.compile(r"(?:ов|ев|ова|ева|ин|ина|ұлы|қызы|улы|кызы)$")


@dataclass(eq=False)  # hashable by identity: per-language role tuples are cached on it
class Gazetteers:
    roles: dict[str, tuple[str, ...]]
    skip: frozenset[str]
    named: re.Pattern[str]  # every outlet and organisation name in one alternation
    named_kind: dict[str, tuple[str, str]]  # matched name → (entry name, outlet|organisation)
    outlet_words: frozenset[str]
    bodies: list[tuple[dict[str, str], re.Pattern[str]]]


def _names_re(names: Sequence[str]) -> re.Pattern[str]:
    # Names match case-sensitively, as listed: "Диапазон" the outlet, not "в диапазоне".
    alts = sorted((re.escape(n) for n in names), key=len, reverse=True)
    return re.compile(rf"(?<![\w.])(?:{'|'.join(alts)})(?![\w])")


def _stems_re(stems: Sequence[str]) -> re.Pattern[str]:
    parts = []
    for s in sorted(stems, key=len, reverse=True):
        if s.isupper():
            parts.append(rf"(?-i:{re.escape(s)})(?!\w)")  # abbreviations: exact case
        elif len(s) <= 4:
            parts.append(rf"{re.escape(s)}(?!\w)")
        else:
            parts.append(rf"{re.escape(s)}\w*")
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})", re.IGNORECASE)


@cache
def gazetteers() -> Gazetteers:
    roles = yaml.safe_load((DATA / "roles.yaml").read_text(encoding="utf-8"))
    outlets = yaml.safe_load((DATA / "outlets.yaml").read_text(encoding="utf-8"))
    bodies = yaml.safe_load((DATA / "bodies.yaml").read_text(encoding="utf-8"))
    kinds = [("outlet", o) for o in outlets["outlets"]]
    kinds += [("organisation", o) for o in bodies["organisations"]]
    named = [o for _, o in kinds]
    return Gazetteers(
        roles={k: tuple(v) for k, v in roles["person_roles"].items()},
        skip=frozenset(roles["skip_words"]),
        named=_names_re([n for o in named for n in o["names"]]),
        named_kind={n: (o["name"], kind) for kind, o in kinds for n in o["names"]},
        outlet_words=frozenset(outlets["outlet_words"]),
        bodies=[(b["name"], _stems_re(b["stems"])) for b in bodies["state_bodies"]],
    )


@cache
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def ru_nominative(name: str) -> str:
    """ "Махамбета Абжана" → "Махамбет Абжан", "Айжан Тлеуову" → "Айжан Тлеуова"."""
    morph = _morph()
    words = name.split()
    parses = [morph.parse(w) for w in words]
    gender = None
    for ps in parses:
        for p in ps:
            if "Name" in p.tag:
                gender = p.tag.gender
                break
        if gender:
            break
    out = []
    for word, ps in zip(words, parses, strict=True):
        best = None
        for p in ps:
            if {"Name", "Surn", "Patr"} & set(p.tag.grammemes) and (
                gender is None or p.tag.gender in (gender, None)
            ):
                best = p
                break
        if best is None:
            out.append(word)
            continue
        grams = {"nomn", "sing"} | ({gender} if gender else set())
        inflected = best.inflect(grams) or best.inflect({"nomn"})
        form = inflected.word if inflected else word
        out.append(form[:1].upper() + form[1:] if word[:1].isupper() else form)
    return " ".join(out)


def kk_strip(name: str) -> str:
    """Kazakh case ending off the last word: "Айжан Тлеуованы" → "Айжан Тлеуова"."""
    words = name.split()
    last = words[-1]
    for end in _KK_CASE_SORTED:
        base = last[: -len(end)]
        if last.endswith(end) and len(base) >= 3 and (_SURNAME_END.search(base) or len(end) > 2):
            words[-1] = base
            break
    return " ".join(words)


def _normalise(name: str, lang: str) -> str:
    name = name.strip(" -'’")
    if lang == "ru":
        return ru_nominative(name)
    if lang == "kk":
        return kk_strip(name)
    return re.sub(r"['’]s$", "", name)


@cache
def _single_roles(g: Gazetteers, lang: str) -> tuple[str, ...]:
    """One-word role stems of `lang` (all languages for an unknown one), for str.startswith."""
    roles = g.roles.get(lang) or tuple(r for rs in g.roles.values() for r in rs)
    return tuple(r for r in roles if " " not in r)


def _role_names(text: str, lang: str, g: Gazetteers) -> list[tuple[str, int, int]]:
    """Capitalised names right after a role word ("журналиста Махамбета Абжана")."""
    roles = _single_roles(g, lang)
    out = []
    for m in _WORD_RE.finditer(text):
        if not m.group(0).casefold().startswith(roles):
            continue
        pos = m.end()
        # Skip up to a few filler words and a quoted outlet name between role and name.
        for _ in range(4):
            rest = text[pos:]
            q = re.match(r"\s*[«\"“][^»\"”]{1,40}[»\"”]", rest)
            if q:
                pos += q.end()
                continue
            w = re.match(r"\s*([^\W\d_]+)", rest)
            if w and w.group(1).casefold() in g.skip:
                pos += w.end()
                continue
            break
        n = _NAME_RE.match(text, len(text[:pos]) + len(text[pos:]) - len(text[pos:].lstrip(" ,—-")))
        if n:
            out.append((n.group(0), n.start(), n.end()))
    return out


def extract(
    text: str, lang: str, ner_spans: Sequence[tuple[int, int, str]] = ()
) -> list[ActorMention]:
    """Actor mentions in one text; `ner_spans` are (start, end, PER|ORG) from natasha."""
    g = gazetteers()
    found: dict[tuple[str, str], list[Evidence]] = {}

    def add(name: str, kind: str, start: int, end: int) -> None:
        if name:
            found.setdefault((name, kind), []).append(Evidence(start, end, text[start:end]))

    taken: list[tuple[int, int]] = []
    # Outlets and organisations are reported as first written in the item ("Адил соз").
    first: dict[str, str] = {}
    for m in g.named.finditer(text):
        entry, kind = g.named_kind[m.group(0)]
        add(first.setdefault(entry, m.group(0)), kind, m.start(), m.end())
        taken.append((m.start(), m.end()))
    for labels, pattern in g.bodies:
        body = pattern.search(text)
        if body:
            add(labels.get(lang) or labels["en"], "state_body", body.start(), body.end())
    for m in _QUOTED_RE.finditer(text):
        before = _WORD_RE.findall(text[max(0, m.start() - 30) : m.start()])
        after_word = bool(before) and before[-1].casefold() in g.outlet_words
        if after_word and not any(a <= m.start(1) < b for a, b in taken):
            add(m.group(1).strip(), "outlet", m.start(1), m.end(1))
    for raw, start, end in _role_names(text, lang, g):
        add(_normalise(raw, lang), "person", start, end)
    for start, end, kind in ner_spans:
        raw = text[start:end]
        if kind == "PER" and " " in raw:
            add(_normalise(raw, "ru"), "person", start, end)
    # One person under two forms (NER and pattern agree after normalising): keep one.
    return [
        ActorMention(name=name, type=kind, evidence=tuple(ev)) for (name, kind), ev in found.items()
    ]


@dataclass
class ActorIndex:
    names: list[ActorNames] = field(default_factory=list)
    exact: dict[str, int] = field(default_factory=dict)

    def match(self, name: str) -> int | None:
        key = match_key(name)
        if key in self.exact:
            return self.exact[key]
        if not self.names:
            return None
        best = suggest_matches(name, self.names, limit=1, min_score=MATCH_SCORE)
        return int(best[0][0]) if best else None


@register_loader("actors")
def load_actors(options: LoadOptions) -> ActorIndex:
    """Known actors (id and every spelling) for matching; empty without the database."""
    index = ActorIndex()
    if not options.use_db:
        return index
    from speechwatch.actors.models import Actor

    for pk, name, variants in Actor.objects.values_list("pk", "name", "name_variants"):
        names = (name, *(v for v in variants or [] if isinstance(v, str)))
        index.names.append(ActorNames(key=str(pk), names=names))
        for n in names:
            index.exact.setdefault(match_key(n), pk)
    return index


@register_loader("ner")
def load_ner(options: LoadOptions) -> Any:
    """natasha's news NER for Russian (loaded once: ~1 s, ~250 MB); pymorphy3's dictionary
    too (~0.4 s), which the first Russian name would otherwise load in the middle of a batch."""
    from natasha import NewsEmbedding, NewsNERTagger

    _morph()

    return NewsNERTagger(NewsEmbedding())


# A sentence runs to a line break or to ".!?" before a space ("Vlast.kz" stays whole).
_SENTENCE_RE = re.compile(r"(?:[^\n.!?]|[.!?]+(?![\s]|$))*(?:[.!?]+|\n|$)")


def _ner_span(text: str, g: Gazetteers) -> tuple[int, int] | None:
    """The stretch natasha reads: from the first to the last sentence (of the headline and
    lead) holding a Russian role word, when two capitalised words in a row (a first and last
    name) stand somewhere; None when there is no such sentence. natasha's cost grows with the
    text, so it reads these sentences rather than the whole lead."""
    if not any(_NAME_RE.match(text, m.start()) for m in _CAP_PAIR_RE.finditer(text)):
        return None
    roles = g.roles["ru"]
    span: tuple[int, int] | None = None
    for sent in _SENTENCE_RE.finditer(text):
        a, b = sent.span()
        if a != b and any(w.casefold().startswith(roles) for w in _WORD_RE.findall(sent.group(0))):
            span = (span[0] if span else a, b)
    return span


@register("actors", 50)
def actors_stage(docs: Sequence[Document], results: list[Triage], context: Any) -> None:
    texts = [d.full_text for d in docs]
    found = [
        extract(t, r.lang or d.lang_hint) for t, r, d in zip(texts, results, docs, strict=True)
    ]
    if "relevance" not in STAGES or "actors_ner" not in STAGES:
        _ner_refine(texts, results, found, context, range(len(docs)))  # no score to wait for
    _set(results, found, range(len(docs)), context)


@register("actors_ner", 65)
def actors_ner_stage(docs: Sequence[Document], results: list[Triage], context: Any) -> None:
    """natasha, after the relevance stage: only for items scoring at least NER_MIN_SCORE (the
    persons of a likely violation fill the draft incident and tie its reports together; a
    background item's come from the patterns alone)."""
    if "actors" not in STAGES or "relevance" not in STAGES:
        return
    texts = [d.full_text for d in docs]
    todo = [i for i, r in enumerate(results) if r.score >= NER_MIN_SCORE]
    found: list[list[ActorMention]] = [list(r.actors) for r in results]
    changed = _ner_refine(texts, results, found, context, todo)
    _set(results, found, changed, context)


def _ner_refine(
    texts: Sequence[str],
    results: Sequence[Triage],
    found: list[list[ActorMention]],
    context: Any,
    among: Iterable[int],
) -> list[int]:
    """natasha's persons (batched) for the Russian items `among` where the rules found nobody
    although a role word is there; returns the items whose mentions changed."""
    ner = context.get("ner") if context is not None else None
    if ner is None:
        return []
    g = gazetteers()
    todo = []
    for i in among:
        if results[i].lang == "ru" and not any(m.type == "person" for m in found[i]):
            span = _ner_span(texts[i][:NER_CHARS], g)
            if span is not None:
                todo.append((i, span[0], span[1]))
    chunks = [texts[i][a:b] for i, a, b in todo]
    changed = []
    for (i, a, _b), markup in zip(todo, ner.map(chunks), strict=True):
        spans = [(a + s.start, a + s.stop, s.type) for s in markup.spans if s.type == "PER"]
        if spans:
            found[i] = extract(texts[i], "ru", spans)
            changed.append(i)
    return changed


def _set(
    results: list[Triage], found: list[list[ActorMention]], rows: Iterable[int], context: Any
) -> None:
    index = context.get("actors") if context is not None else None
    for i in rows:
        mentions = found[i]
        if index is not None and (index.exact or index.names):
            mentions = [
                ActorMention(m.name, m.type, index.match(m.name), m.evidence) for m in mentions
            ]
        results[i].actors = mentions
