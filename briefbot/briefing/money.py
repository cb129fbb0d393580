"""Amounts in papers ('£11.49m', '£45,000', '£1.2 million'), what each is for, and where papers
give different figures for the same thing. Also the clause and name helpers the timeline shares."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from briefbot.language.papers import other_publishers
from briefbot.models import Citation
from briefbot.store.keywords import tokenize

_AMOUNT = re.compile(
    r"£\s?(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?"
    r"(?:\s?(?P<unit>bn|billion|m|million|k|thousand)(?![\w]))?",
    re.IGNORECASE,
)
_SCALE = {"bn": 10**9, "billion": 10**9, "m": 10**6, "million": 10**6, "k": 1000, "thousand": 1000}
# Where a clause ends inside a sentence; " and " only when another amount follows it.
_CLAUSE_BREAK = re.compile(r"\s*[;:–—]\s+|,\s+|\s+and\s+(?=[^,;:]*£)|\s+\(|\)\s*")
_PURPOSE = re.compile(r"(?:to|for|in order to|so that|which|allowing|towards)\b", re.IGNORECASE)
MIN_CLAUSE_WORDS = 5
SAME_THING = 0.5  # share of their clauses' words two amounts need to be about the same thing
MENTIONS = 3  # papers quoted for each amount


@dataclass(frozen=True)
class Amount:
    """An amount as written, its value in pounds, and where it sits in its sentence."""

    written: str
    pounds: Decimal
    start: int
    end: int

    @property
    def label(self) -> str:
        return money_label(self.pounds)


def money_label(pounds: Decimal) -> str:
    """A tidy form: '£11.49m', '£45,000', '£1.2bn', '£12.50'."""
    for unit, scale in (("bn", 10**9), ("m", 10**6)):
        if pounds >= scale:
            return f"£{pounds / scale:f}".rstrip("0").rstrip(".") + unit
    return f"£{pounds:,}"


def find_amounts(sentence: str) -> list[Amount]:
    """Every £ amount in the sentence, in pounds."""
    found = []
    for match in _AMOUNT.finditer(sentence):
        number = Decimal(match.group("number").replace(",", "") + (match.group("fraction") or ""))
        pounds = number * _SCALE.get((match.group("unit") or "").lower(), 1)
        if pounds == pounds.to_integral_value():
            pounds = pounds.quantize(Decimal(1))
        found.append(Amount(" ".join(match.group(0).split()), pounds, match.start(), match.end()))
    return found


def clauses(sentence: str) -> list[tuple[int, int]]:
    """The sentence cut at commas, semicolons, colons, dashes and brackets (spans)."""
    spans, begin = [], 0
    for cut in _CLAUSE_BREAK.finditer(sentence):
        if cut.start() > begin:
            spans.append((begin, cut.start()))
        begin = cut.end()
    if begin < len(sentence):
        spans.append((begin, len(sentence)))
    return spans


def clause_at(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause holding sentence[start:end], or the whole sentence."""
    for low, high in clauses(sentence):
        if low <= start and end <= high:
            return low, high
    return 0, len(sentence)


def purpose(sentence: str, amount: Amount) -> str:
    """What an amount is for, in the paper's words: its clause, with a following 'to ...' clause;
    the whole sentence when the clause alone is too short to say anything."""
    parts = clauses(sentence)
    index = next((i for i, (low, high) in enumerate(parts) if low <= amount.start < high), None)
    if index is None:
        return sentence.strip()
    low, high = parts[index]
    if index + 1 < len(parts) and _PURPOSE.match(sentence, parts[index + 1][0]):
        high = parts[index + 1][1]
    text = sentence[low:high].strip().rstrip(".;,:")
    if (text.startswith("“") and "”" not in text) or (
        text.startswith('"') and text.count('"') == 1
    ):
        text = text[1:]
    return text if len(text.split()) >= MIN_CLAUSE_WORDS else sentence.strip()


class MoneyMention(BaseModel):
    purpose: str = Field(description="what the amount is for: its clause of the sentence")
    text: str
    citation: Citation


class MoneyEntry(BaseModel):
    """One amount (£) and where the papers say what it is for."""

    amount: str
    pounds: Decimal
    mentions: list[MoneyMention]


def money_entries(sentences: Iterable[tuple[str, Citation]]) -> list[MoneyEntry]:
    """Every £ amount in the sentences (best first), largest first, each with what it is for in
    the words of a few papers."""
    by_value: dict[Decimal, MoneyEntry] = {}
    for text, citation in sentences:
        for amount in find_amounts(text):
            entry = by_value.setdefault(
                amount.pounds, MoneyEntry(amount=amount.label, pounds=amount.pounds, mentions=[])
            )
            cited = {m.citation.paper_id for m in entry.mentions}
            if len(entry.mentions) < MENTIONS and citation.paper_id not in cited:
                entry.mentions.append(
                    MoneyMention(
                        purpose=purpose(text, amount), text=text, citation=citation.model_copy()
                    )
                )
    return sorted(by_value.values(), key=lambda e: -e.pounds)


# ---------------------------------------------------------------------------------------------
# What a figure or a date is about: names

# Capitalised words that name no particular thing: bodies that meet often, calendar words.
_NOT_A_NAME = frozenset(
    """the a an this that these those it its we our they he she his her i in on at of for and but
    or to by from with as if all any each every cabinet council councils committee committees
    board panel forum scrutiny executive assembly meeting councillor councillors minutes agenda
    item report appendix mr mrs ms dr cllr january february march april may june july august
    september october november december monday tuesday wednesday thursday friday saturday
    sunday""".split()
)
_NAME_RUN = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w’'-]*[A-Za-z]|[A-Z]{2,}\b)(?:\s+(?:(?:&|and|of|for)\s+)?"
    r"(?:[A-Z][\w’'-]*[A-Za-z]|[A-Z]{2,}\b))*"
)
_ROLE = frozenset(
    """manager managers officer officers director directors secretary commissioner member members
    leader chair chairman chairwoman chairperson head lead adviser advisor coordinator assistant
    clerk mayor deputy chief corporate""".split()
)


@dataclass(frozen=True)
class Vocabulary:
    """What the papers say about words: which names most papers mention (the council, its county),
    and which words they also write in lower case (so 'Funding' opening a sentence is no name)."""

    papers: tuple[frozenset[str], ...] = ()
    ordinary: frozenset[str] = frozenset()

    @classmethod
    def of(cls, texts: Iterable[str]) -> Vocabulary:
        """From the text of each paper."""
        papers, ordinary = [], set()
        for text in texts:
            papers.append(frozenset(tokenize(text)))
            ordinary.update(re.findall(r"(?<![\w’'])[a-z][a-z’'-]*", text))
        return cls(tuple(papers), frozenset(ordinary))

    def common(self, key: str) -> bool:
        """In at least half the papers (of three or more): too common to identify a thing."""
        found = sum(key in words for words in self.papers)
        return len(self.papers) > 2 and 2 * found >= len(self.papers)


def names(
    sentence: str, low: int = 0, high: int | None = None, vocabulary: Vocabulary | None = None
) -> dict[str, str]:
    """Capitalised words in sentence[low:high] that may name something: key -> as written.

    A sentence's first word counts only if the papers never write it in lower case (without a
    vocabulary: only within a longer name, "Shropshire Council"). A job title ("Director of
    Public Health") is no name: a role is no particular thing."""
    ordinary = vocabulary.ordinary if vocabulary else frozenset()
    found: dict[str, str] = {}
    opening = len(sentence) - len(sentence.lstrip(" \"'“‘(-•·"))
    for run in _NAME_RUN.finditer(sentence, low, len(sentence) if high is None else high):
        words = [re.sub(r"[’']s$", "", w) for w in run.group(0).split() if w[:1].isupper()]
        if any(w.lower() in _ROLE for w in words):
            continue
        first = words[0]
        if (
            run.start() == opening
            and not first.isupper()
            and (first.lower() in ordinary or (not ordinary and len(words) == 1))
        ):
            words = words[1:]
        for word in words:
            if word.lower() not in _NOT_A_NAME:
                found.setdefault("".join(tokenize(word)) or word.lower(), word)
    return found


def different_things(a: Iterable[str], b: Iterable[str], common: Callable[[str], bool]) -> bool:
    """Each clause names something the other does not ('Cheltenham library', 'Kidderminster')."""
    mine, theirs = {k for k in a if not common(k)}, {k for k in b if not common(k)}
    return bool(mine - theirs) and bool(theirs - mine)


@dataclass(frozen=True)
class Source:
    """The paper a claim comes from: its id, its date, and the words of its title (the paper's
    own council and place, which name nothing in particular within it)."""

    paper: str
    published: date | None = None
    setting: frozenset[str] = frozenset()
    publisher: str | None = None

    def near(self, other: Source) -> bool:
        """Another paper of the same body, less than a year apart: papers years apart state
        their own year's figures and dates, and two councils their own, not rival ones."""
        a, b = self.published, other.published
        return (
            self.paper != other.paper
            and (a is None or b is None or abs((a - b).days) <= 366)
            and not other_publishers(self.publisher, other.publisher)
        )


# ---------------------------------------------------------------------------------------------
# Different figures for the same thing


@dataclass(frozen=True)
class AmountClaim:
    """An amount as one paper states it: the words of its clause say what it is an amount of."""

    source: Source
    amount: Amount
    words: frozenset[str]
    names: frozenset[str] = frozenset()
    values: frozenset[Decimal] = frozenset()  # every amount in the sentence
    spans: tuple[tuple[date, date], ...] = ()  # the periods the sentence speaks of


def amount_claims(
    source: Source,
    sentence: str,
    spans: tuple[tuple[date, date], ...] = (),
    vocabulary: Vocabulary | None = None,
) -> list[AmountClaim]:
    """The amounts of a sentence, each with the content words and names of its clause."""
    found = find_amounts(sentence)
    values = frozenset(a.pounds for a in found)
    claims = []
    for amount in found:
        low, high = clause_at(sentence, amount.start, amount.end)
        words = frozenset(
            t for t in tokenize(sentence[low:high]) if not any(c.isdigit() for c in t)
        )
        named = frozenset(names(sentence, low, high, vocabulary))
        claims.append(AmountClaim(source, amount, words, named, values, spans))
    return claims


def _same_time(a: tuple[tuple[date, date], ...], b: tuple[tuple[date, date], ...]) -> bool:
    """Whether two claims can be of the same time: undated, or a period of one holds the other's."""
    if not a or not b:
        return True
    return any((x0 <= y0 and y1 <= x1) or (y0 <= x0 and x1 <= y1) for x0, x1 in a for y0, y1 in b)


def differing_amounts(
    claims: list[AmountClaim], common: Callable[[str], bool]
) -> list[tuple[int, int, frozenset[str]]]:
    """Pairs of claims from different papers giving different figures for the same thing, with
    the words they share.

    Conservative: the clauses must share most of their words and name nothing the other lacks;
    neither paper may mention the other's figure (a part and its total are no disagreement); and
    the claims must be about the same time (two approvals at two meetings are two things)."""
    pairs = []
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            b = claims[j]
            if (
                not a.source.near(b.source)
                or a.amount.pounds in b.values
                or b.amount.pounds in a.values
            ):
                continue
            shared, union = a.words & b.words, a.words | b.words
            if (
                len(shared) >= 2
                and len(shared) / len(union) >= SAME_THING
                and _same_time(a.spans, b.spans)
                and not different_things(a.names, b.names, common)
            ):
                pairs.append((i, j, shared))
    return pairs
