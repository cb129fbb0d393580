"""Officer briefings: a cited note on a topic (summary, timeline, money, points to check, Q&A).

Every statement is a sentence quoted from a paper. The material is what the index finds for the
topic; citations are numbered per paper in the order the document first cites them, so each [n]
names exactly one reference and every reference is cited. Written as Markdown or Word.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from briefbot.answering.candidates import PaperView
from briefbot.answering.candidates import gather as gather_sentences
from briefbot.answering.composer import cite, quote_of
from briefbot.errors import BriefbotError
from briefbot.keywords import tokenize
from briefbot.labels import paper_date_label
from briefbot.models import Answer, Citation, Filters, Paper, date_key
from briefbot.money import (
    AmountClaim,
    MoneyEntry,
    Source,
    Vocabulary,
    amount_claims,
    clause_at,
    differing_amounts,
    money_entries,
)
from briefbot.timeline import (
    TimelineEntry,
    When,
    dated_claims,
    dates_in,
    differing_dates,
    financial_years,
    paper_when,
    timeline_entries,
)

if TYPE_CHECKING:
    from briefbot.engine import Briefbot
    from briefbot.retrieve import Hit

__all__ = ["Briefing", "MoneyEntry", "TimelineEntry", "build_briefing", "conversation_briefing",
           "write_docx", "write_markdown"]  # fmt: skip

SEARCH_K = 12  # passages per search; the topic is searched four ways
MIN_PAPER_RELEVANCE = 0.45  # a paper's best passage must reach this to be considered at all
PAPER_MARGIN = 0.3  # ... and come within this of the best paper's
SUMMARY_MAX, SUMMARY_MIN, SUMMARY_PER_PAPER, SUMMARY_MARGIN = 6, 3, 2, 0.35
DUPLICATE = 0.6  # word-set overlap above which two sentences say the same thing
MAX_VERSIONS = 2  # a thing given more values than this is a series (a yearly budget), not a clash
NOTHING = "None found in the papers considered."


class Statement(BaseModel):
    """A sentence quoted from a paper, with its citation."""

    text: str
    citation: Citation


class Version(BaseModel):
    value: str
    text: str
    citation: Citation


class PointToCheck(BaseModel):
    """Where papers give different dates or figures for the same thing: every version, cited."""

    subject: str
    kind: Literal["date", "amount"]
    versions: list[Version]


class QuestionAnswer(BaseModel):
    question: str
    refused: bool
    statements: list[Statement] = Field(default_factory=list)
    answer: str = Field("", description="the answer as printed, with the briefing's [n] markers")
    note: str | None = None
    as_of: str = ""
    closest: list[str] = Field(default_factory=list)


class Reference(BaseModel):
    """A cited paper; n is the [n] the text uses for it."""

    n: int
    paper_id: str
    title: str
    doc_type: str
    date: str | None
    locators: list[str]
    path: str


class Briefing(BaseModel):
    """A briefing note: every statement in it is a quoted sentence with a numbered reference."""

    title: str
    topic: str = ""
    prepared: date
    papers_considered: int = 0
    first_date: str | None = None
    last_date: str | None = None
    summary: list[Statement] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    money: list[MoneyEntry] = Field(default_factory=list)
    points_to_check: list[PointToCheck] = Field(default_factory=list)
    questions: list[QuestionAnswer] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)

    @property
    def papers_line(self) -> str:
        """'Papers considered: 4, dated March 2022 to November 2022'."""
        line = f"Papers considered: {self.papers_considered}"
        first, last = paper_date_label(self.first_date), paper_date_label(self.last_date)
        if not self.first_date:
            return line
        return f"{line}, dated {first}" + (f" to {last}" if last != first else "")

    def citations(self) -> Iterator[Citation]:
        """Every citation, in document order."""
        yield from (s.citation for s in self.summary)
        yield from (t.citation for t in self.timeline)
        yield from (m.citation for e in self.money for m in e.mentions)
        yield from (v.citation for p in self.points_to_check for v in p.versions)
        yield from (s.citation for q in self.questions for s in q.statements)


def plain(text: str) -> str:
    """Text as plain text: no control or format characters, whitespace collapsed."""
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    return " ".join(kept.split())


_BULLET = re.compile(r"^[-–—·•▪◦*]\s+")


@dataclass
class Found:
    """A sentence of the material (plain, no leading bullet), its citation, how relevant it is,
    the meeting day its decisions take (minutes), and the dates it gives."""

    text: str
    citation: Citation
    relevance: float = 1.0
    meeting: str | None = None
    dates: list[When] = field(default_factory=list)

    @property
    def paper_id(self) -> str:
        return self.citation.paper_id


def found(citation: Citation, relevance: float = 1.0, meeting: str | None = None) -> Found:
    text = _BULLET.sub("", plain(citation.quote))
    return Found(text, citation, relevance, meeting, dates_in(text, citation.date, meeting))


# ---------------------------------------------------------------------------------------------
# Gathering the material


def _coverage(terms: list[str], weights: list[float], present: set[str]) -> float:
    total = sum(weights)
    return (
        sum(w for t, w in zip(terms, weights, strict=True) if t in present) / total if total else 0
    )


def search_topic(engine: Briefbot, topic: str, filters: Filters | None) -> list[Hit]:
    """The passages found for the topic, asked plainly and for its dates, money and decisions."""
    best: dict[str, Hit] = {}
    asks = (topic, f"{topic} date when", f"{topic} £ amount cost", f"{topic} decision approved")
    for ask in asks:
        for hit in engine.search(ask, k=SEARCH_K, filters=filters):
            if hit.passage.id not in best or best[hit.passage.id].score < hit.score:
                best[hit.passage.id] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.passage.id))


def gather(
    engine: Briefbot, topic: str, filters: Filters | None
) -> tuple[list[Found], list[Paper]]:
    """The sentences of the passages found, from the papers about the topic, best first.

    A paper is about the topic when its best passage (meaning, plus the topic's distinctive words)
    comes near the best paper's; a sentence ranks by its own meaning and words and its passage's."""
    hits = search_topic(engine, topic, filters)
    if not hits:
        return [], []
    terms = list(dict.fromkeys(tokenize(topic)))
    weights = [engine.generation().keywords.idf(t) for t in terms]
    vectors = engine.embedder.encode([topic] + [h.passage.text for h in hits])
    words = {h.passage.id: set(tokenize(f"{h.passage.title} {h.passage.text}")) for h in hits}
    cover = {pid: _coverage(terms, weights, present) for pid, present in words.items()}
    paper_score: dict[str, float] = {}
    for hit, vector in zip(hits, vectors[1:], strict=True):
        score = float(vectors[0] @ vector) + 0.3 * cover[hit.passage.id]
        paper_score[hit.passage.paper_id] = max(score, paper_score.get(hit.passage.paper_id, score))
    floor = max(MIN_PAPER_RELEVANCE, max(paper_score.values()) - PAPER_MARGIN)
    kept = [h for h in hits if paper_score[h.passage.paper_id] >= floor]
    papers = {pid: engine.paper(pid) for pid in sorted({h.passage.paper_id for h in kept})}
    views = {pid: PaperView(paper) for pid, paper in papers.items()}
    sentences = [c for c in gather_sentences(kept, views)
                 if c.hit.passage.start <= c.start < c.hit.passage.end]  # fmt: skip
    if not sentences:
        return [], []
    material = []
    for candidate, vector in zip(sentences, engine.embedder.encode([c.text for c in sentences]),
                                 strict=True):  # fmt: skip
        around = cover[candidate.hit.passage.id]
        own = _coverage(terms, weights, set(tokenize(candidate.text)))
        relevance = float(vectors[0] @ vector) + 0.3 * own + 0.3 * around
        paper = papers[candidate.paper_id]
        citation = cite(0, quote_of(candidate.view, candidate.index))
        material.append(found(citation, relevance, meeting_date(paper)))
    material.sort(key=lambda f: (-f.relevance, f.paper_id, f.citation.start))
    return material, list(papers.values())


def meeting_date(paper: Paper) -> str | None:
    """The day minutes record a meeting's decisions: the meeting date, or the minutes' own day."""
    if paper.meta.doc_type != "minutes":
        return None
    day = paper.meta.meeting_date or paper.meta.date
    return day if day and len(day) == 10 else None


def index_vocabulary(engine: Briefbot) -> Vocabulary:
    """How the papers of the whole index use words (names most papers share identify nothing)."""
    texts: dict[str, list[str]] = {}
    for passage in engine.generation().passages.values():
        texts.setdefault(passage.paper_id, []).append(passage.text)
    return Vocabulary.of(" ".join(parts) for parts in texts.values())


# ---------------------------------------------------------------------------------------------
# Sections


def same_claim(a: str, b: str) -> bool:
    words_a, words_b = set(tokenize(a)), set(tokenize(b))
    union = words_a | words_b
    return bool(union) and len(words_a & words_b) / len(union) >= DUPLICATE


def is_statement(text: str) -> bool:
    """A whole sentence rather than a heading, a caption or a line of page furniture."""
    words = text.split()
    if len(words) < 6 or not re.search(r"[.!?][\"'”’)\]]*$", text):
        return False
    return sum(1 for w in words if w[:1].isupper()) / len(words) < 0.5


def summary(material: list[Found]) -> list[Statement]:
    """The most relevant statements (3 to 6), at most two per paper, none repeating another."""
    statements = [f for f in material if is_statement(f.text)]
    chosen: list[Found] = []
    for item in statements:
        enough = (
            len(chosen) >= SUMMARY_MIN and item.relevance < statements[0].relevance - SUMMARY_MARGIN
        )
        if len(chosen) >= SUMMARY_MAX or enough:
            break
        if (sum(c.paper_id == item.paper_id for c in chosen) < SUMMARY_PER_PAPER
                and not any(same_claim(item.text, c.text) for c in chosen)):  # fmt: skip
            chosen.append(item)
    return [
        Statement(text=_BULLET.sub("", plain(f.citation.shown)), citation=f.citation.model_copy())
        for f in chosen
    ]


def points_to_check(material: list[Found], vocabulary: Vocabulary) -> list[PointToCheck]:
    """Different dates or figures for the same thing in different papers: both versions, cited."""
    points: dict[tuple[str, str], PointToCheck] = {}

    def add(kind: Literal["date", "amount"], subject: str, pair: list[tuple[Found, str]]
            ) -> None:  # fmt: skip
        point = points.setdefault((kind, subject), PointToCheck(subject=subject, kind=kind,
                                                                versions=[]))  # fmt: skip
        for item, value in pair:
            if (item.paper_id, value) not in {(v.citation.paper_id, v.value) for v in
                                              point.versions}:  # fmt: skip
                point.versions.append(Version(value=value, text=item.text, citation=item.citation))

    dated = [(item, when) for item in material for when in item.dates]
    claims = [dated_claims(_source(item), item.text, [when], vocabulary)[0] for item, when in dated]
    for i, j, shared in differing_dates(claims, vocabulary.common):
        add("date", ", ".join(shared), [(dated[k][0], _when_label(dated[k][1])) for k in (i, j)])
    amounts = [(item, claim) for item in material
               for claim in amount_claims(_source(item), item.text, _spans(item), vocabulary)]
    for i, j, words in differing_amounts([claim for _, claim in amounts], vocabulary.common):
        subject = _subject(amounts[i][1], words, amounts[i][0].text)
        add("amount", subject, [(amounts[k][0], amounts[k][1].amount.label) for k in (i, j)])
    values = {key: {v.value.split(" (")[0] for v in p.versions} for key, p in points.items()}
    kept = [p for key, p in points.items() if len(values[key]) <= MAX_VERSIONS]
    for point in kept:
        point.versions.sort(key=lambda v: (date_key(v.citation.date), v.citation.path))
    return kept


def _source(item: Found) -> Source:
    when = paper_when(item.citation.date)
    return Source(
        item.paper_id, when.span[0] if when else None, frozenset(tokenize(item.citation.title))
    )


def _spans(item: Found) -> tuple[tuple[date, date], ...]:
    return tuple(w.span for w in item.dates) + tuple(financial_years(item.text))


def _when_label(when: When) -> str:
    if not when.written:
        return f"{when.label} (date of the meeting)"
    return f"{when.label} (year from the paper's date)" if when.year_inferred else when.label


def _subject(claim: AmountClaim, shared: frozenset[str], sentence: str) -> str:
    """The words an amount's clause shares with the other's, as the paper writes them."""
    low, high = clause_at(sentence, claim.amount.start, claim.amount.end)
    words = [w for w in re.findall(r"[\w’'-]+", sentence[low:high]) if set(tokenize(w)) & shared]
    return " ".join(words[:6]) or claim.amount.label


# ---------------------------------------------------------------------------------------------
# Building and numbering


def build_briefing(
    engine: Briefbot,
    topic: str,
    questions: Iterable[str] = (),
    filters: Filters | None = None,
    prepared: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> Briefing:
    """Search the index for the topic, compose the briefing from the papers, answer questions."""
    say = progress or (lambda _message: None)
    topic = plain(topic)
    say(f"Searching the papers for {topic!r}")
    material, papers = gather(engine, topic, filters)
    say(f"Reading {len(material)} sentences from {len(papers)} paper(s)")
    asked = [q for q in map(plain, questions) if any(c.isalnum() for c in q)]
    answers = []
    for number, question in enumerate(asked, 1):
        say(f"Answering question {number} of {len(asked)}")
        answers.append(engine.ask(question, filters=filters))
    briefing = compose(f"Briefing: {topic}", material, answers, prepared, index_vocabulary(engine))
    briefing.topic = topic
    _considered(briefing, {p.id: p.meta.date for p in papers})
    return briefing


def conversation_briefing(
    answers: list[Answer], title: str, prepared: date | None = None
) -> Briefing:
    """The chat's export: its questions and answers, and the statements they cite as a summary."""
    material: dict[tuple[str, int], Found] = {}
    for citation in (c for a in answers for c in a.citations):
        minutes_day = citation.date if citation.doc_type == "minutes" else None
        meeting = minutes_day if minutes_day and len(minutes_day) == 10 else None
        material.setdefault(
            (citation.paper_id, citation.start), found(citation.model_copy(), 1.0, meeting)
        )
    briefing = compose(plain(title) or "Briefing", list(material.values()), answers, prepared)
    _considered(briefing, {c.paper_id: c.date for a in answers for c in a.citations})
    return briefing


def _considered(briefing: Briefing, papers: dict[str, str | None]) -> None:
    dates = sorted((d for d in papers.values() if d), key=date_key)
    briefing.papers_considered = len(papers)
    briefing.first_date, briefing.last_date = (dates[0], dates[-1]) if dates else (None, None)


def compose(title: str, material: list[Found], answers: list[Answer], prepared: date | None,
            vocabulary: Vocabulary | None = None) -> Briefing:  # fmt: skip
    """The sections from the material (best first), the answers, then numbered citations."""
    if vocabulary is None:  # how the papers of the material itself use words
        texts: dict[str, str] = {}
        for item in material:
            texts[item.paper_id] = f"{texts.get(item.paper_id, '')} {item.text}"
        vocabulary = Vocabulary.of(texts.values())
    briefing = Briefing(
        title=title, prepared=prepared or date.today(), summary=summary(material),
        timeline=timeline_entries((f.text, f.citation, f.dates) for f in material),
        money=money_entries((f.text, f.citation) for f in material),
        points_to_check=points_to_check(material, vocabulary),
        questions=[question_answer(a) for a in answers],
    )  # fmt: skip
    number(briefing)
    return briefing


def question_answer(answer: Answer) -> QuestionAnswer:
    statements = [Statement(text=plain(c.quote), citation=c.model_copy()) for c in answer.citations]
    refused = answer.refused or not statements
    return QuestionAnswer(
        question=plain(answer.question), refused=refused, statements=statements,
        answer=plain(answer.answer) if refused else "", note=plain(answer.note or "") or None,
        as_of=answer.as_of, closest=[plain(c) for c in answer.closest],
    )  # fmt: skip


_MARK = re.compile(r"\[(\d+)\]")


def number(briefing: Briefing) -> None:
    """Number citations per paper in order of first citation; list those papers as references."""
    answer_marks = [
        {s.citation.n: s.citation.paper_id for s in q.statements} for q in briefing.questions
    ]
    references: dict[str, Reference] = {}
    spots: dict[int, dict[str, int]] = {}  # each reference's locators, and where they point
    for citation in briefing.citations():
        reference = references.get(citation.paper_id)
        if reference is None:
            reference = references[citation.paper_id] = Reference(
                n=len(references) + 1, paper_id=citation.paper_id, title=plain(citation.title),
                doc_type=citation.doc_type, date=citation.date, locators=[],
                path=plain(citation.path),
            )  # fmt: skip
        citation.n = reference.n
        spots.setdefault(reference.n, {}).setdefault(plain(citation.locator), citation.start)
    for reference in references.values():
        reference.locators = sorted(spots[reference.n], key=spots[reference.n].__getitem__)
    for question, marks in zip(briefing.questions, answer_marks, strict=True):
        if question.note:  # the answer's own [n] become the briefing's

            def renumber(match: re.Match[str], marks: dict[int, str] = marks) -> str:
                paper = marks.get(int(match.group(1)))
                return f"[{references[paper].n}]" if paper else match.group(0)

            question.note = _MARK.sub(renumber, question.note)
        if question.statements:
            question.answer = " ".join(f"{s.text} [{s.citation.n}]" for s in question.statements)
    briefing.references = list(references.values())


# ---------------------------------------------------------------------------------------------
# Writers

DOC_TYPES = {"minutes": "Minutes", "report": "Report", "press_release": "Press release",
             "news": "News", "briefing": "Briefing", "other": "Paper"}  # fmt: skip
Run = tuple[str, str]  # (text, style): "" text from papers or people, "b" bold, "m" our marker
Block = tuple[str, int, list[Run]]  # (kind, level, runs); kind: title heading para item ref


def reference_line(reference: Reference) -> str:
    """'Title. Minutes, 31 March 2022. para 5; paras 29–35. 003-cabinet-minutes.txt'."""
    kind = DOC_TYPES.get(reference.doc_type, "Paper")
    locators = "; ".join(reference.locators)
    when = paper_date_label(reference.date)
    return f"{reference.title}. {kind}, {when}. {locators}. {reference.path}"


def _cited(text: str, n: int) -> list[Run]:
    return [(text, ""), (f" [{n}]", "m")]


def _with_marks(text: str) -> list[Run]:
    """A note from the answerer: its [n] markers are ours, the rest is text."""
    return [(part, "m" if i % 2 else "") for i, part in enumerate(_MARK.split(text)) if part]


def outline(briefing: Briefing) -> Iterator[Block]:
    """The document as blocks, shared by both writers."""
    yield "title", 0, [(briefing.title, "")]
    yield "para", 0, [(f"Prepared: {paper_date_label(briefing.prepared.isoformat())}", "")]
    yield "para", 0, [(briefing.papers_line, "")]
    yield "heading", 1, [("Summary", "")]
    yield from (("item", 1, _cited(s.text, s.citation.n)) for s in briefing.summary)
    yield "heading", 1, [("Timeline", "")]
    for e in briefing.timeline:
        written = e.written + (", year from the paper's date" if e.year_inferred else "")
        label = f" ({written or 'date of the meeting'}): "
        yield "item", 1, [(e.date, "b"), (label, ""), *_cited(e.text, e.citation.n)]
    yield "heading", 1, [("Money", "")]
    for m in briefing.money:
        yield "item", 1, [(m.amount, "b")]
        yield from (("item", 2, _cited(x.purpose, x.citation.n)) for x in m.mentions)
    yield "heading", 1, [("Points to check", "")]
    for p in briefing.points_to_check:
        yield "item", 1, [(p.subject, "b"), (f": the papers give different {p.kind}s.", "")]
        for v in p.versions:
            yield "item", 2, [(v.value, "b"), (": ", ""), *_cited(v.text, v.citation.n)]
    yield "heading", 1, [("Questions and answers", "")]
    for q in briefing.questions:
        yield "heading", 2, [(q.question, "")]
        answer = [run for s in q.statements for run in [*_cited(s.text, s.citation.n), (" ", "")]]
        yield "para", 0, answer[:-1] or [(q.answer, "")]
        if q.note:
            yield "para", 0, [("Note: ", ""), *_with_marks(q.note)]
        if q.as_of:
            yield "para", 0, [(q.as_of, "")]
        if q.refused and q.closest:
            yield "para", 0, [(f"Closest papers: {'; '.join(q.closest)}", "")]
    yield "heading", 1, [("References", "")]
    yield from (("ref", r.n, [(reference_line(r), "")]) for r in briefing.references)


def blocks(briefing: Briefing) -> Iterator[Block]:
    """The outline, printable only, with a line under each empty section saying so."""
    filled = {"Summary": briefing.summary, "Timeline": briefing.timeline, "Money": briefing.money,
              "Points to check": briefing.points_to_check,
              "Questions and answers": briefing.questions,
              "References": briefing.references}  # fmt: skip
    for kind, level, runs in outline(briefing):
        yield kind, level, [("".join(c if c.isprintable() else " " for c in t), s) for t, s in runs]
        section = runs[0][0]
        if kind == "heading" and level == 1 and not filled[section]:
            none = "No questions were asked." if section.startswith("Questions") else NOTHING
            yield "para", 0, [(none, "")]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


def markdown(briefing: Briefing) -> str:
    """The briefing as Markdown; text from papers is escaped, so nothing in it becomes markup."""
    lines: list[str] = []
    for kind, level, runs in blocks(briefing):
        text = "".join(t if s == "m" else f"**{_md(t)}**" if s == "b" else _md(t) for t, s in runs)
        if kind in ("title", "heading"):
            lines += ["", "#" * (level + 1) + " " + text, ""]
        elif kind == "item":
            lines.append("    " * (level - 1) + "- " + text)
        elif kind == "ref":
            lines += [f"{level}. {text}", ""]
        else:  # a paragraph that opens like a list item stays a paragraph
            lines += [re.sub(r"^([-+]|\d+[.)])", r"\\\1", text), ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def write_markdown(briefing: Briefing, path: Path, force: bool = False) -> Path:
    """Write the briefing as Markdown; an existing file is replaced only with force=True."""
    content = markdown(briefing)
    return _write(Path(path), force, lambda target: target.write_text(content, encoding="utf-8"))


def write_docx(briefing: Briefing, path: Path, force: bool = False) -> Path:
    """Write the briefing as a Word document: headings, bullets, [n] markers, references."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = plain(briefing.title)[:255]
    document.core_properties.author = "briefbot"
    styles = {("item", 1): "List Bullet", ("item", 2): "List Bullet 2"}
    for kind, level, runs in blocks(briefing):
        if kind in ("title", "heading"):
            document.add_heading(runs[0][0], level=level)
            continue
        paragraph = document.add_paragraph(style=styles.get((kind, level)))
        if kind == "ref":
            paragraph.paragraph_format.left_indent = Pt(24)
            paragraph.paragraph_format.first_line_indent = Pt(-24)
            runs = [(f"[{level}] ", "b"), *runs]
        for text, style in runs:
            paragraph.add_run(text).bold = True if style == "b" else None
    return _write(Path(path), force, lambda target: document.save(str(target)))


def _exists(path: Path) -> BriefbotError:
    return BriefbotError(f"{path} already exists: choose another name, or --force to replace it")


def _write(path: Path, force: bool, save: Callable[[Path], object]) -> Path:
    """Save through a temporary file beside the target; never replace a file unless forced."""
    if (path.exists() or path.is_symlink()) and not force:
        raise _exists(path)
    if not path.parent.is_dir():
        raise BriefbotError(f"cannot write {path}: the folder {path.parent} does not exist")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        save(temporary)
        if force:
            os.replace(temporary, path)
        else:
            _place_new(temporary, path)
    except FileExistsError as error:
        raise _exists(path) from error
    except OSError as error:
        raise BriefbotError(f"cannot write {path}: {error.strerror or error}") from error
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _place_new(temporary: Path, path: Path) -> None:
    """Link the file in, which fails if one appeared meanwhile (no silent overwrite)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)
