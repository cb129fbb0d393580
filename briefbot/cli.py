"""The `briefbot` command: parse arguments, call the engine, print. Plain `briefbot` is the chat."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from briefbot.errors import BriefbotError

if TYPE_CHECKING:  # the core is imported only when a command needs it: the chat paints first
    from briefbot.engine import Briefbot
    from briefbot.models import Answer, Filters, RefreshProgress, RefreshReport
    from briefbot.retrieve import Mode

DOC_TYPE_CHOICES = ("minutes", "report", "press_release", "news", "briefing", "other")

F = TypeVar("F", bound=Callable[..., Any])


def _remember_chroma_url(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta["chroma_url"] = value


def place_options(command: F) -> F:
    """--corpus, --index and --chroma-url, which every command takes."""
    command = click.option(
        "--chroma-url",
        default=None,
        expose_value=False,
        callback=_remember_chroma_url,
        help="A shared Chroma server for the vectors, e.g. http://host:8000 "
        "[default: the index's own, or BRIEFBOT_CHROMA_URL].",
    )(command)
    command = click.option(
        "--index",
        type=click.Path(path_type=Path),
        default=None,
        help="Index folder [default: ./index, or BRIEFBOT_INDEX].",
    )(command)
    command = click.option(
        "--corpus",
        type=click.Path(path_type=Path),
        default=None,
        help="Folder of papers [default: ./corpus, or BRIEFBOT_CORPUS].",
    )(command)
    return command


def filter_options(command: F) -> F:
    """--type, --since and --until, which the commands that search take."""
    command = click.option(
        "--until", default=None, help="Only papers dated on or before YYYY[-MM[-DD]]."
    )(command)
    command = click.option(
        "--since", default=None, help="Only papers dated on or after YYYY[-MM[-DD]]."
    )(command)
    return click.option(
        "--type", "doc_types", multiple=True, type=click.Choice(DOC_TYPE_CHOICES),
        help="Only papers of this type (repeatable).",
    )(command)  # fmt: skip


def make_filters(
    doc_types: tuple[str, ...], since: str | None, until: str | None, committee: str | None = None
) -> Filters:
    """The filters given on the command line, or a usage error naming the bad value."""
    from pydantic import ValidationError

    from briefbot.models import Filters

    try:
        return Filters(doc_types=list(doc_types), since=since, until=until, committee=committee)
    except ValidationError as error:
        raise click.BadParameter(error.errors()[0]["msg"].removeprefix("Value error, ")) from error


def make_engine(
    corpus: Path | None, index: Path | None, chroma_url: str | None = None
) -> Briefbot:
    from briefbot.config import Settings
    from briefbot.engine import Briefbot

    context = click.get_current_context(silent=True)
    chroma_url = chroma_url or (context.meta.get("chroma_url") if context else None)
    pairs = (("corpus", corpus), ("index", index), ("chroma_url", chroma_url))
    overrides: dict[str, Any] = {k: v for k, v in pairs if v is not None}
    try:
        return Briefbot(Settings(**overrides))
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise click.ClickException(f"bad setting: {str(error).splitlines()[0]}") from error


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
    say(
        f"  added {len(report.added)}, changed {len(report.changed)}, removed "
        f"{len(report.removed)}, unchanged {report.unchanged}, failed {len(report.failed)}"
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


@click.group(invoke_without_command=True)
@place_options
@click.version_option(package_name="briefbot")
@click.pass_context
def main(ctx: click.Context, corpus: Path | None, index: Path | None) -> None:
    """briefbot: cited answers from council papers. Run without a command to open the chat."""
    if ctx.invoked_subcommand is None:
        from briefbot.tui.app import run_chat

        with readable_errors():
            url = ctx.meta.get("chroma_url")  # read now: the chat builds its engine in a worker
            run_chat(make_engine=lambda: make_engine(corpus, index, url))


@main.command()
@place_options
@click.option("--rebuild", is_flag=True, help="Build the index from scratch.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def refresh(corpus: Path | None, index: Path | None, rebuild: bool, as_json: bool) -> None:
    """Index new and changed papers, and forget removed ones."""
    engine = make_engine(corpus, index)
    with readable_errors(), refresh_progress(not as_json) as tick:
        report = engine.refresh(rebuild=rebuild, progress=tick)
    print_report(report, as_json, engine.settings.index)


@main.command()
@place_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def status(corpus: Path | None, index: Path | None, as_json: bool) -> None:
    """How many papers the index holds, and whether the corpus has changed since."""
    engine = make_engine(corpus, index)
    with readable_errors():
        state = engine.status(check=True)
        pending = engine.pending_changes() if state.exists else []
    if as_json:
        click.echo(json.dumps({**state.__dict__, "pending": pending}))
    elif not state.exists:
        say(f"No index at {engine.settings.index} yet: run `briefbot refresh`.")
    else:
        say(
            f"{state.papers} papers, {state.passages} passages, refreshed {state.refreshed_at}."
        )
        if pending:
            say(f"The corpus has {len(pending)} change(s) since: run `briefbot refresh`.")


def ensure_index(engine: Briefbot, quiet: bool, refresh_if_stale: bool = False) -> None:
    """Build the index on first use; warn when the corpus changed since the last refresh."""
    if not engine.has_index() or (refresh_if_stale and engine.pending_changes()):
        if not quiet:
            say(f"Building the index at {engine.settings.index} first.", err=True)
        with refresh_progress(not quiet) as tick:
            engine.refresh(progress=tick)
        return
    pending = engine.pending_changes()
    if pending and not quiet:
        say(
            f"Note: {len(pending)} paper(s) changed since the last refresh "
            "(run `briefbot refresh`).",
            err=True,
        )


@main.command()
@place_options
@click.argument("question")
@click.option(
    "-k",
    "k",
    default=6,
    show_default=True,
    type=click.IntRange(1, 50),
    help="Passages to draw the answer from.",
)
@filter_options
@click.option("--committee", default=None, help="Only papers of this committee.")
@click.option("--explain", is_flag=True, help="Also show the sentences weighed, and why.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def ask(
    corpus: Path | None,
    index: Path | None,
    question: str,
    k: int,
    doc_types: tuple[str, ...],
    since: str | None,
    until: str | None,
    committee: str | None,
    explain: bool,
    as_json: bool,
) -> None:
    """Answer a question from the papers, citing the words it rests on."""
    engine = make_engine(corpus, index)
    filters = make_filters(doc_types, since, until, committee)
    with readable_errors():
        ensure_index(engine, quiet=as_json)
        answer = engine.ask(question, filters=filters, k=k, explain=explain)
    if as_json:
        click.echo(json.dumps(answer_json(answer)))
        return
    print_answer(answer)
    if explain:
        print_explanation(answer)


CITATION_FIELDS = {"n", "title", "date", "doc_type", "locator", "path", "quote", "start", "end",
                   "lead", "lead_start", "lead_end"}  # fmt: skip


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
    from briefbot.labels import paper_date_label

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
        say(f"[{c.n}] {c.title} ({paper_date_label(c.date)}, {c.doc_type}), {c.locator}")
        say(f"    {c.path}: \u201c{c.shown}\u201d")


@main.command(name="eval")
@place_options
@click.option(
    "--questions",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="One question file (JSON Lines) instead of every question set of eval/.",
)
@click.option("--haystack", is_flag=True, help="With --questions: mix in the evaluation corpus.")
@click.option("--baselines", is_flag=True, help="Also run keyword-only and dense-only retrieval.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def evaluate_command(
    corpus: Path | None,
    index: Path | None,
    questions: Path | None,
    haystack: bool,
    baselines: bool,
    as_json: bool,
) -> None:
    """Measure answers, retrieval, refusals, quotes and latency: every question set of eval/
    side by side (seen and unseen, against the evaluation corpus), or one file."""
    from briefbot.engine import Briefbot
    from briefbot.evaluation import evaluate, gap, haystack_settings, load_cases, question_sets
    from briefbot.evaluation.corpus import real_available

    engine = make_engine(corpus, index)
    modes: tuple[Mode, ...] = ("hybrid", "keyword", "dense") if baselines else ("hybrid",)
    with readable_errors():
        if questions is not None:
            cases = load_cases(questions)
            if haystack:
                engine = Briefbot(haystack_settings(engine.settings), embedder=engine.embedder)
            ensure_index(engine, quiet=as_json, refresh_if_stale=True)
            reports = [evaluate(engine, cases, mode, questions.stem) for mode in modes]
            if as_json:
                main_report = reports[0].model_dump()
                main_report["baselines"] = {
                    r.mode: r.model_dump(exclude={"results"}) for r in reports[1:]
                }
                click.echo(json.dumps(main_report))
            else:
                print_eval(reports, by="mode")
            return
        engine = Briefbot(haystack_settings(engine.settings), embedder=engine.embedder)
        ensure_index(engine, quiet=as_json, refresh_if_stale=True)
        chosen = [s for s in question_sets() if not s.needs_real or real_available()]
        skipped = [s.name for s in question_sets() if s not in chosen]
        reports = [evaluate(engine, load_cases(s.path), modes[0], s.name, s.seen) for s in chosen]
    if as_json:
        click.echo(json.dumps({"sets": [r.model_dump() for r in reports], "gap": gap(reports),
                               "skipped": skipped}))  # fmt: skip
        return
    print_eval(reports, by="name")
    figure = gap(reports)
    if figure is not None:
        say(f"\nseen minus unseen accuracy: {figure:+.1f} points")
    if skipped:
        say(f"left out (the genuine papers are not on this machine): {', '.join(skipped)}")


def print_eval(reports: list[Any], by: str) -> None:
    rows = [
        ("questions", lambda r: str(r.questions)),
        ("answer accuracy", lambda r: f"{r.answer_accuracy:.0%}"),
        ("unanswerable refused", lambda r: f"{r.refusal_recall:.0%}"),
        ("wrongly refused", lambda r: f"{r.wrongly_refused:.0%}"),
        ("refusal precision", lambda r: f"{r.refusal_precision:.0%}"),
        ("quotes verbatim", lambda r: f"{r.quotes_verbatim:.0%}"),
        ("hit@1 / @5", lambda r: f"{r.hit_at['1']:.0%} / {r.hit_at['5']:.0%}"),
        ("retrieved, not used", lambda r: f"{r.retrieved_not_used:.0%}"),
        ("false / missed differ", lambda r: f"{r.false_differ} / {r.missed_differ}"),
        ("latency p50 / p95", lambda r: f"{r.latency_ms['p50']:.0f}/{r.latency_ms['p95']:.0f}ms"),
    ]
    width = 17
    heads = [getattr(r, by) + ("" if by == "mode" or r.seen else "*") for r in reports]
    say(f"{'':22}" + "".join(f"{h[:width - 1]:>{width}}" for h in heads))
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

BRIEF_FORMATS = (".docx", ".md")


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


@main.command(name="brief")
@place_options
@click.argument("topic")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The briefing to write: FILE.docx (Word) or FILE.md (Markdown).",
)
@click.option(
    "--questions",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="A text file of questions, one per line, to answer in it.",
)
@filter_options
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def brief_command(corpus: Path | None, index: Path | None, topic: str, out: Path,
                  questions: Path | None, doc_types: tuple[str, ...], since: str | None,
                  until: str | None, force: bool) -> None:  # fmt: skip
    """Write a cited briefing note on TOPIC, as Word or Markdown (from --out's extension)."""
    from briefbot.brief import build_briefing, write_docx, write_markdown

    if out.suffix.lower() not in BRIEF_FORMATS:
        raise click.BadParameter(f"{out.name} must end in .docx (Word) or .md (Markdown)",
                                 param_hint="--out")  # fmt: skip
    if not any(ch.isalnum() for ch in topic):
        raise click.BadParameter("please give the topic in words", param_hint="TOPIC")
    if (out.exists() or out.is_symlink()) and not force:
        raise click.ClickException(f"{out} already exists: choose another name, or --force "
                                   "to replace it")  # fmt: skip
    filters = make_filters(doc_types, since, until)
    text = questions.read_text(encoding="utf-8-sig", errors="replace") if questions else ""
    engine = make_engine(corpus, index)
    with readable_errors():
        ensure_index(engine, quiet=False)
        with brief_progress() as step:
            chosen = filters if filters.active else None
            briefing = build_briefing(engine, topic, text.splitlines(), chosen, progress=step)
        writer = write_docx if out.suffix.lower() == ".docx" else write_markdown
        path = writer(briefing, out, force=force)
    say(str(path))
