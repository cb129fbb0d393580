"""The evaluation harness: run a question set; measure answers, retrieval, refusals and quotes."""

from __future__ import annotations

import re
import shutil
import statistics
import time
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, model_validator

from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.errors import BriefbotError
from briefbot.haystack import write_haystack
from briefbot.ingest import load_paper
from briefbot.models import Answer
from briefbot.retrieve import Mode

HAYSTACK_COUNT = 300
HAYSTACK_SEED = 2022


class Case(BaseModel):
    """One line of a question file."""

    question: str
    expect: str | None = None
    papers: list[str] = Field(default_factory=list)
    unanswerable: bool = False
    kind: str | None = None

    @model_validator(mode="after")
    def _answerable_has_expectation(self) -> Case:
        if not self.unanswerable and not self.expect:
            raise ValueError("an answerable question needs `expect`")
        if self.expect:
            re.compile(self.expect)
        return self


class CaseResult(BaseModel):
    question: str
    unanswerable: bool
    expect: str | None
    papers: list[str]
    answer: str
    refused: bool
    cited: list[str]
    correct: bool
    retrieved: list[str]
    quotes_verbatim: bool
    latency_ms: float


class EvalReport(BaseModel):
    mode: str
    questions: int
    answer_accuracy: float
    hit_at: dict[str, float]
    refusal_precision: float
    refusal_recall: float
    wrongly_refused: float
    quotes_verbatim: float
    latency_ms: dict[str, float]
    results: list[CaseResult] = Field(default_factory=list)


def load_cases(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                cases.append(Case.model_validate_json(line))
            except (ValidationError, re.error) as error:
                raise BriefbotError(
                    f"{path}:{number}: not a valid question line ({error})"
                ) from error
    if not cases:
        raise BriefbotError(f"{path} holds no questions")
    return cases


def haystack_settings(settings: Settings, count: int = HAYSTACK_COUNT) -> Settings:
    """A cached copy of the corpus with synthetic papers mixed in, and its own index."""
    root = settings.cache / f"eval-haystack-{count}-{HAYSTACK_SEED}"
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for entry in corpus.iterdir():
        if entry.name != "haystack":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.copytree(settings.corpus, corpus, dirs_exist_ok=True, symlinks=True)
    if not (corpus / "haystack").is_dir():
        write_haystack(corpus / "haystack", count=count, seed=HAYSTACK_SEED)
    return settings.model_copy(update={"corpus": corpus, "index": root / "index"})


class QuoteChecker:
    """Checks quotes against the papers as re-read from the corpus, not against the index."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._texts: dict[str, str] = {}

    def verbatim(self, answer: Answer) -> bool:
        for citation in answer.citations:
            if citation.path not in self._texts:
                paper = load_paper(
                    self.settings.corpus / citation.path,
                    citation.path,
                    self.settings.max_text_bytes,
                )
                self._texts[citation.path] = paper.text
            if self._texts[citation.path][citation.start : citation.end] != citation.quote:
                return False
        return True


def run_case(engine: Briefbot, case: Case, mode: Mode, quotes: QuoteChecker) -> CaseResult:
    started = time.perf_counter()
    answer = engine.ask(case.question, mode=mode)
    latency = (time.perf_counter() - started) * 1000
    cited = list(dict.fromkeys(c.path for c in answer.citations))
    if case.unanswerable:
        correct = answer.refused
    else:
        found = bool(case.expect and re.search(case.expect, answer.answer, re.IGNORECASE))
        correct = not answer.refused and found and bool(set(cited) & set(case.papers))
    return CaseResult(
        question=case.question,
        unanswerable=case.unanswerable,
        expect=case.expect,
        papers=case.papers,
        answer=answer.answer,
        refused=answer.refused,
        cited=cited,
        correct=correct,
        retrieved=[p.path for p in answer.passages],
        quotes_verbatim=quotes.verbatim(answer),
        latency_ms=round(latency, 1),
    )


def _share(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 1.0


def summarise(mode: str, results: list[CaseResult]) -> EvalReport:
    answerable = [r for r in results if not r.unanswerable]
    unanswerable = [r for r in results if r.unanswerable]
    refused = [r for r in results if r.refused]
    latencies = sorted(r.latency_ms for r in results)
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))]
    return EvalReport(
        mode=mode,
        questions=len(results),
        answer_accuracy=_share(sum(r.correct for r in answerable), len(answerable)),
        hit_at={
            str(k): _share(
                sum(bool(set(r.retrieved[:k]) & set(r.papers)) for r in answerable), len(answerable)
            )
            for k in (1, 3, 5)
        },
        refusal_precision=_share(sum(r.unanswerable for r in refused), len(refused)),
        refusal_recall=_share(sum(r.refused for r in unanswerable), len(unanswerable)),
        wrongly_refused=_share(sum(r.refused for r in answerable), len(answerable)),
        quotes_verbatim=_share(sum(r.quotes_verbatim for r in results), len(results)),
        latency_ms={"p50": round(statistics.median(latencies), 1), "p95": round(p95, 1)},
        results=results,
    )


def evaluate(engine: Briefbot, cases: list[Case], mode: Mode = "hybrid") -> EvalReport:
    quotes = QuoteChecker(engine.settings)
    engine.ask(cases[0].question, mode=mode)  # load the model and index outside the timings
    return summarise(mode, [run_case(engine, case, mode, quotes) for case in cases])
