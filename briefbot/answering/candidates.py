"""The sentences that might answer: each sentence of the retrieved passages, seen in its paper.

A paper is read once into a `PaperView`: its sentences in order, and for each the sentence it
leans on — the speaker line before a quotation ("Corporate Director ..., Darryl Freeman, said:"),
or the sentence before one that opens with "He", "She", "It" or "This" — and the bulleted or
numbered list it belongs to. A `Candidate` is one sentence with the passage it was found in.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from briefbot.ingest.furniture import is_page_number
from briefbot.ingest.sentences import paper_sentences
from briefbot.language.tokens import stems, tokenize, words
from briefbot.language.words import (
    ANAPHORS,
    GENERIC_NAMES,
    PERSONAL,
    PLACE_NOUNS,
    ROLE_WORDS,
    introduces,
)
from briefbot.models import Paper
from briefbot.store.retrieve import Hit

_OPENING_QUOTE = tuple("“\"‘'«")
_SUBJECT_WORDS = 6  # where a sentence's subject is looked for
_SUBJECT_MIN_WORDS = 3  # a person, a verb and what it does
# A sentence opening on a full name and the verb after it: "Niki Gordon addressed…".
_NAMED_SUBJECT = re.compile(r"([A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+){1,2}),? [a-z]")
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Sir|Dame|Lord|Lady)\.?\s+[A-Z]")
_VERBS = r"(?:said|says|added|adds|commented|explained|stated|told|continued|remarked|warned)"
_REPORTING_VERBS = rf"(?:{_VERBS}|noted|insisted|argued|wrote|responded|replied)"
_REPORTING = re.compile(rf"\b{_REPORTING_VERBS}\b|:\s*$", re.IGNORECASE)
# A speaker opening a quotation in the middle of a paragraph: 'said: "', 'told Cabinet: “'.
_QUOTE_OPENED = re.compile(rf"\b{_REPORTING_VERBS}(?: \w+)?\s*[:,]?\s*[“\"]", re.IGNORECASE)
# A paragraph of minutes opening with who spoke, its points following in reported speech.
_SPOKE = re.compile(
    rf"\b(?:{_REPORTING_VERBS}|spoke|reported|introduced|asked|welcomed|highlighted"
    r"|emphasi[sz]ed)\b",
    re.IGNORECASE,
)
# A quotation closed by its speaker: '“...,” said Mr Freeman.' or '“...,” he added.'
_ATTRIBUTED = re.compile(
    rf"[”\"’']\s*,?\s*(?:[\w.’'-]+\s+){{0,6}}?{_VERBS}\b"
    rf"|,\s+(?:[\w.’'-]+\s+){{1,5}}?{_VERBS}[.!]?\s*$",
    re.IGNORECASE,
)
_BY_PRONOUN = re.compile(rf"[”\"’']\s*,?\s*(?:he|she|they|it)\s+{_VERBS}\b", re.IGNORECASE)
# "It was resolved that ...", "It is important to ...": an empty "it" needs no antecedent.
_EMPTY_IT = re.compile(r"^it\s+(?:is|was|will be|would be|has been|had been)\s+\w+\s+(?:that|to)\b")
_BULLET = re.compile(
    r"^\s*(?:[·•▪◦‣●○■□➢➤✓✔\-–—*+]|\(?[a-zA-Z]\)|\(?\d{1,3}[.)]|"
    r"\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)])\s+"
)
MAX_LIST_ITEMS = 10
ITEM_WORDS = 60  # an item longer than this is quoted by its first sentence
MAX_LINES = 12  # lines an introduction ("the voting was as follows:") is read with
LINE_WORDS = 6  # a block this short is a line ("For (57)", "Motion carried.")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    block: int


class PaperView:
    """A paper's sentences, and what each needs beside it to be understood."""

    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        self.sentences: list[Sentence] = []
        for start, end, number in paper_sentences(paper.text, paper.blocks):
            self.sentences.append(Sentence(start, end, number))
        self._at = {s.start: i for i, s in enumerate(self.sentences)}
        self._starts = [s.start for s in self.sentences]
        self.memo: dict[str, Any] = {}  # what readers derive from the paper, kept with it
        self._by_block: list[list[int]] = [[] for _ in paper.blocks]
        for i, s in enumerate(self.sentences):
            self._by_block[s.block].append(i)

    def text(self, index: int) -> str:
        sentence = self.sentences[index]
        return self.paper.text[sentence.start : sentence.end]

    def index_at(self, start: int) -> int | None:
        return self._at.get(start)

    def within(self, start: int, end: int) -> list[int]:
        """The sentences inside a span of the paper's text, in order."""
        first = bisect_left(self._starts, start)
        found = []
        for i in range(first, len(self.sentences)):
            if self.sentences[i].start >= end:
                break
            if self.sentences[i].end <= end:
                found.append(i)
        return found

    @cached_property
    def masthead(self) -> str:
        """What frames every sentence of a paper: its title, publisher and committee."""
        meta = self.paper.meta
        return " ".join(filter(None, (meta.title, meta.publisher, meta.committee)))

    def block_of(self, index: int) -> int:
        return self.sentences[index].block

    def is_heading(self, index: int) -> bool:
        block = self.paper.blocks[self.block_of(index)]
        text = self.text(index).strip()
        return (
            block.heading
            or text == self.paper.meta.title.strip()
            or (len(text.split()) < 10 and text[-1:] not in '.!?:"”’);')
        )

    def is_item(self, index: int) -> bool:
        block = self.paper.blocks[self.block_of(index)]
        return block.item or bool(_BULLET.match(self.paper.text[block.start : block.end]))

    # -- what a sentence leans on ---------------------------------------------------------

    @cached_property
    def _leads(self) -> dict[int, int]:
        leads: dict[int, int] = {}
        for index in range(len(self.sentences)):
            found = self._speaker(index)
            if found is None:
                found = self._antecedent(index)
            if found is not None and found != index:
                leads[index] = found
        return leads

    def lead(self, index: int) -> int | None:
        """The sentence this one needs beside it: its speaker, or its antecedent."""
        return self._leads.get(index)

    def in_quotation(self, index: int) -> bool:
        """Whether the sentence is part of a quotation (a paragraph opening with a quote)."""
        return self._quoted_block(self.block_of(index)) or self.text(index).lstrip().startswith(
            _OPENING_QUOTE
        )

    def _quoted_block(self, block: int) -> bool:
        paper = self.paper.blocks[block]
        return self.paper.text[paper.start : paper.end].lstrip().startswith(_OPENING_QUOTE)

    def _speaker(self, index: int) -> int | None:
        """For a sentence of a quotation, the line introducing its speaker ("X said:"); for
        one closing with "he added", the sentence before that names him."""
        text = self.text(index)
        if _ATTRIBUTED.search(text):
            if not _BY_PRONOUN.search(text):
                return None  # '..., said director of children's services Darryl Freeman.'
            for previous in range(index - 1, max(-1, index - 5), -1):
                said = self.text(previous)
                if _REPORTING.search(said) and not _BY_PRONOUN.search(said):
                    return previous
            return None
        opener = self._opened_in_paragraph(index)
        if opener is not None:
            return opener
        block = self.block_of(index)
        if not self._quoted_block(block):
            return None
        while block > 0 and self._quoted_block(block - 1):
            block -= 1
            named = [i for i in self.within_block(block) if _ATTRIBUTED.search(self.text(i))]
            if named:  # an earlier paragraph of the same quotation names its speaker
                return (
                    self._speaker(named[-1])
                    if _BY_PRONOUN.search(self.text(named[-1]))
                    else named[-1]
                )
        if block == 0:
            return None
        before = self.within_block(block - 1)
        if not before:
            return None
        speaker = before[-1]
        return speaker if _REPORTING.search(self.text(speaker)) else None

    def _opened_in_paragraph(self, index: int) -> int | None:
        """For a sentence inside a quotation its speaker opened earlier in the same paragraph
        ('Councillor Sam Pennick, Cabinet Member…, said: "I know how much…' / 'Generations of
        Plymouth children learned to swim there…'), the sentence that opened it; None when the
        quotation closed before it."""
        start = self.sentences[index].start
        for earlier in reversed([i for i in self.within_block(self.block_of(index)) if i < index]):
            if _QUOTE_OPENED.search(self.text(earlier)):
                between = self.paper.text[self.sentences[earlier].start : start]
                still_open = between.count('"') % 2 == 1 or between.count("“") > between.count("”")
                return earlier if still_open else None
        return None

    def reported_by(self, index: int) -> int | None:
        """For a point of minutes given in reported speech, the paragraph's opening sentence
        when it says who spoke ("The chairperson of the scrutiny committee spoke on the report.
        … Good project management was critical…"); None for the opener itself."""
        opener = self.within_block(self.block_of(index))[0]
        return opener if opener != index and _SPOKE.search(self.text(opener)) else None

    def within_block(self, block: int) -> list[int]:
        return self._by_block[block]

    def _antecedent(self, index: int) -> int | None:
        """For "This funding...", the sentence before it (past others that lean back too); for
        "She summarised...", the nearest of the three before that names a person ("The
        chairperson of the committee spoke. The committee had not met. He commented...")."""
        at = index
        for _ in range(3):
            if at == 0 or not _anaphoric(self.text(at)):
                break
            previous = at - 1
            if self.is_heading(previous):
                break
            at = previous
        if at != index and _personal(self.text(index)) and not _names_person(self.text(at)):
            for earlier in range(at - 1, max(-1, index - 4), -1):
                if self.is_heading(earlier):
                    break
                if _names_person(self.text(earlier)):
                    return earlier
        return at if at != index else None

    # -- lists ----------------------------------------------------------------------------

    def list_around(self, index: int) -> tuple[int | None, list[int]]:
        """The list a sentence belongs to or introduces: (its intro sentence, its item blocks)."""
        block = self.block_of(index)
        blocks = self.paper.blocks
        if not self.is_item(index):
            following = block + 1
            ends_colon = introduces(self.text(index))
            last_of_block = self.within_block(block)[-1] == index
            if not (ends_colon and last_of_block and following < len(blocks)):
                return None, []
            first_item = self.within_block(following)
            if not first_item or not self.is_item(first_item[0]):
                return None, []
            block = following
        start = block
        while start > 0 and self._item_block(self._before_item(start)):
            start = self._before_item(start)
        end = block
        while end + 1 < len(blocks) and self._item_block(self._after_item(end)):
            end = self._after_item(end)
        items = [b for b in range(start, end + 1) if self._item_block(b)][:MAX_LIST_ITEMS]
        intro = None
        if start > 0:
            before = self.within_block(start - 1)
            if before and introduces(self.text(before[-1])):
                intro = before[-1]
        return intro, items

    def introduced(self, index: int) -> tuple[int | None, list[int]]:
        """The lines a sentence ending in a colon introduces when they are not a bulleted list:
        the blocks after it that are lines rather than prose (short, or unfinished like a list
        of names or a table's row), up to the next paragraph, item or introduction — a vote's
        "For (57)", its names, "Against (0)", "Motion carried."; a caption's rows. For the
        introduction or one of its lines: (the introduction, the lines' blocks)."""
        block = self.block_of(index)
        if introduces(self.text(index)):
            if self.within_block(block)[-1] != index:
                return None, []
            intro, first = index, block + 1
        else:
            first = block
            while first > 0 and block - first < MAX_LINES and self._line_block(first - 1):
                first -= 1
            if not self._line_block(block) or first == 0:
                return None, []
            before = self.within_block(first - 1)
            if not before or not introduces(self.text(before[-1])):
                return None, []
            intro = before[-1]
        lines = []
        for following in range(first, min(len(self.paper.blocks), first + MAX_LINES)):
            if not self._line_block(following):
                break
            lines.append(following)
        return (intro, lines) if lines else (None, [])

    def _line_block(self, block: int) -> bool:
        """A block that is a line, not prose: a few words, or an unfinished line of names or a
        table's row ("Mr Baker, Mr Baldock, …", "Polly Gegg (PG) | Jude Smith (JS)"); never an
        item, a heading, or an introduction of its own."""
        sentences = self.within_block(block)
        if not sentences or self.is_item(sentences[0]) or self.paper.blocks[block].heading:
            return False
        text = self.paper.text[self.paper.blocks[block].start : self.paper.blocks[block].end]
        text = text.strip()
        if introduces(text):
            return False
        found = text.split()
        if len(found) <= LINE_WORDS:
            return True
        named = sum(1 for word in found if word[:1].isupper()) >= len(found) / 2
        return text[-1:] not in '.!?”"’' and (" | " in text or named)

    def _before_item(self, block: int) -> int:
        """The block before an item, past a page number standing alone between two items (an
        agenda's contents: "3. Minutes of the meeting held on 24 September 2009" / "3" /
        "4. Annual complaints report 9")."""
        before = block - 1
        return before - 1 if before > 0 and self._page_number(before) else before

    def _after_item(self, block: int) -> int:
        after = block + 1
        last = len(self.paper.blocks) - 1
        return after + 1 if after < last and self._page_number(after) else after

    def _page_number(self, block: int) -> bool:
        found = self.paper.blocks[block]
        return is_page_number(self.paper.text[found.start : found.end])

    def _item_block(self, block: int) -> bool:
        sentences = self.within_block(block)
        return bool(sentences) and self.is_item(sentences[0])

    def item_span(self, block: int) -> tuple[int, int]:
        """What a list item quotes: its whole block, or its first sentence when it is long."""
        sentences = self.within_block(block)
        start, end = self.sentences[sentences[0]].start, self.sentences[sentences[-1]].end
        if len(self.paper.text[start:end].split()) > ITEM_WORDS:
            end = self.sentences[sentences[0]].end
        return start, end


def _personal(text: str) -> bool:
    """Whether a sentence opens with "he" or "she": it leans on a person, not on a thing."""
    first = text.lstrip("“\"‘'«·•-–—*( ").split(" ", 1)[0].lower().strip(",;:")
    return first in PERSONAL


def _names_person(text: str) -> bool:
    """Whether a sentence opens on a person, as its subject: a role ("The chairperson of the
    committee spoke", "Paul Walker, Chief Executive, said"), a title and name ("Mr Freeman
    said") in its first words, or a name and the verb after it ("Niki Gordon addressed the
    meeting"). "The committee had not met, but the chair..." does not, nor "Parish Council
    agreed"."""
    if len(text.split()) < _SUBJECT_MIN_WORDS:
        return False  # a fragment left by a broken line ("Councillor.") is no one's sentence
    opening = " ".join(text.split()[:_SUBJECT_WORDS])
    if _TITLED.search(opening) or set(stems(words(opening))) & ROLE_WORDS:
        return True
    named = _NAMED_SUBJECT.match(opening)
    return named is not None and not set(tokenize(named.group(1))) & (GENERIC_NAMES | PLACE_NOUNS)


def _anaphoric(text: str) -> bool:
    lowered = text.lstrip("“\"‘'«·•-–—*( ").lower()
    first = lowered.split(" ", 1)[0].strip(",;:")
    if first not in ANAPHORS and not lowered.startswith(("the latter", "the former")):
        return False
    return not _EMPTY_IT.match(lowered)


@dataclass
class Candidate:
    """A sentence that might answer, with the passage it was found in and its evidence."""

    view: PaperView
    index: int
    hit: Hit
    rank: int
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0

    @property
    def paper(self) -> Paper:
        return self.view.paper

    @property
    def paper_id(self) -> str:
        return self.view.paper.id

    @property
    def start(self) -> int:
        return self.view.sentences[self.index].start

    @property
    def end(self) -> int:
        return self.view.sentences[self.index].end

    @cached_property
    def text(self) -> str:
        return self.view.text(self.index)

    @property
    def lead(self) -> int | None:
        return self.view.lead(self.index)

    def neighbour(self, step: int) -> int | None:
        at = self.index + step
        return at if 0 <= at < len(self.view.sentences) else None

    @property
    def key(self) -> tuple[str, int]:
        return (self.paper_id, self.start)


def gather(hits: list[Hit], view_of: dict[str, PaperView]) -> list[Candidate]:
    """Every sentence of the passages found, and the sentence either side of each passage (the
    answer often sits just past the words that echo the question); headings left out."""
    seen: set[tuple[str, int]] = set()
    found: list[Candidate] = []
    for rank, hit in enumerate(hits):
        view = view_of[hit.passage.paper_id]
        inside = view.within(hit.passage.start, hit.passage.end)
        if not inside:
            continue
        around = [i for i in (inside[0] - 1, inside[-1] + 1) if 0 <= i < len(view.sentences)]
        for index in inside + around:
            candidate = Candidate(view, index, hit, rank)
            if candidate.key in seen or view.is_heading(index):
                continue
            if len(tokenize(candidate.text)) < 2:
                continue
            seen.add(candidate.key)
            found.append(candidate)
    return found
