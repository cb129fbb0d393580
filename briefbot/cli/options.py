"""The options every command shares (where the papers and the index are, filters), and the
engine they make."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from briefbot.language.papers import DOC_TYPES

if TYPE_CHECKING:  # the core is imported only when a command needs it: the chat paints first
    from briefbot.engine import Briefbot
    from briefbot.models import Filters

DOC_TYPE_CHOICES = DOC_TYPES  # from language.papers: no pydantic on the start path


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
        "--type",
        "doc_types",
        multiple=True,
        type=click.Choice(DOC_TYPE_CHOICES),
        help="Only papers of this type (repeatable).",
    )(command)


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


def make_engine(corpus: Path | None, index: Path | None, chroma_url: str | None = None) -> Briefbot:
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
