"""Web pages (.html, .htm): the main content's block elements, without the site's furniture."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from briefbot.errors import PaperError
from briefbot.ingest.clean import clean_line, decode_bytes, tidy, web_codec
from briefbot.ingest.formats import Format
from briefbot.ingest.layout import Chunk, build_paper_text, drop_furniture
from briefbot.ingest.limits import read_bytes
from briefbot.ingest.tables import Cell, cell_span, headed_rows, merged_down
from briefbot.language.dates import iso_date
from briefbot.models import PaperText

_SKIP_TAGS = frozenset(
    "head script style noscript template svg math iframe frame frameset object embed canvas "
    "form button input select textarea label nav footer aside dialog menu audio video map".split()
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_HEADING_SELECTOR = ", ".join(_HEADINGS)
_BLOCK_TAGS = frozenset(
    "p li ul ol dl dt dd blockquote pre table thead tbody tfoot tr td th caption figure "
    "figcaption div section article main header hgroup address details summary fieldset "
    "center body html hr".split()
) | frozenset(_HEADINGS)
_CONTENT_ROOTS = (
    "#modgov",
    "main",
    "[role=main]",
    "#content",
    "#main-content",
    "#maincontent",
    "#main",
    ".main-content",
    "[itemprop=articleBody]",
    ".article-body",
    ".entry-content",
    ".post-content",
    ".content",
)
# Words in an id, class or aria-label that mark site furniture rather than the paper.
_FURNITURE_WORDS = frozenset(
    "cookie cookies consent gdpr nav navbar navigation menu menus breadcrumb breadcrumbs share "
    "sharing sharethis social related comment comments sidebar advert adverts advertisement ad "
    "ads sponsor sponsored promo skip skiplink skiplinks newsletter subscribe signup login "
    "masthead toolbar pagination pager popup modal".split()
)
_FURNITURE_TOKENS = frozenset(
    "visually-hidden visuallyhidden sr-only screen-reader-text govuk-visually-hidden "
    "mgfilesize mglinks mgactionlist".split()
)
# Meeting pages' own markup: ModernGov (what most English councils publish meetings with) sets
# its headings, and each agenda item's number and title, as classed paragraphs, not h-tags.
_CLASS_HEADINGS = {
    "mgmaintitletxt": 1,
    "mgsubtitletxt": 2,
    "mgsectiontitle": 3,
    "mgaititletxt": 3,
    "mgsubitemtitletxt": 4,
}
# Tables a publisher lays a page out with: their header cells ("No.", "Item") are not text.
_LAYOUT_TABLES = frozenset({"mgitemtable"})
_ITEM_NUMBER = re.compile(r"^\(?[A-Za-z]{0,3}\d+(?:[./]\d+)*[a-z]?[.)]?$")
_FURNITURE_STEMS = ("cookie", "consent", "breadcrumb", "sidebar", "skiplink", "advert", "gdpr")
_FURNITURE_ROLES = frozenset(
    "navigation banner contentinfo complementary search menu menubar dialog alertdialog".split()
)
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dcterms.issued",
    "dcterms.date",
    "dcterms.created",
    "dc.date.issued",
    "dc.date",
    "dc.date.created",
    "citation_publication_date",
    "publication_date",
    "pubdate",
    "publish-date",
    "date",
)
# Block containers whose nesting the HTML parser handles in quadratic time; real pages nest a
# few dozen deep, so a page nested thousands deep is refused before it is parsed.
_CONTAINER_TAG = re.compile(
    rb"<(/?)(?:div|section|article|main|aside|nav|header|footer|blockquote|center|address"
    rb"|ul|ol|dl|menu|dir|fieldset|figure|details|dialog|hgroup|search)[\s/>]",
    re.IGNORECASE,
)
_MAX_NESTING = 2000
_MIN_ROOT_SHARE = 0.2
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_WORDS = re.compile(r"[a-z0-9]+")


def parse_html(path: Path, max_text_bytes: int) -> PaperText:
    """Read a web page: title from <title> or the first <h1>, date from its meta tags."""
    data = read_bytes(path, max_text_bytes)
    _check_nesting(data)
    tree = LexborHTMLParser(decode_bytes(data, _declared_charset(data)))
    root = _content_root(tree)
    chunks = drop_furniture(_Collector(root).run()) if root is not None else []
    return build_paper_text(chunks, title=_title(tree), date=_date(tree), fmt="html")


def html_fragment_lines(fragment: str) -> list[str]:
    """The text lines of an HTML fragment (used for raw HTML inside Markdown)."""
    root = LexborHTMLParser(fragment).body
    if root is None:
        return []
    return [line for chunk in _Collector(root).run() for line in chunk.lines]


def _check_nesting(data: bytes) -> None:
    """Refuse a page whose block containers nest absurdly deep (it would take hours to parse)."""
    depth = 0
    for match in _CONTAINER_TAG.finditer(data):
        depth = max(depth - 1, 0) if match.group(1) else depth + 1
        if depth > _MAX_NESTING:
            raise PaperError(f"HTML is nested too deeply (over {_MAX_NESTING} levels)")


def _declared_charset(data: bytes) -> str | None:
    """The charset named by a <meta charset> or http-equiv Content-Type in the page's head."""
    head = LexborHTMLParser(data[:4096].decode("latin-1"))
    for meta in head.css("meta"):
        attrs = meta.attributes
        charset = attrs.get("charset")
        if not charset and (attrs.get("http-equiv") or "").lower() == "content-type":
            found = re.search(r"charset\s*=\s*([\w.:-]+)", attrs.get("content") or "", re.I)
            charset = found.group(1) if found else None
        if charset:
            return web_codec(charset)
    return None


def _title(tree: LexborHTMLParser) -> str | None:
    for selector in ("title", "h1"):
        node = tree.css_first(selector)
        title = tidy(node.text(deep=True)) if node is not None else None
        if title:
            return title
    return None


def _date(tree: LexborHTMLParser) -> str | None:
    """The publication date from the page's meta tags, as YYYY-MM-DD."""
    found: dict[str, str] = {}
    for meta in tree.css("meta"):
        attrs = meta.attributes
        key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").lower()
        if key in _DATE_META and attrs.get("content"):
            found.setdefault(key, attrs.get("content") or "")
    for key in _DATE_META:
        date = iso_date(found.get(key, ""))
        if date:
            return date
    return None


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """The main content: main, a lone article, a content container, else the body."""
    candidates = [tree.css_first(selector) for selector in _CONTENT_ROOTS[:2]]
    articles = tree.css("article")
    if len(articles) == 1:
        candidates.append(articles[0])
    candidates += [tree.css_first(selector) for selector in _CONTENT_ROOTS[2:]]
    body = tree.body
    body_size = len(body.text(deep=True)) if body is not None else 0
    for node in candidates:
        if node is not None and _holds_content(node, body_size):
            return node
    return body


def _holds_content(node: LexborNode, body_size: int) -> bool:
    """A root candidate holds a fair share of the page's text and sits inside no furniture."""
    size = len(node.text(deep=True).strip())
    if not size or size < _MIN_ROOT_SHARE * body_size:
        return False
    ancestor: LexborNode | None = node
    while ancestor is not None and ancestor.tag not in ("body", "html"):
        if _is_furniture(ancestor):
            return False
        ancestor = ancestor.parent
    return True


def _is_furniture(node: LexborNode) -> bool:
    """True when an element's tag, role, id, class or aria-label marks it as site furniture."""
    attrs = node.attributes
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(attrs.get("style") or ""):
        return True
    if (attrs.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    names = f"{attrs.get('id') or ''} {attrs.get('class') or ''}".lower()
    tokens = names.split()
    if any(token in _FURNITURE_TOKENS for token in tokens):
        return True
    if any(stem in names for stem in _FURNITURE_STEMS):
        return True
    words = _WORDS.findall(names) + _WORDS.findall((attrs.get("aria-label") or "").lower())
    return any(word in _FURNITURE_WORDS for word in words)


class _Collector:
    """Walks a content root in document order, turning each block element's text into a chunk."""

    def __init__(self, root: LexborNode) -> None:
        self.root = root
        self.root_size = max(len(root.text(deep=True)), 1)
        self.chunks: list[Chunk] = []
        self.sections: list[tuple[int, str]] = []
        self.owners: list[str] = []
        self.run_parts: list[str] = []
        self.pre_depth = 0

    def run(self) -> list[Chunk]:
        """Walk iteratively (deep pages must not exhaust the recursion limit)."""
        stack: list[tuple[LexborNode, bool]] = [(self.root, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                self._close(node.tag or "")
            elif node.is_text_node:
                self._text(node.text_content or "")
            elif node.is_element_node and node.tag == "br":
                self.run_parts.append("\n")
            elif node.is_element_node and not self._skip(node):
                written = _headed_table(node) if node.tag == "table" else None
                if written is not None:
                    self._rows(written)
                    continue
                owner = _class_heading(node) or node.tag or ""
                if owner in _BLOCK_TAGS:
                    self._open(owner)
                    stack.append((node, True))
                children = list(node.iter(include_text=True))
                stack.extend((child, False) for child in reversed(children))
        self._flush()
        return self.chunks

    def _skip(self, node: LexborNode) -> bool:
        if node is self.root:
            return False
        tag = node.tag or ""
        if tag in _SKIP_TAGS or (tag == "header" and node.css_first(_HEADING_SELECTOR) is None):
            return True
        if tag == "th" and _in_layout_table(node):
            return True
        # A furniture-looking wrapper holding most of the page is a layout quirk, not furniture.
        return _is_furniture(node) and len(node.text(deep=True)) < 0.5 * self.root_size

    def _text(self, text: str) -> None:
        self.run_parts.append(text if self.pre_depth else _SPACE.sub(" ", text))

    def _open(self, tag: str) -> None:
        self._flush()
        self.owners.append(tag)
        self.pre_depth += tag == "pre"

    def _close(self, tag: str) -> None:
        self._flush()
        if self.owners:
            self.owners.pop()
        self.pre_depth -= tag == "pre"

    def _flush(self) -> None:
        """Turn the text gathered since the last block boundary into a chunk."""
        text, self.run_parts = "".join(self.run_parts), []
        if not text.strip():
            return
        owner = self.owners[-1] if self.owners else ""
        if owner in _HEADINGS:
            self._heading(_HEADINGS[owner], text)
        else:
            section = tuple(heading for _, heading in self.sections)
            verbatim = self.pre_depth > 0
            item = "li" in self.owners
            self.chunks.append(
                Chunk(text.split("\n"), section=section, verbatim=verbatim, item=item)
            )

    def _rows(self, lines: list[str]) -> None:
        """A table's lines as chunks of their own, one a row."""
        self._flush()
        section = tuple(heading for _, heading in self.sections)
        self.chunks += [Chunk([line], section=section, item="li" in self.owners) for line in lines]

    def _heading(self, level: int, text: str) -> None:
        heading = clean_line(text.replace("\n", " "))
        if not heading:
            return
        number = self._item_number(level)
        if number:
            heading = f"{number} {heading}"
        while self.sections and self.sections[-1][0] >= level:
            self.sections.pop()
        self.sections.append((level, heading))
        section = tuple(name for _, name in self.sections)
        self.chunks.append(Chunk([heading], section=section, heading=True))

    def _item_number(self, level: int) -> str | None:
        """An agenda item's number set in a cell of its own ("1/19", then "Minutes") joins the
        title after it: one heading, "1/19 Minutes", as the item is cited."""
        last = self.chunks[-1] if self.chunks else None
        if last is None or len(last.lines) != 1 or not _ITEM_NUMBER.match(last.lines[0]):
            return None
        if last.heading and (not self.sections or self.sections[-1][0] != level):
            return None
        self.chunks.pop()
        if last.heading:
            self.sections.pop()
        return last.lines[0]


def _in_layout_table(cell: LexborNode) -> bool:
    table = cell.parent
    while table is not None and table.tag != "table":
        table = table.parent
    return table is not None and _layout_class(table)


def _layout_class(table: LexborNode) -> bool:
    classes = (table.attributes.get("class") or "").lower().split()
    return any(name in _LAYOUT_TABLES for name in classes)


def _headed_table(table: LexborNode) -> list[str] | None:
    """A table whose first row heads its columns, as lines: its caption, its header row, and
    each row below written out with its headings (see `headed_rows`). The header row is a row
    of `th` cells, or where the table has none its first row (cells merged across columns or
    down rows placed as a browser places them). None for any other table: one laying out the
    page, or one nested in another."""
    if _layout_class(table) or len(table.css("table")) > 1:  # css() counts the table itself
        return None
    if any(node.tag in _HEADINGS or _class_heading(node) for node in table.css("*")):
        return None  # headings laid out in cells: the page's layout, not a table of facts
    rows = [[c for c in tr.iter() if c.tag in ("td", "th")] for tr in table.css("tr")]
    rows = [row for row in rows if row]
    cells = [cell for row in rows for cell in row]
    if not rows:
        return None
    if any(c.tag == "th" for c in cells) and any(c.tag != "th" for c in rows[0]):
        return None  # a record's fields in th cells ("Decision maker | Cabinet"): no header
    written = headed_rows(_placed(rows))
    if written is None:
        return None
    caption = table.css_first("caption")
    lines = [_cell_text(caption)] if caption is not None else []
    return [line for line in [*lines, *written] if line]


def _placed(rows: list[list[LexborNode]]) -> list[list[Cell]]:
    """The rows' cells, each at its column of the table's grid, as a browser places them: a
    cell merged across columns spans them, one merged down rows (rowspan) stands in each of
    them and pushes the cells of the rows below it to its right."""
    placed: list[list[Cell]] = []
    above: dict[int, tuple[int, Cell]] = {}  # column -> (rows it still reaches, its cell)
    for row in rows:
        cells: list[Cell] = []
        column = _reach(above, cells, 0)
        for node in row:
            span = cell_span(node.attributes.get("colspan"))
            cell = Cell(_cell_text(node), column, span)
            cells.append(cell)
            down = cell_span(node.attributes.get("rowspan"))
            if down > 1:
                above[column] = (down - 1, cell)
            column = _reach(above, cells, column + span)
        for start in sorted(c for c in above if c >= column):
            if start in above and not any(c.column == start for c in cells):
                _reach(above, cells, start)
        placed.append(sorted(cells, key=lambda cell: cell.column))
    return placed


def _reach(above: dict[int, tuple[int, Cell]], cells: list[Cell], column: int) -> int:
    """Past the cells merged down from rows above that hold this row's next columns (each put
    in the row), the column its next cell of its own takes."""
    while column in above:
        left, cell = above.pop(column)
        cells.append(merged_down(cell, column))
        if left > 1:
            above[column] = (left - 1, cell)
        column += cell.span
    return column


def _cell_text(node: LexborNode) -> str:
    """A cell's text, on one line, without the furniture inside it."""
    return " ".join(" ".join(line for c in _Collector(node).run() for line in c.lines).split())


def _class_heading(node: LexborNode) -> str | None:
    """The heading tag a publisher's class stands for ("h3" for ModernGov's item titles)."""
    for name in (node.attributes.get("class") or "").lower().split():
        if name in _CLASS_HEADINGS:
            return f"h{_CLASS_HEADINGS[name]}"
    return None


FORMAT = Format("web page", (".html", ".htm"), packed=False, parse=parse_html)
