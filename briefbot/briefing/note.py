"""What a briefing holds: its statements, timeline, money, points to check, questions and
references (the types the writers and the chat read)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from briefbot.briefing.money import (
    MoneyEntry,
)
from briefbot.briefing.timeline import (
    TimelineEntry,
)
from briefbot.language.dates import paper_date_label
from briefbot.models import Citation

if TYPE_CHECKING:
    pass


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


MARK = re.compile(r"\[(\d+)\]")
