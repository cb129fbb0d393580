"""Officer briefings: a cited note on a topic (summary, timeline, money, points to check, Q&A).

Every statement is a sentence quoted from a paper. The material is what the index finds for the
topic; citations are numbered per paper in the order the document first cites them, so each [n]
names exactly one reference and every reference is cited. Written as Markdown or Word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from briefbot.briefing.gather import Found, found, gather, index_vocabulary
from briefbot.briefing.money import (
    MoneyEntry,
    Vocabulary,
    money_entries,
)
from briefbot.briefing.note import MARK, Briefing, QuestionAnswer, Reference, Statement
from briefbot.briefing.sections import points_to_check, summary
from briefbot.briefing.timeline import (
    TimelineEntry,
    timeline_entries,
)
from briefbot.models import Answer, Filters, date_key
from briefbot.safety import plain

if TYPE_CHECKING:
    from briefbot.engine import Briefbot


__all__ = [
    "Briefing",
    "MoneyEntry",
    "TimelineEntry",
    "build_briefing",
    "conversation_briefing",
]


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
    briefing = assemble(f"Briefing: {topic}", material, answers, prepared, index_vocabulary(engine))
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
    briefing = assemble(plain(title) or "Briefing", list(material.values()), answers, prepared)
    _considered(briefing, {c.paper_id: c.date for a in answers for c in a.citations})
    return briefing


def _considered(briefing: Briefing, papers: dict[str, str | None]) -> None:
    dates = sorted((d for d in papers.values() if d), key=date_key)
    briefing.papers_considered = len(papers)
    briefing.first_date, briefing.last_date = (dates[0], dates[-1]) if dates else (None, None)


def assemble(
    title: str,
    material: list[Found],
    answers: list[Answer],
    prepared: date | None,
    vocabulary: Vocabulary | None = None,
) -> Briefing:
    """The sections from the material (best first), the answers, then numbered citations."""
    if vocabulary is None:  # how the papers of the material itself use words
        texts: dict[str, str] = {}
        for item in material:
            texts[item.paper_id] = f"{texts.get(item.paper_id, '')} {item.text}"
        vocabulary = Vocabulary.of(texts.values())
    briefing = Briefing(
        title=title,
        prepared=prepared or date.today(),
        summary=summary(material),
        timeline=timeline_entries((f.text, f.citation, f.dates) for f in material),
        money=money_entries((f.text, f.citation) for f in material),
        points_to_check=points_to_check(material, vocabulary),
        questions=[question_answer(a) for a in answers],
    )
    number(briefing)
    return briefing


def question_answer(answer: Answer) -> QuestionAnswer:
    # each as the chat shows it: with the sentence it leans on ("X said:" before a quotation)
    statements = [Statement(text=plain(c.shown), citation=c.model_copy()) for c in answer.citations]
    refused = answer.refused or not statements
    return QuestionAnswer(
        question=plain(answer.question),
        refused=refused,
        statements=statements,
        answer=plain(answer.answer) if refused else "",
        note=plain(answer.note or "") or None,
        as_of=answer.as_of,
        closest=[plain(c) for c in answer.closest],
    )


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
                n=len(references) + 1,
                paper_id=citation.paper_id,
                title=plain(citation.title),
                doc_type=citation.doc_type,
                date=citation.date,
                locators=[],
                path=plain(citation.path),
            )
        citation.n = reference.n
        spots.setdefault(reference.n, {}).setdefault(plain(citation.locator), citation.start)
    for reference in references.values():
        reference.locators = sorted(spots[reference.n], key=spots[reference.n].__getitem__)
    for question, marks in zip(briefing.questions, answer_marks, strict=True):
        if question.note:  # the answer's own [n] become the briefing's

            def renumber(match: re.Match[str], marks: dict[int, str] = marks) -> str:
                paper = marks.get(int(match.group(1)))
                return f"[{references[paper].n}]" if paper else match.group(0)

            question.note = MARK.sub(renumber, question.note)
        if question.statements:
            question.answer = " ".join(f"{s.text} [{s.citation.n}]" for s in question.statements)
    briefing.references = list(references.values())


# ---------------------------------------------------------------------------------------------
# Writers
