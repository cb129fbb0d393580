"""The evaluation harness: run question sets; measure answers, retrieval, refusals, quotes,
disagreement notes and latency, set by set, seen beside unseen."""

from __future__ import annotations

import re
import statistics
import time

from pydantic import BaseModel, Field

from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.evaluation.cases import Case, Expectation
from briefbot.ingest import load_paper
from briefbot.models import Answer, Passage, SourcePassage
from briefbot.store.retrieve import Mode

DIFFER = "The papers differ"


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
    style: list[str] = Field(default_factory=list)
    differ: bool = False
    flagged: bool = False
    unanswered_parts: int = 0
    pages_right: bool = True
    answer_passage: bool = False  # one of the first five passages holds the expected answer


class EvalReport(BaseModel):
    mode: str
    questions: int
    answer_accuracy: float
    hit_at: dict[str, float]
    refusal_precision: float
    refusal_recall: float
    wrongly_refused: float
    quotes_verbatim: float
    pages_right: float = 1.0
    retrieved_not_used: float = 0.0
    answer_passage_at_5: float = 0.0
    false_differ: int = 0
    missed_differ: int = 0
    latency_ms: dict[str, float]
    name: str = ""
    seen: bool = True
    results: list[CaseResult] = Field(default_factory=list)


def _printed_pieces(quote: str) -> list[str]:
    """What of a quote must be printed on its page: all of it, or for a table's row written
    out with its headings ("Audit | Budget 2017-18: 400") each word of its label, headings and
    figures, printed in their places on the page (cells of a row) rather than side by side."""
    if " | " not in quote:
        return [quote]
    return [word for cell in quote.split(" | ") for word in cell.replace(": ", " ").split()]


class QuoteChecker:
    """Checks quotes against the papers as re-read from the corpus, not against the index."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._texts: dict[str, str] = {}
        self._pages: dict[str, dict[int, str]] = {}

    def verbatim(self, answer: Answer) -> bool:
        for citation in answer.citations:
            if citation.path not in self._texts:
                paper = load_paper(
                    self.settings.corpus / citation.path,
                    citation.path,
                    self.settings.max_text_bytes,
                    ocr=self.settings.ocr,
                )
                self._texts[citation.path] = paper.text
            text = self._texts[citation.path]
            if text[citation.start : citation.end] != citation.quote:
                return False
            if citation.lead is not None and (
                citation.lead_start is None
                or text[citation.lead_start : citation.lead_end] != citation.lead
            ):
                return False
        return True

    def on_their_pages(self, answer: Answer) -> bool:
        """Every quote citing a PDF page is printed on that page, as PDFium reads the file
        afresh (letters and digits compared, so line breaks and hyphens do not count)."""
        for citation in answer.citations:
            page = citation.page
            if page is None or citation.ocr or not citation.path.lower().endswith(".pdf"):
                continue  # a scan's words are the OCR's: there is no text layer to hold them to
            printed = self._page_letters(citation.path).get(page, "")
            if not all(_letters(piece) in printed for piece in _printed_pieces(citation.quote)):
                return False
        return True

    def _page_letters(self, path: str) -> dict[int, str]:
        if path not in self._pages:
            import pypdfium2 as pdfium

            document = pdfium.PdfDocument(self.settings.corpus / path)
            try:
                self._pages[path] = {
                    n + 1: _letters(document[n].get_textpage().get_text_bounded())
                    for n in range(len(document))
                }
            finally:
                document.close()
        return self._pages[path]


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def garbage_passages(engine: Briefbot) -> list[str]:
    """The passages of the index whose text does not read as words (a check over the whole
    index: garbage must never be indexed as if it were text)."""
    from briefbot.ingest.legible import garbled

    return [p.id for p in engine.passages() if garbled(p.text)]


def _found(patterns: list[str], text: str) -> bool:
    return all(re.search(p, text, re.IGNORECASE) for p in patterns)


def is_correct(case: Case, answer: Answer) -> bool:
    """Right when every answerable part's patterns appear in the answer, a paper it may cite is
    cited, and a part the papers don't answer is said to be unanswered (or, for a wholly
    unanswerable question, the answer is a refusal)."""
    if case.unanswerable:
        return answer.refused
    if answer.refused:
        return False
    cited = {c.path for c in answer.citations}
    answerable: list[Expectation] = [e for e in case.expectations if not e.unanswerable]
    for expectation in answerable:
        if not _found(expectation.patterns, answer.answer):
            return False
    if not cited & set(case.all_papers):
        return False
    return not case.partly_unanswerable or bool(answer.unanswered)


def holds_answer(case: Case, passages: list[SourcePassage] | list[Passage]) -> bool:
    """Whether one of the passages, from a paper the case may cite, holds its first answerable
    expectation in full: the passage-level hit (a lower bound: an answer split across two
    passages, or worded otherwise than its patterns, does not count)."""
    expectation = next((e for e in case.expectations if not e.unanswerable), None)
    if expectation is None:
        return False
    papers = set(case.all_papers)
    return any(p.path in papers and _found(expectation.patterns, p.text) for p in passages)


def run_case(engine: Briefbot, case: Case, mode: Mode, quotes: QuoteChecker) -> CaseResult:
    started = time.perf_counter()
    answer = engine.ask(case.question, mode=mode)
    latency = (time.perf_counter() - started) * 1000
    cited = list(dict.fromkeys(c.path for c in answer.citations))
    return CaseResult(
        question=case.question,
        unanswerable=case.unanswerable,
        expect=case.expect or (" & ".join(case.expect_all) if case.expect_all else None),
        papers=case.all_papers,
        answer=answer.answer,
        refused=answer.refused,
        cited=cited,
        correct=is_correct(case, answer),
        retrieved=[p.path for p in answer.passages],
        quotes_verbatim=quotes.verbatim(answer),
        pages_right=quotes.on_their_pages(answer),
        latency_ms=round(latency, 1),
        style=case.style,
        differ=case.differ,
        flagged=bool(answer.note and DIFFER in answer.note),
        unanswered_parts=len(answer.unanswered) if not answer.refused else 0,
        answer_passage=holds_answer(case, answer.passages[:5]),
    )


def _share(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 1.0


def summarise(
    mode: str, results: list[CaseResult], name: str = "", seen: bool = True
) -> EvalReport:
    answerable = [r for r in results if not r.unanswerable]
    unanswerable = [r for r in results if r.unanswerable]
    refused = [r for r in results if r.refused]
    latencies = sorted(r.latency_ms for r in results) or [0.0]
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))]

    def hit(r: CaseResult, k: int) -> bool:
        return bool(set(r.retrieved[:k]) & set(r.papers))

    missed = [r for r in answerable if not r.correct]
    return EvalReport(
        mode=mode,
        name=name,
        seen=seen,
        questions=len(results),
        answer_accuracy=_share(sum(r.correct for r in answerable), len(answerable)),
        hit_at={
            str(k): _share(sum(hit(r, k) for r in answerable), len(answerable)) for k in (1, 3, 5)
        },
        refusal_precision=_share(sum(r.unanswerable for r in refused), len(refused)),
        refusal_recall=_share(sum(r.refused for r in unanswerable), len(unanswerable)),
        wrongly_refused=_share(sum(r.refused for r in answerable), len(answerable)),
        quotes_verbatim=_share(sum(r.quotes_verbatim for r in results), len(results)),
        pages_right=_share(
            sum(r.pages_right for r in results if not r.refused),
            sum(1 for r in results if not r.refused),
        ),
        retrieved_not_used=_share(sum(hit(r, 5) for r in missed), len(answerable)),
        answer_passage_at_5=_share(sum(r.answer_passage for r in answerable), len(answerable)),
        false_differ=sum(r.flagged and not r.differ for r in results),
        missed_differ=sum(r.differ and not r.flagged and not r.refused for r in results),
        latency_ms={"p50": round(statistics.median(latencies), 1), "p95": round(p95, 1)},
        results=results,
    )


def evaluate(
    engine: Briefbot, cases: list[Case], mode: Mode = "hybrid", name: str = "", seen: bool = True
) -> EvalReport:
    quotes = QuoteChecker(engine.settings)
    engine.ask(cases[0].question, mode=mode)  # load the model and index outside the timings
    results = [run_case(engine, case, mode, quotes) for case in cases]
    return summarise(mode, results, name, seen)


def gap(reports: list[EvalReport]) -> float | None:
    """Accuracy on the seen sets' answerable questions minus the unseen sets', in points."""

    def pooled(chosen: list[EvalReport]) -> float | None:
        rows = [r for report in chosen for r in report.results if not r.unanswerable]
        return sum(r.correct for r in rows) / len(rows) if rows else None

    seen = pooled([r for r in reports if r.seen])
    unseen = pooled([r for r in reports if not r.seen])
    return None if seen is None or unseen is None else round(100 * (seen - unseen), 1)
