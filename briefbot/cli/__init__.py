"""The `briefbot` command: parse arguments, call the engine, print. Plain `briefbot` is the chat."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefbot.errors import BriefbotError

if TYPE_CHECKING:  # the core is imported only when a command needs it: the chat paints first
    from briefbot.engine import Briefbot
    from briefbot.store.retrieve import Mode

from briefbot.cli.options import (
    filter_options,
    make_engine,
    make_filters,
    place_options,
)
from briefbot.cli.output import (
    answer_json,
    brief_progress,
    print_answer,
    print_eval,
    print_explanation,
    print_report,
    readable_errors,
    refresh_progress,
    say,
)


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
        server = engine.server()
        if server is not None and server.error:  # say what the server said, then stop
            if as_json:
                click.echo(json.dumps({"exists": engine.has_index(), "server": server.__dict__}))
            raise BriefbotError(server.error)
        state = engine.status(check=True)
        pending = engine.pending_changes() if state.exists else []
    if as_json:
        shared = server.__dict__ if server else None
        click.echo(json.dumps({**state.__dict__, "pending": pending, "server": shared}))
        return
    if server is not None:
        say(f"Server {server.url} (Chroma {server.version}), token {server.token}.")
    if not state.exists:
        say(f"No index at {engine.settings.index} yet: run `briefbot refresh`.")
    else:
        say(
            f"{state.papers} papers, {state.passages} passages, refreshed {state.refreshed_at} "
            f"({state.generation})."
        )
        if state.failed:
            say(f"{len(state.failed)} paper(s) could not be indexed:")
            for failure in state.failed:
                say(f"  {failure['path']} - {failure['reason']}")
        if state.unreadable_pages:
            say(
                f"{state.unreadable_pages} page(s) of {state.papers_with_unreadable_pages} "
                "indexed paper(s) could not be read (scans or garbled text): "
                "see `briefbot refresh`."
            )
        if state.ocr_pages:
            say(f"{state.ocr_pages} scanned page(s) were read by OCR (their citations say so).")
        for copy in state.copies:
            how = "is the same paper as" if copy["relation"] == "same" else "is printed inside"
            say(f"  {copy['path']} {how} {copy['of']}: answers cite it once")
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
    engine = make_engine(corpus, index)
    modes: tuple[Mode, ...] = ("hybrid", "keyword", "dense") if baselines else ("hybrid",)
    with readable_errors():
        if questions is not None:
            _evaluate_file(engine, questions, haystack, modes, as_json)
        else:
            _evaluate_sets(engine, modes[0], as_json)


def _evaluate_file(
    engine: Briefbot, questions: Path, haystack: bool, modes: tuple[Mode, ...], as_json: bool
) -> None:
    """One question file, with each retrieval mode asked for."""
    from briefbot.evaluation import evaluate, haystack_settings, load_cases

    cases = load_cases(questions)
    if haystack:
        engine = engine.beside(haystack_settings(engine.settings))
    ensure_index(engine, quiet=as_json, refresh_if_stale=True)
    reports = [evaluate(engine, cases, mode, questions.stem) for mode in modes]
    if not as_json:
        print_eval(reports, by="mode")
        return
    main_report = reports[0].model_dump()
    main_report["baselines"] = {r.mode: r.model_dump(exclude={"results"}) for r in reports[1:]}
    click.echo(json.dumps(main_report))


def _evaluate_sets(engine: Briefbot, mode: Mode, as_json: bool) -> None:
    """Every question set of eval/, seen and unseen, against the evaluation corpus."""
    from briefbot.evaluation import evaluate, gap, haystack_settings, load_cases, question_sets
    from briefbot.evaluation.corpus import real_available
    from briefbot.evaluation.harness import garbage_passages

    engine = engine.beside(haystack_settings(engine.settings))
    ensure_index(engine, quiet=as_json, refresh_if_stale=True)
    chosen = [s for s in question_sets() if not s.needs_real or real_available()]
    skipped = [s.name for s in question_sets() if s not in chosen]
    reports = []
    for chosen_set in chosen:  # each set asked as of its council, if it has one
        engine.settings = engine.settings.model_copy(update={"council": chosen_set.council})
        cases = load_cases(chosen_set.path)
        reports.append(evaluate(engine, cases, mode, chosen_set.name, chosen_set.seen))
    garbage = garbage_passages(engine)
    coverage = engine.status()
    if as_json:
        sets = [r.model_dump() for r in reports]
        index = {
            "passages": coverage.passages,
            "garbage_passages": garbage,
            "failed": coverage.failed,
            "unreadable_pages": coverage.unreadable_pages,
            "ocr_pages": coverage.ocr_pages,
        }
        click.echo(
            json.dumps({"sets": sets, "gap": gap(reports), "skipped": skipped, "index": index})
        )
        return
    print_eval(reports, by="name")
    say(
        f"\nthe evaluation index: {coverage.papers} papers, {coverage.passages} passages, "
        f"{len(garbage)} garbage passages; {len(coverage.failed)} papers failed, "
        f"{coverage.unreadable_pages} pages unreadable, {coverage.ocr_pages} read by OCR"
    )
    figure = gap(reports)
    if figure is not None:
        say(f"\nseen minus unseen accuracy: {figure:+.1f} points")
    if skipped:
        say(f"left out (the genuine papers are not on this machine): {', '.join(skipped)}")


BRIEF_FORMATS = (".docx", ".md")


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
def brief_command(
    corpus: Path | None,
    index: Path | None,
    topic: str,
    out: Path,
    questions: Path | None,
    doc_types: tuple[str, ...],
    since: str | None,
    until: str | None,
    force: bool,
) -> None:
    """Write a cited briefing note on TOPIC, as Word or Markdown (from --out's extension)."""
    from briefbot.briefing.brief import build_briefing
    from briefbot.briefing.render import write_docx, write_markdown

    if out.suffix.lower() not in BRIEF_FORMATS:
        raise click.BadParameter(
            f"{out.name} must end in .docx (Word) or .md (Markdown)", param_hint="--out"
        )
    if not any(ch.isalnum() for ch in topic):
        raise click.BadParameter("please give the topic in words", param_hint="TOPIC")
    if (out.exists() or out.is_symlink()) and not force:
        raise click.ClickException(
            f"{out} already exists: choose another name, or --force to replace it"
        )
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
