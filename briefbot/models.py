"""The pydantic types that cross module borders: papers, passages, the manifest and reports."""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from briefbot.language.dates import paper_date_label
from briefbot.language.papers import DOC_TYPE_LABELS

DocType = Literal["minutes", "report", "press_release", "news", "briefing", "other"]

_PAPER_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$", re.ASCII)  # not "２０２２"


def check_paper_date(value: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD, keeping the precision given; reject impossible dates."""
    value = value.strip()
    if not _PAPER_DATE.match(value):
        raise ValueError(f"date {value!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    parts = [int(p) for p in value.split("-")]
    year, month, day = (
        parts[0],
        (parts[1] if len(parts) > 1 else 1),
        (parts[2] if len(parts) > 2 else 1),
    )
    Date(year, month, day)  # raises ValueError for 2022-02-31, month 13 and the like
    return value


def date_key(value: str | None) -> int:
    """A sortable integer for a paper date: 2022-03 -> 20220300, none -> 0."""
    if not value:
        return 0
    parts = [int(p) for p in value.split("-")] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


class PaperMeta(BaseModel):
    """What a citation says about a paper: from its sidecar, or inferred from the file."""

    title: str
    date: str | None = None
    doc_type: DocType = "other"
    publisher: str | None = None
    committee: str | None = None
    meeting_date: str | None = None
    url: str | None = None

    @field_validator("date", "meeting_date")
    @classmethod
    def _valid_date(cls, value: str | None) -> str | None:
        return None if value in (None, "") else check_paper_date(str(value))

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("title is empty")
        return value


class Block(BaseModel):
    """A paragraph-like span of a paper's extracted text, with what a citation needs to find it."""

    start: int
    end: int
    paragraph: int = Field(description="1-based running paragraph number in the paper")
    page: int | None = Field(default=None, description="1-based physical PDF page")
    section: tuple[str, ...] = Field(default=(), description="heading path, outermost first")
    heading: bool = Field(default=False, description="a heading: names a section, states nothing")
    item: bool = Field(default=False, description="an item of a bulleted or numbered list")


class PaperText(BaseModel):
    """A parser's output: the paper's extracted text and the blocks that partition its content."""

    text: str
    blocks: list[Block]
    title: str | None = None
    date: str | None = None
    format: str = "txt"
    unreadable: dict[int, str] = Field(
        default_factory=dict, description="pages left out, with why (a scan, garbage)"
    )
    ocr_pages: list[int] = Field(
        default_factory=list, description="scanned pages whose text was read by OCR"
    )


class Paper(BaseModel):
    """One indexed paper: where it lives, what it is, and its extracted text."""

    id: str
    path: str = Field(description="path relative to the corpus, with forward slashes")
    meta: PaperMeta
    text: str
    blocks: list[Block]
    sha256: str = ""
    format: str = "txt"
    unreadable: dict[int, str] = Field(
        default_factory=dict, description="pages left out, with why (a scan, garbage)"
    )
    ocr_pages: list[int] = Field(
        default_factory=list, description="scanned pages whose text was read by OCR"
    )


def format_locator(
    page: int | None, section: tuple[str, ...] | list[str], paragraphs: tuple[int, int]
) -> str:
    """Human locator: 'page 3, para 4', 'Minutes > Decision, paras 2–3', 'para 5'."""
    first, last = paragraphs
    para = f"para {first}" if first == last else f"paras {first}–{last}"
    parts: list[str] = []
    if page is not None:
        parts.append(f"page {page}")
    if section:
        parts.append(" > ".join(section))
    parts.append(para)
    return ", ".join(parts)


VoteSide = Literal["for", "against", "abstained", "absent"]


class Vote(BaseModel):
    """One side of a recorded vote: "Against (45)" and the names under it."""

    side: VoteSide
    count: int | None = None
    names: tuple[str, ...] = ()


class MinuteRecord(BaseModel):
    """What minutes record of a motion in one passage: who moved and seconded it, how the votes
    fell, whether it was carried, and whether the passage records a resolution."""

    moved_by: tuple[str, ...] = ()
    seconded_by: tuple[str, ...] = ()
    votes: tuple[Vote, ...] = ()
    outcome: Literal["carried", "lost"] | None = None
    resolved: bool = False

    @property
    def summary(self) -> str:
        """'Moved by Mr Hood; seconded by Mr Baldock; for 14 (Mr Baldock, …); …; lost'."""
        return self._said(names=True)

    @property
    def brief(self) -> str:
        """The summary with counts but not the names of who voted which way."""
        return self._said(names=False)

    def _said(self, names: bool) -> str:
        parts = []
        if self.moved_by:
            parts.append("moved by " + " and ".join(self.moved_by))
        if self.seconded_by:
            parts.append("seconded by " + " and ".join(self.seconded_by))
        for vote in self.votes:
            count = "" if vote.count is None else f" {vote.count}"
            who = f" ({', '.join(vote.names)})" if names and vote.names else ""
            parts.append(f"{vote.side}{count}{who}")
        if self.outcome:
            parts.append(self.outcome)
        elif self.resolved:
            parts.append("resolved")
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]


class Passage(BaseModel):
    """A retrievable run of whole sentences from one paper, sized for the embedding model."""

    id: str
    paper_id: str
    path: str
    title: str
    date: str | None = None
    doc_type: DocType = "other"
    committee: str | None = None
    text: str
    start: int
    end: int
    page: int | None = None
    section: tuple[str, ...] = ()
    paragraph_start: int = 1
    paragraph_end: int = 1
    record: MinuteRecord | None = Field(
        default=None, description="a motion's mover, seconder, votes and outcome, from minutes"
    )

    @property
    def locator(self) -> str:
        return format_locator(self.page, self.section, (self.paragraph_start, self.paragraph_end))


def date_span(value: str | None) -> tuple[int, int]:
    """The first and last day a paper date can mean: 2022-03 -> (20220301, 20220331)."""
    if not value:
        return (0, 0)
    key = date_key(value)
    if key % 100:
        return (key, key)
    if key % 10000:
        return (key + 1, key + 31)
    return (key + 101, key + 1231)


class Filters(BaseModel):
    """What a question may be restricted to: document types, a date range, a committee."""

    doc_types: list[DocType] = Field(default_factory=list)
    since: str | None = None
    until: str | None = None
    committee: str | None = None

    @field_validator("since", "until")
    @classmethod
    def _valid_bound(cls, value: str | None) -> str | None:
        return None if value in (None, "") else check_paper_date(str(value))

    @property
    def active(self) -> bool:
        return bool(self.doc_types or self.since or self.until or self.committee)

    def kinds(self) -> str:
        """The document types admitted, as councillors call them ("minutes, news")."""
        return ", ".join(DOC_TYPE_LABELS.get(t, t) for t in self.doc_types) or "all types"

    def dates(self) -> str:
        """The date range admitted ("November 2022 to December 2022", "since 2022")."""
        label = paper_date_label
        if self.since and self.until:
            return f"{label(self.since)} to {label(self.until)}"
        if self.since:
            return f"since {label(self.since)}"
        return f"until {label(self.until)}" if self.until else "any date"

    def searched(self) -> str:
        """What the filter admits, in words: "of type briefing, dated until 31 December 2021"."""
        parts = []
        if self.doc_types:
            parts.append(f"of type {self.kinds()}")
        if self.since or self.until:
            parts.append(f"dated {self.dates()}")
        if self.committee:
            parts.append(f"of the {self.committee}")
        return ", ".join(parts)

    def admits(self, passage: Passage) -> bool:
        """The same test the dense store applies, for passages found by keyword."""
        if self.doc_types and passage.doc_type not in self.doc_types:
            return False
        if self.committee and self.committee.casefold() not in (passage.committee or "").casefold():
            return False
        low, high = date_span(passage.date)
        if self.since and (not high or high < date_span(self.since)[0]):
            return False
        return not (self.until and (not low or low > date_span(self.until)[1]))


class ManifestEntry(BaseModel):
    """What the index holds for one paper, so a refresh can tell new, changed and unchanged."""

    paper_id: str
    sha256: str
    meta_sha256: str = ""
    stamp: str = Field("", description="size and mtime of the file and its sidecar when hashed")
    passages: int
    title: str
    date: str | None = None
    doc_type: DocType = "other"
    unreadable: dict[int, str] = Field(
        default_factory=dict, description="pages left out of the index, with why"
    )
    ocr_pages: list[int] = Field(default_factory=list, description="pages read by OCR")
    fingerprint: list[int] = Field(
        default_factory=list, description="a fixed share of the text's hashes (store.copies)"
    )
    copies: dict[str, Literal["same", "inside", "holds"]] = Field(
        default_factory=dict,
        description="papers repeating this one, by id: the same paper, this one inside it, or "
        "it inside this one",
    )


class ManifestFailure(BaseModel):
    """A paper that could not be indexed, kept so an unchanged bad file is not retried each time."""

    sha256: str
    meta_sha256: str = ""
    stamp: str = ""
    reason: str


class Manifest(BaseModel):
    """The index's own record: which model built it and which papers it holds."""

    model: str
    dimension: int
    generation: int = 0
    refreshed_at: str | None = None
    passage_words: int = 0
    max_paper_mb: float = 0
    keywords_version: int = 0
    reader_version: int = Field(0, description="how papers were read: a newer reader re-reads")
    chroma_url: str | None = Field(None, description="the Chroma server holding the vectors")
    store_key: str = Field("", description="names this index's collections on a Chroma server")
    papers: dict[str, ManifestEntry] = Field(default_factory=dict)
    failures: dict[str, ManifestFailure] = Field(default_factory=dict)

    @property
    def passage_count(self) -> int:
        return sum(entry.passages for entry in self.papers.values())


class FailedPaper(BaseModel):
    """A paper not indexed, or (with pages) the pages of an indexed paper that were left out."""

    path: str
    reason: str
    pages: list[int] = Field(default_factory=list, description="only these pages, if any")


class RefreshReport(BaseModel):
    """The outcome of a refresh, printed as text or as the JSON object the CLI promises."""

    added: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    unchanged: int = 0
    failed: list[FailedPaper] = Field(default_factory=list)
    documents: int = 0
    passages: int = 0


class RefreshProgress(BaseModel):
    """A progress tick from a refresh: what stage, how far, and which paper."""

    stage: Literal["scan", "parse", "embed", "store", "done"]
    done: int
    total: int
    path: str | None = None


class Citation(BaseModel):
    """One [n] in an answer: the paper, where in it, and the exact words quoted."""

    n: int
    paper_id: str
    title: str
    date: str | None = None
    doc_type: DocType = "other"
    publisher: str | None = Field(default=None, description="the body that published the paper")
    locator: str
    page: int | None = Field(default=None, description="the PDF page the quote is printed on")
    path: str
    quote: str = Field(description="a verbatim substring of the paper's extracted text")
    start: int
    end: int
    lead: str | None = Field(
        default=None,
        description="the sentence the quote needs beside it (its speaker, or what 'she' or "
        "'this' refers to), verbatim; shown before the quote",
    )
    lead_start: int | None = None
    lead_end: int | None = None
    record: MinuteRecord | None = Field(
        default=None, description="the recorded motion the quote belongs to, from minutes"
    )
    ocr: bool = Field(False, description="the quote's page is a scan, its words read by OCR")
    also_in: list[str] = Field(
        default_factory=list,
        description="the titles of other papers that print the same words (copies of this one)",
    )

    @property
    def shown(self) -> str:
        """The quote as an answer shows it: its lead first, with '…' where words are left out."""
        quote = " ".join(self.quote.split())
        if self.lead is None or self.lead_end is None:
            return quote
        lead = " ".join(self.lead.split())
        return f"{lead} {quote}" if self.lead_end >= self.start - 2 else f"{lead} … {quote}"


class Considered(BaseModel):
    """A sentence the answerer weighed, for `--explain`: its score and why."""

    part: int = Field(description="which part of the question (1-based)")
    text: str
    title: str
    locator: str
    score: float
    chosen: bool
    features: dict[str, float] = Field(default_factory=dict)
    contributions: dict[str, float] = Field(
        default_factory=dict, description="each feature's push on the score, in log-odds"
    )


class SourcePassage(BaseModel):
    """A passage the answer was drawn from, as listed under the answer."""

    title: str
    date: str | None = None
    path: str
    locator: str
    text: str
    score: float


class Answer(BaseModel):
    """A cited answer composed only of sentences from the papers, or a plain refusal."""

    question: str
    answer: str
    refused: bool = False
    as_of: str = ""
    note: str | None = Field(default=None, description="where papers disagree, what differs")
    citations: list[Citation] = Field(default_factory=list)
    passages: list[SourcePassage] = Field(default_factory=list)
    closest: list[str] = Field(default_factory=list, description="on refusal: nearest papers")
    kind: str = "what"
    confidence: float = Field(0.0, description="the best sentence's score; refused below a bar")
    parts: list[str] = Field(default_factory=list, description="the questions found in the text")
    unanswered: list[str] = Field(
        default_factory=list, description="the parts of the question the papers don't answer"
    )
    confidences: list[float] = Field(
        default_factory=list, description="per part: the chance its best sentence answers it"
    )
    considered: list[Considered] = Field(
        default_factory=list, description="with explain: the sentences weighed, best first"
    )
    generation: str = Field("", description="the index generation that answered")
