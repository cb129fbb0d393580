"""Question files (JSON Lines) and the question sets `briefbot eval` reports side by side.

A line is one question with what a right answer must contain:
  {"question", "expect": REGEX, "papers": [...]}                 one fact, cited from one of papers
  {"question", "expect_all": [REGEX, ...], "papers": [...]}      a list: every item must appear
  {"question", "parts": [{"expect", "papers"} | {"unanswerable": true}, ...]}   two in one
  {"question", "unanswerable": true}                              the papers don't say
with optional "kind", "style" (tags: two_part, chatty, now, next, list ...), "differ" (the papers
really give different values for it) and "note".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, model_validator

from briefbot.errors import BriefbotError

EVAL = Path(__file__).resolve().parents[2] / "eval"


class Expectation(BaseModel):
    """What one part of a question needs: a pattern and the papers it may cite, or a refusal."""

    expect: str | None = None
    expect_all: list[str] = Field(default_factory=list)
    papers: list[str] = Field(default_factory=list)
    unanswerable: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Expectation:
        if not self.unanswerable and not (self.expect or self.expect_all):
            raise ValueError("an answerable question needs `expect` or `expect_all`")
        for pattern in [self.expect or "", *self.expect_all]:
            re.compile(pattern)
        return self

    @property
    def patterns(self) -> list[str]:
        return [p for p in [self.expect, *self.expect_all] if p]


class Case(Expectation):
    """One line of a question file."""

    question: str
    parts: list[Expectation] = Field(default_factory=list)
    kind: str | None = None
    style: list[str] = Field(default_factory=list)
    differ: bool = False
    extracted: bool = Field(
        default=True, description="false: the paper holds the answer but extraction loses it"
    )
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _parts_stand_for_the_whole(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("parts") and "unanswerable" not in data:
            parts = data["parts"]
            data = {**data, "unanswerable": all(p.get("unanswerable") for p in parts)}
            if not data["unanswerable"] and not (data.get("expect") or data.get("expect_all")):
                data["expect_all"] = [p["expect"] for p in parts if p.get("expect")]
        return data

    @property
    def expectations(self) -> list[Expectation]:
        """The parts' expectations, or the question's own as its one part."""
        return list(self.parts) or [self]

    @property
    def all_papers(self) -> list[str]:
        return list(dict.fromkeys(p for e in self.expectations for p in e.papers))

    @property
    def partly_unanswerable(self) -> bool:
        return any(e.unanswerable for e in self.parts) and not self.unanswerable


def load_cases(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                cases.append(Case.model_validate_json(line))
            except (ValidationError, re.error) as error:
                first = str(error).splitlines()[0]
                raise BriefbotError(
                    f"{path}:{number}: not a valid question line ({first})"
                ) from error
    if not cases:
        raise BriefbotError(f"{path} holds no questions")
    return cases


@dataclass(frozen=True)
class QuestionSet:
    """A question file, whether the scorer was fitted on it, and what papers it asks about."""

    name: str
    file: str
    seen: bool  # fitted or tuned on
    papers: str  # herefordshire, generated, real, or all three
    needs_real: bool = False
    # the council its questions are asked as of (Settings.council): a Herefordshire
    # councillor's "us", and questions that name no council, mean Herefordshire
    council: str | None = None

    @property
    def path(self) -> Path:
        return EVAL / self.file


HEREFORDSHIRE = "Herefordshire Council"  # the council of corpus/

# Fitted on: the dev set and the fit parts. Never fitted or tuned on: the unseen parts (written
# after the design was frozen, over papers the fit never read) and heldout.jsonl.
QUESTION_SETS = (
    QuestionSet("dev", "dev.jsonl", True, "herefordshire", council=HEREFORDSHIRE),
    QuestionSet("hereford-fit", "hereford-fit.jsonl", True, "herefordshire", council=HEREFORDSHIRE),
    QuestionSet("generated-fit", "generated-fit.jsonl", True, "generated"),
    QuestionSet("real-fit", "real-fit.jsonl", True, "real", needs_real=True),
    QuestionSet("more-fit", "more-fit.jsonl", True, "all", needs_real=True),
    QuestionSet(
        "hereford-unseen", "hereford-unseen.jsonl", False, "herefordshire", council=HEREFORDSHIRE
    ),
    QuestionSet("generated-unseen", "generated-unseen.jsonl", False, "generated"),
    QuestionSet("real-unseen", "real-unseen.jsonl", False, "real", needs_real=True),
    QuestionSet("real-ingest-unseen", "real-ingest-unseen.jsonl", False, "real", needs_real=True),
    QuestionSet("heldout", "heldout.jsonl", False, "generated"),
    QuestionSet("fresh-unseen", "fresh-unseen.jsonl", False, "all", needs_real=True),
    QuestionSet("fresh-unseen-2", "fresh-unseen-2.jsonl", False, "all", needs_real=True),
    QuestionSet("fresh-unseen-3", "fresh-unseen-3.jsonl", False, "all", needs_real=True),
    QuestionSet("fresh-unseen-4", "fresh-unseen-4.jsonl", False, "all", needs_real=True),
    QuestionSet("fresh-unseen-5", "fresh-unseen-5.jsonl", False, "all", needs_real=True),
    QuestionSet("fresh-unseen-6", "fresh-unseen-6.jsonl", False, "all", needs_real=True),
    QuestionSet("fresh-unseen-7", "fresh-unseen-7.jsonl", False, "all", needs_real=True),
    QuestionSet("fresh-unseen-8", "fresh-unseen-8.jsonl", False, "real", needs_real=True),
)


def question_sets(seen: bool | None = None) -> list[QuestionSet]:
    """The sets whose files exist, optionally only the seen (or unseen) ones."""
    return [s for s in QUESTION_SETS if s.path.exists() and (seen is None or s.seen == seen)]
