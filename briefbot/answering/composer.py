"""Scored candidates -> the cited answer: for each part, the sentences (or list items) that answer
it, or a plain line saying the papers don't; then the papers' dates and any real disagreement.

Every sentence shown is quoted verbatim with its citation. The only words briefbot adds are the
bullets of a list, the "The papers don't say: ..." line of a part left unanswered, and the notes
on dates and differences.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace

import numpy as np

from briefbot.answering.candidates import LINE_WORDS, Candidate, PaperView
from briefbot.answering.features import carried
from briefbot.answering.question import Part
from briefbot.ingest.minutes import motion_at, record_of
from briefbot.language.dates import (
    MONTH_NAMES,
    When,
    financial_years,
    find_dates,
    paper_date_label,
)
from briefbot.language.entities import FULL_DATE, NEEDS, PATTERNS
from briefbot.language.glossary import glossary
from briefbot.language.papers import other_publishers
from briefbot.language.tokens import tokenize
from briefbot.language.words import ASKS_VOTE, PAPER_RELATIVE, introduces
from briefbot.models import Citation, Paper, SourcePassage, date_key, format_locator
from briefbot.store.retrieve import Hit

REFUSAL = "The indexed papers don't answer this."
UNANSWERED = "The papers don't say: {part}"
AS_ABOVE = "The passage quoted above answers this too."
AS_ABOVE_ALL = "The passages quoted above answer this too."
MAX_SENTENCES = 3  # per part
MAX_LIST_SENTENCES = 5  # per part asking for a list that no list in the papers answers
LIST_MARGIN = 2.0  # ... whose further sentences may rank this many margins below the best
RIVAL_MARGINS = 2.0  # a runner-up giving another value of what is asked: shown this far below
NOW_MARGINS = 5.0  # ... and a later paper's value, to a question about now
DUPLICATE = 0.6  # word-set overlap above which two sentences say the same thing
SAME_QUANTITY = 0.5  # share of concepts two clauses need to state the same quantity
SAME_SENTENCE_MEANING = 0.6  # ... and how alike the sentences must be in meaning
_DIFFERING_KINDS = ("when", "how_much", "how_many")


@dataclass
class Quote:
    """A span of a paper to quote, and the sentence it leans on."""

    view: PaperView
    start: int
    end: int
    lead: tuple[int, int] | None = None
    item: bool = False

    @property
    def paper_id(self) -> str:
        return self.view.paper.id


@dataclass
class PartAnswer:
    """One part's outcome: the candidates weighed (best first) and what was chosen."""

    part: Part
    ranked: list[Candidate]
    confidence: float = 0.0  # the judge's chance that the best candidate answers the part
    chosen: list[Candidate] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    listed: bool = False

    @property
    def answered(self) -> bool:
        return bool(self.quotes)


VERSION_REACH = 5  # how far down the ranking another paper's version of the statement is sought


def choose(
    part: Part, ranked: list[Candidate], confidence: float, threshold: float, margin: float
) -> PartAnswer:
    """The best candidate if the judge is confident enough, then up to two more ranked nearly
    as high that add something new; for a list question, the list the best one belongs to."""
    result = PartAnswer(part, ranked, confidence)
    if not ranked or confidence < threshold:
        return result
    best = ranked[0]
    opens_list = introduces(best.text)  # "It was resolved that:" says nothing alone
    if (part.wants_list or opens_list) and _choose_list(result, ranked[:3], best.score - margin):
        return result
    # the lines an introduction reads with (a vote's counts and names, a caption's rows), when
    # the best is one of them and asked for a list, or says little alone
    if part.wants_list or opens_list or len(best.text.split()) <= LINE_WORDS:
        if _choose_lines(result, best):
            return result
    chosen = [best]
    if part.wants_list:  # no list holds the answer: its items are sentences of one paper
        chosen += _items_said(part, best, ranked, best.score - LIST_MARGIN * margin)
    for place, candidate in enumerate(ranked[1:], 1):
        if len(chosen) >= MAX_SENTENCES or place > VERSION_REACH:
            break
        if any(candidate is other or _same_claim(part, candidate, other) for other in chosen):
            continue
        # nearly as good; or another paper's version of the same statement with another value,
        # which a councillor must see (a change since, or papers that disagree) - unless it is
        # another council's own, and the question named whose it asks about
        versions = not (part.names and _another_council(candidate, best))
        if candidate.score >= best.score - margin or (
            versions
            and (
                _other_version(part, candidate, chosen)
                or _rival(part, candidate, best, best.score - RIVAL_MARGINS * margin)
                or _newer(part, candidate, best, best.score - NOW_MARGINS * margin)
            )
        ):
            chosen.append(candidate)
    if part.time == "now":  # the latest paper that answers comes first
        chosen.sort(key=lambda c: -date_key(c.hit.passage.date))
    quotes = [_continued(part, c, _quote(c)) for c in chosen]
    kept = _once(quotes)
    result.chosen = [chosen[i] for i in kept]
    result.quotes = [quotes[i] for i in kept]
    return result


def told(part: Part, candidate: Candidate, said: dict[tuple[str, int], set[str]]) -> bool:
    """Whether a sentence already quoted for an earlier part gives this part nothing of its own:
    of the kind it asks for (a date, an amount, a person...), nothing the earlier part did not
    take from it. A part asking for no such thing cannot tell, and keeps the sentence."""
    taken = said.get((candidate.paper_id, candidate.index))
    if taken is None or part.kind not in NEEDS:
        return False
    return set(carried(part, candidate.text)) <= taken


def remember(outcome: PartAnswer, said: dict[tuple[str, int], set[str]]) -> None:
    """Note what each sentence chosen for a part answered it with, for the parts after it."""
    for candidate in outcome.chosen:
        key = (candidate.paper_id, candidate.index)
        said[key] = said.get(key, set()) | set(carried(outcome.part, candidate.text))


def _once(quotes: list[Quote]) -> list[int]:
    """The quotes to show, each sentence once: a sentence that another chosen quote leans on
    ("X spoke on the report." for "He commented that...") is shown with that quote, in its own
    place, not a second time alone."""
    order: list[int] = []
    for i, quote in enumerate(quotes):
        leaning = next(
            (
                j
                for j, other in enumerate(quotes)
                if j != i
                and other.paper_id == quote.paper_id
                and other.lead == (quote.start, quote.end)
            ),
            None,
        )
        shown = i if leaning is None else leaning
        if shown not in order:
            order.append(shown)
    return order


def _items_said(
    part: Part, best: Candidate, ranked: list[Candidate], floor: float
) -> list[Candidate]:
    """For a list question no list answers: further sentences of the best one's paper ranked
    within the floor, each saying something new, by rank."""
    found: list[Candidate] = []
    for candidate in ranked[1 : VERSION_REACH * 2]:
        if len(found) + 1 >= MAX_LIST_SENTENCES or candidate.score < floor:
            break
        if candidate.paper_id != best.paper_id:
            continue
        if any(_same_claim(part, candidate, other) for other in [best, *found]):
            continue
        found.append(candidate)
    return found


def _choose_list(result: PartAnswer, ranked: list[Candidate], floor: float) -> bool:
    """A list answer: the intro (if any) and the items of the list holding a top candidate."""
    for candidate in ranked:
        if candidate.score < floor:
            break
        intro, items = candidate.view.list_around(candidate.index)
        if len(items) < 2:
            continue
        _listed(result, candidate, intro, items)
        return True
    return False


def _listed(result: PartAnswer, chosen: Candidate, intro: int | None, blocks: list[int]) -> None:
    """The answer as a list: the introduction (if any), then each block as an item."""
    view = chosen.view
    quotes = [quote_of(view, intro)] if intro is not None else []
    for block in blocks:
        start, end = view.item_span(block)
        quotes.append(Quote(view, start, end, item=True))
    result.chosen, result.quotes, result.listed = [chosen], quotes, True


def _choose_lines(result: PartAnswer, best: Candidate) -> bool:
    """An introduction and the lines it introduces, as one answer: "the voting was as follows:"
    says nothing alone, nor does "Against (0)" without its motion and the other counts."""
    intro, lines = best.view.introduced(best.index)
    if intro is None:
        return False
    _listed(result, best, intro, lines)
    return True


def _quote(candidate: Candidate) -> Quote:
    return quote_of(candidate.view, candidate.index)


def _continued(part: Part, candidate: Candidate, quote: Quote) -> Quote:
    """The answer beside the sentence chosen: a sentence chosen for its match to the question
    that does not itself give what the part asks for ("3.4 A lower rent increase of 5% was
    modelled.") is quoted on into the sentence after it, in the same paragraph, when that one
    does ("It would cost the HRA £1.6m a year."); failing that, the sentence before it that
    does is shown with it, as a speaker is, when it has nothing else to lean on."""
    found = candidate.features
    view, block = candidate.view, candidate.view.block_of(candidate.index)
    after, before = candidate.neighbour(1), candidate.neighbour(-1)
    if after is not None and _vote_follows(part, candidate, after):
        return replace(quote, end=view.sentences[after].end)
    if part.kind not in NEEDS or found.get(f"entity_{part.kind}", 1.0):
        return quote
    if found.get("entity_next") and after is not None and view.block_of(after) == block:
        return replace(quote, end=view.sentences[after].end)
    if (
        found.get("entity_prev")
        and quote.lead is None
        and before is not None
        and view.block_of(before) == block
    ):
        return replace(quote, lead=(view.sentences[before].start, view.sentences[before].end))
    # asked who said a point made in reported speech, the paragraph's opener naming who spoke
    opener = view.reported_by(candidate.index) if part.kind == "who" else None
    if opener is not None and quote.lead is None:
        return replace(quote, lead=(view.sentences[opener].start, view.sentences[opener].end))
    return quote


def _vote_follows(part: Part, candidate: Candidate, after: int) -> bool:
    """Asked how a vote went, a chosen motion or amendment that records no vote ("Councillor
    Doyle moved an amendment…", "a roll call vote was taken.") runs on into the sentence after
    it, on its page and in its own or the next paragraph, when that one records the vote
    ("Upon being put to the vote, the amendment was lost, with 20 votes for, 38 against…")."""
    if not ASKS_VOTE.search(part.focus) or candidate.features.get("record_vote"):
        return False
    view = candidate.view
    here, there = view.block_of(candidate.index), view.block_of(after)
    blocks = view.paper.blocks
    if there - here > 1 or blocks[here].page != blocks[there].page:
        return False
    record = record_of(view.text(after))
    return record is not None and bool(record.votes)


def quote_of(view: PaperView, index: int) -> Quote:
    """A sentence to quote, with the sentence it leans on."""
    sentence = view.sentences[index]
    lead = view.lead(index)
    span = None
    if lead is not None:
        before = view.sentences[lead]
        span = (before.start, before.end)
    return Quote(view, sentence.start, sentence.end, span)


def _another_council(candidate: Candidate, best: Candidate) -> bool:
    """Whether two sentences' papers say they come from different bodies."""
    return other_publishers(candidate.view.paper.meta.publisher, best.view.paper.meta.publisher)


def _other_version(part: Part, candidate: Candidate, chosen: list[Candidate]) -> bool:
    """The same statement as a chosen one, in another paper, giving another value. Amounts the
    question names pin down what it is about: a sentence without them speaks of something else
    (asked when the remaining £6.49m was approved, the first £11.49m's approval is no version)."""
    if not _amounts(part.text) <= _amounts(candidate.text):
        return False
    values = _stated(part, candidate.text)
    return any(
        candidate.paper_id != other.paper_id
        and _overlap(candidate.text, other.text) >= DUPLICATE
        and bool(values)
        and values != _stated(part, other.text)
        for other in chosen
    )


def _rival(part: Part, candidate: Candidate, best: Candidate, floor: float) -> bool:
    """A runner-up close behind the best that gives another value of what is asked (another
    date to a "when", another sum to a "how much") for the same thing (it carries the amounts the
    question names): shown beside the best, not hidden by it, for the ranker cannot tell two
    such sentences apart surely ("approved … in March 2022" and "approved … on 24 November
    2022", to "when did Cabinet approve the remaining £6.49m?")."""
    if part.kind not in _DIFFERING_KINDS or candidate.score < floor:
        return False
    if not _amounts(part.text) <= _amounts(candidate.text):
        return False
    if part.kind == "when":  # dates by what they say: "November 2022" agrees with its days
        days, others = _days(candidate), _days(best)
        return bool(days and others) and not any(a.compatible(b) for a in days for b in others)
    mine, theirs = _values(part, candidate.text), _values(part, best.text)
    return bool(mine) and bool(theirs) and not _compatible(mine, theirs)


def _newer(part: Part, candidate: Candidate, best: Candidate, floor: float) -> bool:
    """To a question about now, a later paper's statement of what is asked, on the same
    subject, giving another value than the best ("currently ends in March 2026", October 2024;
    "the Government has extended to March 2028", February 2025): shown first, whatever the
    ranker made of its wording, for the latest paper that answers is the answer to "now"."""
    if part.time != "now" or candidate.score < floor:
        return False
    if date_key(candidate.hit.passage.date) <= date_key(best.hit.passage.date):
        return False
    mine, theirs = candidate.features, best.features
    if (
        mine.get("names", 1.0) < 1.0
        or mine.get("cover_window", 0.0) < theirs.get("cover_window", 0.0) / 2
    ):
        return False  # a later paper about something else says nothing of now
    return _rival(part, candidate, best, floor)


def _days(candidate: Candidate) -> list[When]:
    """The dates a sentence gives itself (not a year borrowed from its paper)."""
    found = find_dates(candidate.text, candidate.hit.passage.date)
    return [when for when in found if not when.year_inferred]


def _stated(part: Part, text: str) -> set[str]:
    """The values a statement gives: what the part asks for, or, for a part that asks for no
    one kind of thing ("what is the library budget now?"), its amounts and dates."""
    if part.kind in NEEDS:
        return _values(part, text)
    return _amounts(text) | {m.lower() for m in FULL_DATE.findall(text)}


def _amounts(text: str) -> set[str]:
    return {"".join(m.lower().split()) for m in PATTERNS["amount"].findall(text)}


def _overlap(a: str, b: str) -> float:
    """The share of words two sentences have in common, their figures and dates left out."""
    words_a, words_b = _wording(a), _wording(b)
    union = words_a | words_b
    return len(words_a & words_b) / len(union) if union else 0.0


def _wording(text: str) -> set[str]:
    return {t for t in tokenize(text) if not any(c.isdigit() for c in t)} - _MONTHS


_MONTHS = frozenset(tokenize(" ".join(MONTH_NAMES)))


def _same_claim(part: Part, a: Candidate, b: Candidate) -> bool:
    """Two sentences saying the same thing: mostly the same words and the same values, those
    the question asks for and any amounts and dates (two papers giving two figures for one
    thing both stay in the answer, whatever the question's wording)."""
    if a.key == b.key:
        return True
    if _overlap(a.text, b.text) < DUPLICATE:
        return False
    return _values(part, a.text) == _values(part, b.text) and _figures(a.text) == _figures(b.text)


def _figures(text: str) -> set[str]:
    """The amounts and full dates a sentence gives."""
    return _amounts(text) | {" ".join(m.lower().split()) for m in FULL_DATE.findall(text)}


def cite(n: int, quote: Quote) -> Citation:
    paper = quote.view.paper
    block = next((b for b in paper.blocks if b.start <= quote.start < b.end), None)
    locator = (
        format_locator(block.page, block.section, (block.paragraph, block.paragraph))
        if block
        else ""
    )
    meta = paper.meta
    lead = paper.text[quote.lead[0] : quote.lead[1]] if quote.lead else None
    return Citation(
        n=n,
        paper_id=paper.id,
        title=meta.title,
        date=meta.date,
        doc_type=meta.doc_type,
        publisher=meta.publisher,
        locator=locator,
        page=block.page if block else None,
        path=paper.path,
        quote=paper.text[quote.start : quote.end],
        start=quote.start,
        end=quote.end,
        lead=lead,
        lead_start=quote.lead[0] if quote.lead else None,
        lead_end=quote.lead[1] if quote.lead else None,
        record=motion_at(paper, quote.start),
        ocr=bool(block and block.page in paper.ocr_pages),
    )


def _bullet(text: str) -> str:
    return "• " + text.lstrip("·•▪◦‣●○■□➢➤✓✔-–—*+ ")


def part_text(
    answer: PartAnswer,
    citations: list[Citation],
    earlier: Collection[int] = (),
    said: set[tuple[str, int, int]] | None = None,
) -> str:
    """One part's lines: its quotes with their [n] (list items as bullets), or the plain line
    saying the papers don't answer it. A quote an earlier part already showed (`earlier`, by
    number) is pointed to, not printed again; a sentence a quote leans on that the answer has
    already shown (`said`: spans, kept up to date here) is not repeated before it ("… he
    added")."""
    if not answer.answered:
        asked = answer.part.text.rstrip(" ?.") + "?"
        return UNANSWERED.format(part=asked[:1].lower() + asked[1:])
    said = set() if said is None else said
    pieces = []
    above = [c.n for c in citations if c.n in earlier]  # pointed to once, all together
    for quote, citation in zip(answer.quotes, citations, strict=True):
        lead = (citation.paper_id, citation.lead_start, citation.lead_end)
        if citation.n in earlier:
            continue
        if citation.lead_start is not None and lead in said:
            shown = "… " + " ".join(citation.quote.split())
        else:
            shown = citation.shown
        if citation.lead_start is not None and citation.lead_end is not None:
            said.add((citation.paper_id, citation.lead_start, citation.lead_end))
        said.add((citation.paper_id, citation.start, citation.end))
        pieces.append(f"{_bullet(shown) if quote.item else shown} [{citation.n}]")
    if above:
        pointer = AS_ABOVE if len(above) == 1 else AS_ABOVE_ALL
        pieces.append(f"{pointer} {' '.join(f'[{n}]' for n in above)}")
    return "\n".join(pieces) if answer.listed else " ".join(pieces)


def as_of(dates: list[str | None]) -> str:
    """'Based on papers from March 2022 to December 2022.' for the papers an answer rests on."""
    known = sorted({d for d in dates if d}, key=date_key)
    if not known:
        return "Based on undated papers."
    first, last = paper_date_label(known[0]), paper_date_label(known[-1])
    if first == last:
        return f"Based on {'a paper' if len(dates) == 1 else 'papers'} from {first}."
    return f"Based on papers from {first} to {last}."


def latest_note(answer: PartAnswer, citations: list[Citation]) -> str | None:
    """For a "now" question answered from papers of different dates: say which is newest."""
    if answer.part.time != "now" or answer.listed or len(citations) < 2:
        return None
    dated = [(c.n, c.date) for c in citations if c.date]
    if len({d for _, d in dated}) < 2:
        return None
    first = dated[0]
    earlier = ", ".join(f"[{n}] from {paper_date_label(d)}" for n, d in dated[1:] if d != first[1])
    return f"Latest first: [{first[0]}] is from {paper_date_label(first[1])}; {earlier}."


def one_copy(
    quote: Quote, copies: dict[str, PaperView], pick: Callable[[list[str]], str]
) -> tuple[Quote, list[str]]:
    """A quote from a paper that has copies (the same report in its agenda pack, draft and
    approved minutes): the quote as the preferred copy prints it, and the titles of the other
    papers that print the same words."""
    words = quote.view.paper.text[quote.start : quote.end]
    holding = {quote.view.paper.id: quote.view}
    holding.update({pid: view for pid, view in copies.items() if words in view.paper.text})
    if len(holding) == 1:
        return quote, []
    chosen = holding[pick(sorted(holding))]
    if chosen is not quote.view:
        start = chosen.paper.text.find(words)
        lead = None
        if quote.lead is not None:
            said = quote.view.paper.text[quote.lead[0] : quote.lead[1]]
            at = chosen.paper.text.rfind(said, 0, start)
            lead = (at, at + len(said)) if at >= 0 else None
        quote = Quote(chosen, start, start + len(words), lead, quote.item)
    others = [v.paper.meta.title for pid, v in sorted(holding.items()) if v is not chosen]
    return quote, others


def disagreement(
    answer: PartAnswer,
    citations: list[Citation],
    vectors: dict[tuple[str, int], np.ndarray],
    copies: Callable[[str], Collection[str]] = lambda _paper: (),
) -> str | None:
    """Where two papers give different values for the same quantity of the same thing.

    Two sentences state the same quantity when their clauses around the value name the same
    concepts (glossary-aware) and the sentences mean nearly the same; a drawdown and a reserve's
    balance are two quantities, however close the figures sit."""
    if answer.part.kind not in _DIFFERING_KINDS or answer.listed:
        return None
    chosen = answer.chosen
    for i, first in enumerate(chosen):
        for j in range(i + 1, len(chosen)):
            second = chosen[j]
            if first.paper_id == second.paper_id or second.paper_id in copies(first.paper_id):
                continue  # one paper, or two copies of it, cannot differ from itself
            if other_publishers(citations[i].publisher, citations[j].publisher):
                continue  # two councils' parks budgets are two quantities, not one
            if not _same_quantity(answer.part, first, second, vectors):
                continue
            a, b = _values(answer.part, first.text), _values(answer.part, second.text)
            if a and b and not (a & b) and not _compatible(a, b):
                return (
                    f"The papers differ: [{citations[i].n}] gives {', '.join(sorted(a))}; "
                    f"[{citations[j].n}] gives {', '.join(sorted(b))}."
                )
    return None


def _same_quantity(
    part: Part, a: Candidate, b: Candidate, vectors: dict[tuple[str, int], np.ndarray]
) -> bool:
    va, vb = vectors.get((a.paper_id, a.index)), vectors.get((b.paper_id, b.index))
    if va is None or vb is None or float(va @ vb) < SAME_SENTENCE_MEANING:
        return False
    if part.kind != "when" and not _same_period(_periods_of(a), _periods_of(b)):
        return False  # a budget for 2023/24 and one for 2024/25 are two budgets
    keys_a, keys_b = _frame(part, a.text), _frame(part, b.text)
    union = keys_a | keys_b
    return bool(union) and len(keys_a & keys_b) / len(union) >= SAME_QUANTITY


def _same_period(years_a: set[int], years_b: set[int]) -> bool:
    """Whether two sentences can speak of the same time: neither names a period, or a financial
    year or a year of one is also the other's."""
    return not years_a or not years_b or bool(years_a & years_b)


def _periods_of(candidate: Candidate) -> set[int]:
    """The years a sentence speaks of: those it names, or, when it reckons from its paper's
    date ("15 parks have Green Flag status this year"), the paper's year."""
    named = _periods(candidate.text)
    day = date_key(candidate.hit.passage.date)
    if named or not day or not PAPER_RELATIVE.search(candidate.text):
        return named
    return {day // 10000}


def _periods(text: str) -> set[int]:
    spans = financial_years(text)
    if spans:
        return {start.year for start, _ in spans}
    return {when.year for when in find_dates(text)}


def _frame(part: Part, text: str) -> set[str]:
    """The concepts a sentence names around its values, the values themselves left out."""
    for value in carried(part, text):
        text = text.replace(value, " ")
    return {k for k in glossary().keys(text) if not any(ch.isdigit() for ch in k)}


def _values(part: Part, text: str) -> set[str]:
    return {" ".join(v.lower().split()) for v in carried(part, text)}


def _compatible(a: set[str], b: set[str]) -> bool:
    """'March 2022' and '31 March 2022' agree: one is the other at a coarser precision."""
    return any(x in y or y in x for x in a for y in b)


def sources(hits: list[Hit]) -> list[SourcePassage]:
    return [
        SourcePassage(
            title=h.passage.title,
            date=h.passage.date,
            path=h.passage.path,
            locator=h.passage.locator,
            text=h.passage.text,
            score=round(h.score, 6),
        )
        for h in hits
    ]


def closest(hits: list[Hit]) -> list[str]:
    found = dict.fromkeys(f"{h.passage.title} ({paper_date_label(h.passage.date)})" for h in hits)
    return list(found)[:3]


def paper_of(candidate: Candidate) -> Paper:
    return candidate.view.paper
