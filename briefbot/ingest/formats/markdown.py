"""Markdown papers (.md): markdown-it-py block tokens; `#` headings give the section path."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # markdown-it loads only when a Markdown paper is read
    from markdown_it.token import Token

from briefbot.ingest.clean import clean_line, clean_text, decode_bytes, tidy
from briefbot.ingest.formats import Format
from briefbot.ingest.formats.html import html_fragment_lines
from briefbot.ingest.layout import Chunk, build_paper_text, drop_furniture
from briefbot.ingest.limits import read_bytes
from briefbot.ingest.tables import headed_rows, row_cells, row_text
from briefbot.language.dates import iso_date
from briefbot.models import PaperText

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_FIELD = re.compile(r"^(title|date)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_INLINE_TEXT = {"text", "code_inline", "text_special", "math_inline"}


def parse_markdown(path: Path, max_text_bytes: int) -> PaperText:
    """Read a .md paper; YAML front matter, if any, gives its title and date."""
    text = clean_text(decode_bytes(read_bytes(path, max_text_bytes)))
    fields, body = _front_matter(text)
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    chunks = drop_furniture(_chunks(parser.parse(body)))
    title = tidy(fields.get("title", "").strip("\"'")) if fields.get("title") else None
    date = iso_date(fields.get("date", ""))
    return build_paper_text(chunks, title=title, date=date, fmt="md")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split off a leading `---` front-matter block, keeping only its title and date."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields = {key.lower(): value for key, value in _FRONT_FIELD.findall(match.group(1))}
    return fields, text[match.end() :]


class _Sections:
    """The heading path so far: a stack of (level, heading text)."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []

    def open(self, level: int, heading: str) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, heading))

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(heading for _, heading in self.stack)


def _chunks(tokens: list[Token]) -> list[Chunk]:
    """Walk the block tokens in order, turning each text-bearing one into a chunk."""
    sections = _Sections()
    chunks: list[Chunk] = []
    heading_level = 0
    items = 0  # depth of list items around the token
    row: list[str] | None = None
    table: list[list[str]] = []  # the rows of the table being read
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "list_item_open":
            items += 1
        elif kind == "list_item_close":
            items -= 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            table.append(row)
            row = None
        elif kind == "table_close":
            chunks += [Chunk([line], section=sections.path) for line in _table_lines(table)]
            table = []
        elif kind == "inline":
            text = _render(token)
            if heading_level:
                heading = clean_line(text.replace("\n", " "))
                if heading:
                    sections.open(heading_level, heading)
                    chunks.append(Chunk([heading], section=sections.path, heading=True))
            elif row is not None:
                row.append(clean_line(text.replace("\n", " ")))
            else:
                chunks.append(Chunk(text.split("\n"), section=sections.path, item=items > 0))
        elif kind in ("fence", "code_block"):
            chunks.append(Chunk(token.content.split("\n"), section=sections.path, verbatim=True))
        elif kind == "html_block":
            chunks.append(Chunk(html_fragment_lines(token.content), section=sections.path))
    return chunks


def _table_lines(table: list[list[str]]) -> list[str]:
    """A table's rows, one line each: written out with their headings under a header row that
    heads the columns, else as they are."""
    rows = [row_cells(cells) for cells in table]
    written = headed_rows(rows) or [row_text(row) for row in rows]
    return [line for line in written if line]


def _render(token: Token) -> str:
    """Plain text of an inline token: markup dropped, link and image text kept, breaks as \\n."""
    out: list[str] = []
    for child in token.children or []:
        if child.type in _INLINE_TEXT:
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(_render(child))
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            out.append("\n")
    return "".join(out)


FORMAT = Format("markdown", (".md",), packed=False, parse=parse_markdown)
