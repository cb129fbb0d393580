"""The `briefbot` command: parse arguments, call the engine, print. Plain `briefbot` opens the chat."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.errors import BriefbotError
from briefbot.models import RefreshProgress, RefreshReport

F = TypeVar("F", bound=Callable[..., Any])


def place_options(command: F) -> F:
    """--corpus and --index, which every command takes."""
    command = click.option(
        "--index", type=click.Path(path_type=Path), default=None,
        help="Index folder [default: ./index, or BRIEFBOT_INDEX].",
    )(command)
    command = click.option(
        "--corpus", type=click.Path(path_type=Path), default=None,
        help="Folder of papers [default: ./corpus, or BRIEFBOT_CORPUS].",
    )(command)
    return command


def make_engine(corpus: Path | None, index: Path | None) -> Briefbot:
    overrides = {k: v for k, v in (("corpus", corpus), ("index", index)) if v is not None}
    try:
        return Briefbot(Settings(**overrides))
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise click.ClickException(f"bad setting: {str(error).splitlines()[0]}") from error


@contextmanager
def readable_errors() -> Iterator[None]:
    """Turn briefbot's errors into one line and a non-zero exit, never a traceback."""
    try:
        yield
    except BriefbotError as error:
        raise click.ClickException(str(error)) from error
    except KeyboardInterrupt:
        click.echo("Interrupted; the index is as it was.", err=True)
        sys.exit(130)


@contextmanager
def refresh_progress(enabled: bool) -> Iterator[Callable[[RefreshProgress], None] | None]:
    """A rich progress bar on a terminal; nothing when piped or printing JSON."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
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
    click.echo(f"Index {index}: {report.documents} papers, {report.passages} passages.")
    click.echo(
        f"  added {len(report.added)}, changed {len(report.changed)}, removed "
        f"{len(report.removed)}, unchanged {report.unchanged}, failed {len(report.failed)}"
    )
    for label, paths in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
        for path in paths:
            click.echo(f"  {label}: {path}")
    for failure in report.failed:
        click.echo(f"  failed: {failure.path} - {failure.reason}")


@click.group(invoke_without_command=True)
@place_options
@click.version_option(package_name="briefbot")
@click.pass_context
def main(ctx: click.Context, corpus: Path | None, index: Path | None) -> None:
    """briefbot: cited answers from council papers. Run without a command to open the chat."""
    if ctx.invoked_subcommand is None:
        from briefbot.tui.app import run_chat

        with readable_errors():
            run_chat(make_engine(corpus, index))


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
        state = engine.status()
        pending = engine.pending_changes() if state.exists else []
    if as_json:
        click.echo(json.dumps({**state.__dict__, "pending": pending}))
    elif not state.exists:
        click.echo(f"No index at {engine.settings.index} yet: run `briefbot refresh`.")
    else:
        click.echo(
            f"{state.papers} papers, {state.passages} passages, refreshed {state.refreshed_at}."
        )
        if pending:
            click.echo(f"The corpus has {len(pending)} change(s) since: run `briefbot refresh`.")


def ensure_index(engine: Briefbot, quiet: bool) -> None:
    """Build the index on first use; warn when the corpus changed since the last refresh."""
    if not engine.has_index():
        if not quiet:
            click.echo("No index yet: building it from the corpus first.", err=True)
        with refresh_progress(not quiet) as tick:
            engine.refresh(progress=tick)
        return
    pending = engine.pending_changes()
    if pending and not quiet:
        click.echo(
            f"Note: {len(pending)} paper(s) changed since the last refresh "
            "(run `briefbot refresh`).",
            err=True,
        )


@main.command()
@place_options
@click.argument("question")
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 50), help="Passages.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def ask(corpus: Path | None, index: Path | None, question: str, k: int, as_json: bool) -> None:
    """The best passages for a question, with their paper, date and locator."""
    engine = make_engine(corpus, index)
    with readable_errors():
        ensure_index(engine, quiet=as_json)
        hits = engine.search(question, k=k)
    if as_json:
        passages = [
            {"title": h.passage.title, "date": h.passage.date, "path": h.passage.path,
             "locator": h.passage.locator, "text": h.passage.text, "score": round(h.score, 6)}
            for h in hits
        ]
        click.echo(json.dumps({"question": question, "passages": passages}))
        return
    for n, hit in enumerate(hits, 1):
        p = hit.passage
        click.echo(f"[{n}] {p.title} ({p.date or 'undated'}, {p.doc_type}) - {p.locator} - {p.path}")
        click.echo(f"    {p.text}")
