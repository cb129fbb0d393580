"""What the commands print: answers, reports and progress, always terminal-safe; errors as one
line."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefbot.errors import BriefbotError

if TYPE_CHECKING:  # the core is imported only when a command needs it: the chat paints first
    from briefbot.models import Answer, RefreshProgress, RefreshReport


def terminal_safe(text: str) -> str:
    """Text from papers and file names with escape sequences and bidi controls removed, so that
    nothing printed can move the cursor, recolour or reorder the terminal."""
    from briefbot.ingest.clean import clean_text

    return clean_text(text)


def say(text: str, err: bool = False) -> None:
    click.echo(terminal_safe(text), err=err)


@contextmanager
def readable_errors() -> Iterator[None]:
    """Turn briefbot's errors into one line and a non-zero exit, never a traceback."""
    try:
        yield
    except BriefbotError as error:
        raise click.ClickException(terminal_safe(str(error))) from error
    except KeyboardInterrupt:
        say("Interrupted; the index is as it was.", err=True)
        sys.exit(130)


@contextmanager
def refresh_progress(enabled: bool) -> Iterator[Callable[[RefreshProgress], None] | None]:
    """A rich progress bar on a terminal; nothing when piped or printing JSON."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Scanning papers", total=None)

        def tick(update: RefreshProgress) -> None:
            if update.stage == "parse":
                label = f"Indexing {update.path}"[:60]
                bar.update(task, description=label, completed=update.done, total=update.total)
            elif update.stage == "embed":
                bar.update(task, description=f"Embedded {update.done} passages")
            elif update.stage in ("store", "done"):
                bar.update(task, description="Saving the index", completed=update.total)

        yield tick


def print_report(report: RefreshReport, as_json: bool, index: Path) -> None:
    if as_json:
        click.echo(report.model_dump_json())
        return
    say(f"Index {index}: {report.documents} papers, {report.passages} passages.")
    whole = [f for f in report.failed if not f.pages]
    pages = sum(len(f.pages) for f in report.failed)
    say(
        f"  added {len(report.added)}, changed {len(report.changed)}, removed "
        f"{len(report.removed)}, unchanged {report.unchanged}, failed {len(whole)}"
        + (f", unreadable pages {pages}" if pages else "")
    )
    for label, paths in (
        ("added", report.added),
        ("changed", report.changed),
        ("removed", report.removed),
    ):
        for path in paths:
            say(f"  {label}: {path}")
    for failure in report.failed:
        say(f"  failed: {failure.path} - {failure.reason}")


CITATION_FIELDS = {
    "n",
    "title",
    "date",
    "doc_type",
    "locator",
    "page",
    "path",
    "quote",
    "start",
    "end",
    "lead",
    "lead_start",
    "lead_end",
}


def answer_json(answer: Answer) -> dict[str, Any]:
    """The object `ask --json` promises."""
    found = {
        "question": answer.question,
        "answer": answer.answer,
        "refused": answer.refused,
        "as_of": answer.as_of,
        "note": answer.note,
        "parts": answer.parts,
        "unanswered": answer.unanswered,
        "citations": [c.model_dump(include=CITATION_FIELDS) for c in answer.citations],
        "passages": [p.model_dump() for p in answer.passages],
        "closest": answer.closest,
        "generation": answer.generation,
    }
    if answer.considered:
        found["considered"] = [c.model_dump() for c in answer.considered]
    return found


def print_explanation(answer: Answer) -> None:
    """The sentences weighed for each part, best first, with what pushed each up or down."""
    from briefbot.answering.explain import explanation_lines

    say("")
    for line in explanation_lines(answer):
        say(line)


def print_answer(answer: Answer) -> None:
    from briefbot.language.dates import paper_date_label

    say(answer.answer)
    if answer.refused:
        if answer.closest:
            say("The closest papers are:")
            for title in answer.closest:
                say(f"  - {title}")
        return
    if answer.note:
        say(answer.note)
    say(answer.as_of)
    say("\nSources:")
    for c in answer.citations:
        scan = " (a scan, read by OCR)" if c.ocr else ""
        say(f"[{c.n}] {c.title} ({paper_date_label(c.date)}, {c.doc_type}), {c.locator}{scan}")
        say(f"    {c.path}: \u201c{c.shown}\u201d")
        if c.record:
            say(f"    Minutes record: {c.record.summary}")
        if c.also_in:
            say(f"    Also in: {'; '.join(c.also_in)}")


def print_eval(reports: list[Any], by: str) -> None:
    rows = [
        ("questions", lambda r: str(r.questions)),
        ("answer accuracy", lambda r: f"{r.answer_accuracy:.0%}"),
        ("unanswerable refused", lambda r: f"{r.refusal_recall:.0%}"),
        ("wrongly refused", lambda r: f"{r.wrongly_refused:.0%}"),
        ("refusal precision", lambda r: f"{r.refusal_precision:.0%}"),
        ("quotes verbatim", lambda r: f"{r.quotes_verbatim:.0%}"),
        ("cited page right", lambda r: f"{r.pages_right:.0%}"),
        ("paper hit@1 / @5", lambda r: f"{r.hit_at['1']:.0%} / {r.hit_at['5']:.0%}"),
        ("answer passage @5", lambda r: f"{r.answer_passage_at_5:.0%}"),
        ("retrieved, not used", lambda r: f"{r.retrieved_not_used:.0%}"),
        ("false / missed differ", lambda r: f"{r.false_differ} / {r.missed_differ}"),
        ("latency p50 / p95", lambda r: f"{r.latency_ms['p50']:.0f}/{r.latency_ms['p95']:.0f}ms"),
    ]
    width = 17
    heads = [getattr(r, by) + ("" if by == "mode" or r.seen else "*") for r in reports]
    say(f"{'':22}" + "".join(f"{h[: width - 1]:>{width}}" for h in heads))
    for label, cell in rows:
        say(f"{label:22}" + "".join(f"{cell(r):>{width}}" for r in reports))
    if by == "name":
        say("* unseen: never fitted or tuned on")
    for report in reports if by == "name" else reports[:1]:
        misses = [r for r in report.results if not r.correct]
        if misses and by == "mode":
            say(f"\n{len(misses)} of {report.questions} questions missed ({report.mode}):")
            for miss in misses:
                wanted = f"/{miss.expect}/ citing {miss.papers}"
                expected = "a refusal" if miss.unanswerable else wanted
                say(f"- {miss.question}\n    expected {expected}\n    got: {miss.answer[:160]}")


# --- briefbot brief: officer briefings (issue 5) ---------------------------------------------


@contextmanager
def brief_progress() -> Iterator[Callable[[str], None]]:
    """A spinner with the current step on a terminal's stderr; nothing when piped."""
    if not sys.stderr.isatty():
        yield lambda _message: None
        return
    from rich.console import Console
    from rich.text import Text

    with Console(stderr=True).status("Preparing the briefing") as spinner:
        yield lambda message: spinner.update(Text(message))  # topic text is never markup
