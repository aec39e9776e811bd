"""Statistics sentences → blocks, items, breakdowns, facets, notes. Pure.

One Stats per document keeps the open block and the last item; locate.py decides which lines
are statistics and feeds them here, sentence by sentence.
"""

from __future__ import annotations

from speechwatch.overviews.counts import (
    FACET_RE,
    GRAND_RE,
    KK_FACET_RE,
    LEAD_INNER_RE,
    LEAD_START_RE,
    LEADING_RE,
    NOTE_RE,
    NOTE_START_RE,
    NUM_OF_THEM_RE,
    ONGOING_RE,
    OTHERS_RE,
    TRAILING_RE,
    parse_number,
    split_count,
    split_parts,
    split_sentences,
)
from speechwatch.overviews.mapping import ACCEPT, Mapper, Match
from speechwatch.overviews.matchers import NO_MATCH
from speechwatch.overviews.types import Block, Item, Warning

# ---------------------------------------------------------------- the parser


class Stats:
    """The statistics reader: one call per sentence, keeping the open block and last item."""

    def __init__(self, mapper: Mapper) -> None:
        self.mapper = mapper
        self.blocks: list[Block] = []
        self.block: Block | None = None
        self.item: Item | None = None
        self.warnings: list[Warning] = []
        self.grand: list[tuple[int, int]] = []

    # -- helpers
    def _open(self, phrase: str, total: int | None, match: Match, line: int) -> Block:
        b = Block(phrase, total, match, line)
        self.blocks.append(b)
        self.block, self.item = b, None
        return b

    def _add_item(self, it: Item) -> None:
        if self.block is None or (
            self.block.implicit and it.code and not it.code.startswith(self.block.code + ".")
        ):
            code = it.code.split(".", 1)[0] if it.code and not it.code.startswith("facet:") else ""
            self._open(
                "", None, Match(code, it.match.confidence if code else 0.0, "implied"), it.line
            )
            assert self.block is not None
            self.block.implicit = True
        self.block.items.append(it)
        self.item = it

    def _parts(self, tail: str, parent: Item, line: int) -> None:
        parts, others = split_parts(tail)
        parent.others = parent.others or others
        for p in parts:
            c = split_count(p)
            if c.count is None:
                parent.notes.append(p)
                continue
            match = self.mapper.part(c.phrase, parent.code)
            if not self.mapper.descendants(parent.code) and not match.accepted:
                # "Civil charges – 73, including 66 honour claims": the same category, narrowed.
                same = self.mapper.item(c.phrase, "", deep=False)
                if same.accepted and same.code == parent.code:
                    match = same
            parent.items.append(
                Item(
                    c.phrase,
                    c.count,
                    match,
                    line,
                    facet=match.code.startswith("facet:"),
                    notes=c.notes,
                )
            )

    def _block_items(self, tail: str, line: int) -> None:
        parts, others = split_parts(tail)
        if self.block is not None:
            self.block.others = self.block.others or others
        # After a grand total ("93 reports. Of them 47 …, 29 …") the parts are the blocks.
        in_block = self.block is not None
        for p in parts:
            self.clause(p, line, in_block=in_block)

    def _sub_header_item(self, phrase: str, count: int, notes: list[str], line: int) -> bool:
        """Under "Criminal charges:" (a category named without a count) the lines are its parts,
        until a line names a category of the same or a higher level ("Civil charges – 73")."""
        hdr = self.block.code if self.block is not None and not self.block.implicit else ""
        if "." not in hdr:
            return False
        anywhere = self.mapper.item(phrase, "", deep=False)
        if (
            anywhere.accepted
            and anywhere.code.count(".") <= hdr.count(".")
            and not anywhere.code.startswith(hdr + ".")
        ):
            self.block = self.item = None  # the header's list has ended
            return False
        under = self.mapper.descendants(hdr)
        m = self.mapper.run(phrase, under, deep=False) if under else NO_MATCH
        if not m.accepted:
            other = f"{hdr}.other"
            code = other if any(c.code == other for c in under) else hdr
            m = Match(code, ACCEPT, "header")
        assert self.block is not None
        it = Item(phrase, count, m, line, notes=notes)
        self.block.items.append(it)
        self.item = it
        return True

    # -- entry points
    def is_stat_line(self, text: str) -> bool:
        """Could this line belong to the statistics? Used to find where they start and end."""
        if LEAD_START_RE.match(text) or OTHERS_RE.fullmatch(text.strip()) or FACET_RE.match(text):
            return True
        if self.blocks and NOTE_RE.search(text):
            return True
        first = split_sentences(text)[0]
        head = LEAD_INNER_RE.split(first, maxsplit=1)[0]
        c = split_count(head)
        if c.count is not None:
            if (
                self.blocks
                and len(first) < 250
                and (LEADING_RE.match(first) or TRAILING_RE.match(head))
            ):
                return True  # a counted line inside the statistics, even if its words are new
            mb = self.mapper.block(c.phrase, deep=False)
            mi = self.mapper.item(c.phrase, self.block.code if self.block else "", deep=False)
            return max(mb.confidence, mi.confidence) >= 0.5
        if self.blocks and len(text) < 160:
            return self.mapper.item(
                c.phrase, self.block.code if self.block else "", deep=False
            ).accepted
        return False

    def line(self, text: str, line: int) -> None:
        for sentence in split_sentences(text):
            self.sentence(sentence, line)

    def sentence(self, s: str, line: int) -> None:
        stripped = s.strip()
        if OTHERS_RE.fullmatch(stripped):
            if self.block is not None:
                self.block.others = True
            return
        g = GRAND_RE.match(stripped)
        if g and self.mapper.block(split_count(stripped).phrase, deep=False).confidence < ACCEPT:
            self.grand.append((parse_number(g.group(1)), line))
            return
        lead = LEAD_START_RE.match(stripped)
        if lead:
            rest = stripped[lead.end() :]
            if rest:
                self._block_items(rest, line)
            return
        f = FACET_RE.match(stripped) or KK_FACET_RE.match(stripped)
        if f and (self.item is not None or self.block is not None):
            n, phrase = parse_number(f.group(1)), f.group(2).rstrip(" .;")
            parent_code = self.item.code if self.item else (self.block.code if self.block else "")
            match = self.mapper.facet_or_part(phrase, parent_code)
            sub = Item(phrase, n, match, line, facet=match.code.startswith("facet:"))
            if self.item is not None:
                self.item.items.append(sub)
            elif self.block is not None:
                self.block.notes.append(stripped)
            return
        if self.blocks and (
            NOTE_START_RE.match(stripped)
            or (NOTE_RE.search(stripped) and not LEADING_RE.match(stripped))
        ):
            assert self.block is not None
            self.block.notes.append(stripped)
            ongoing = ONGOING_RE.search(stripped)
            if ongoing:
                self.block.ongoing = int(ongoing.group(1))
            return
        self.clause(stripped, line, in_block=False)

    def clause(self, s: str, line: int, *, in_block: bool) -> None:
        s = NUM_OF_THEM_RE.sub(r"\1 ", s)
        m = LEAD_INNER_RE.search(s)
        head, tail = (s[: m.start()], s[m.end() :]) if m else (s, "")
        others = False
        if not tail:
            om = OTHERS_RE.search(head)
            if om and om.start() > 0:
                others, head = True, head[: om.start()]
        c = split_count(head)
        if c.count is not None and self._sub_header_item(c.phrase, c.count, c.notes, line):
            return
        open_code = self.block.code if self.block else ""
        if c.count is None:
            if not c.phrase:
                return
            mi = self.mapper.item(c.phrase, open_code, deep=False)
            if mi.accepted and self.blocks:  # "Report of copyright infringement": one
                it = Item(c.phrase, 1, mi, line, implicit_count=True, notes=c.notes)
                self._add_item(it)
                if others and self.block is not None:
                    self.block.others = True
                return
            mb = self.mapper.block(c.phrase, deep=False)
            if m is not None and not tail and mb.confidence >= 0.5:
                self._open(c.phrase, None, mb, line).notes.extend(c.notes)
                return
            self.warnings.append(Warning("unparsed", f"line {line}: not understood: {s!r}", line))
            if self.block is not None:
                self.block.notes.append(s)
            return
        mb = self.mapper.block(c.phrase, deep=False)
        mi = self.mapper.item(c.phrase, open_code, deep=False)
        better = mb.confidence > mi.confidence
        header = not in_block and (
            (better and (mb.accepted or m is not None or self.block is None))
            or (m is not None and not tail and not mi.accepted and mb.confidence >= 0.4)
            or (self.block is None and m is not None and not tail and not mi.accepted)
        )
        if header:
            if not mb.accepted:
                mb = self.mapper.block(c.phrase)
            b = self._open(c.phrase, c.count, mb, line)
            b.notes.extend(c.notes)
            b.others = others
            if tail:
                self._block_items(tail, line)
            return
        if not mi.accepted:
            mi = self.mapper.item(c.phrase, open_code)
        it = Item(c.phrase, c.count, mi, line, notes=c.notes)
        self._add_item(it)
        if others and self.block is not None:
            self.block.others = True
        if tail:
            self._parts(tail, it, line)
