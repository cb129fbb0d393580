"""Lines to paragraphs to a PaperText: the layout rules every format shares."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from briefbot.errors import PaperError
from briefbot.ingest.clean import clean_line, clean_text
from briefbot.ingest.furniture import keep_lines
from briefbot.language.dates import FULL_MONTH
from briefbot.language.tokens import stems
from briefbot.language.words import HONORIFICS, ROLE_WORDS, UNFINISHED
from briefbot.models import Block, PaperText

BLOCK_SEPARATOR = "\n\n"
_WRAP_MIN_CHARS = 60
_WRAP_SHARE = 0.7  # of the lines' measure: a line that reaches it was wrapped
_COLUMN_LINES = 6  # lines set to one measure: a column of text
_FULL_SHARE = 0.9  # of the measure: a line this long broke only because the column ended
_TERMINAL = tuple(".!?:\"'”’»")
# A name's initial ends the line: "Garcia, Paul C.", "and Mayor Emmanuel J." (a name follows
# a capital or a comma; "adopt Option B." and "see Appendix A." end sentences)
_INITIAL = re.compile(r"(?:\b[A-Z][\w'’-]*,?|,) [A-Z][a-z]+ [A-Z]\.$")
_HYPHENATED = re.compile(r"\w-$")  # "2024-", "long-": not a dash set apart (" -")
# A word and its number end the line ("as the Section 151", "under paragraph 3"): a label and
# its number run on ("Officer, provided..."). A year does not ("held on 30 January 2025"
# ends a heading as often as it wraps), nor a figure ("£1.2m", "45%").
_NUMBERED = re.compile(r"\b[A-Za-z][a-z]+ (?!(?:19|20)\d\d$)\d{1,4}[A-Z]?$")
# A date or a sum broken across lines: a day of the month ends the line and its month opens the
# next ("scheduled for Tues 12th" / "June 2018 at the Town Hall."), or a day and month end it
# and the year opens the next ("held on Thursday 2 May" / "2019, between"); a line of prose
# ends on a word and a sum opens the next ("reduced from £250m to around" / "£15.7m."), as a
# sentence seldom does. (A table's cell ends on a figure or a capital: "Of which in B&B: 0" stays.)
_DAY_END = re.compile(r"[A-Za-z,] (?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$")
_MONTH_OPENS = re.compile(rf"{FULL_MONTH}\b")
_DAY_MONTH_END = re.compile(rf"\b(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)? {FULL_MONTH}$")
_YEAR_OPENS = re.compile(r"(?:19|20)\d\d\b(?![-–/]\d)")
_SUM_OPENS = re.compile(r"[£$€]\d")
_WORD_END = re.compile(r"\s[a-z]+$")
_JOINING = frozenset({"and", "or", "nor", "but"})
# A signature's name: a name alone on its line ("Joan Todd", "Mr D Parr"), or after the date
# it was signed ("Dated Wednesday 24 April 2019 David Parr").
_NAME = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr)\.? )?(?:[A-Z][a-z’'-]+|[A-Z]\.?) [A-Z][a-z’'-]+"
_NAME_END = re.compile(rf"^{_NAME}$|(?:19|20)\d\d,? {_NAME}$")
# A line of a list of names that ends on a title and one name: the name may go on.
_FIRST_NAME_END = re.compile(rf"(?:^|[\s,])(?i:{'|'.join(sorted(HONORIFICS))})\.? [A-Z][a-z]+$")
_LISTED_NAMES = 2
_NAME_GOES_ON = re.compile(r"[A-Z][\w'’-]*(?:,| and | &|\.$|$)")
_OFFICE_WORDS = 5
_OFFICE_JOINS = frozenset({"of", "the", "to", "for", "and", "&"})
_NOT_NAMES = frozenset(stems(["council", "team", "committee"]))
# A line opening a list's item: a bullet (Word's Symbol and Wingdings bullets come out of a
# PDF as private-use characters, "\uf0b7", and its second-level bullet as "o" before a
# capital), or a letter, number or numeral in brackets or before a full stop.
_BULLET = re.compile(
    r"^(?:[·•▪◦‣●○■□➢➤✓✔\-–—*+\uf020-\uf0ff](?:\s|$)|o\s+(?=[A-Z£$€\d])"
    r"|\(?[a-zA-Z]\)\s|\(?\d{1,3}[.)]\s|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)]\s)"
)


@dataclass
class Chunk:
    """Lines that belong together (a blank-line group, an HTML block, a DOCX paragraph)."""

    lines: list[str]
    page: int | None = None
    section: tuple[str, ...] = ()
    heading: bool = False
    verbatim: bool = False  # preformatted: keep the lines as they are
    item: bool = False  # a list item (HTML <li>, a Markdown or Word list paragraph)
    column: bool = False  # set in a narrow column (a newsletter's page read column by column)


def plain_chunks(text: str, page: int | None = None) -> list[Chunk]:
    """Split plain text into blank-line-separated chunks of cleaned lines."""
    chunks: list[Chunk] = []
    current: list[str] = []
    for raw in clean_text(text).split("\n"):
        line = clean_line(raw)
        if line:
            current.append(line)
        elif current:
            chunks.append(Chunk(current, page=page))
            current = []
    if current:
        chunks.append(Chunk(current, page=page))
    return chunks


def drop_furniture(chunks: list[Chunk]) -> list[Chunk]:
    """Remove web-furniture lines (and a furniture tail) across a whole capture."""
    flat = [line for chunk in chunks for line in chunk.lines]
    keep = iter(keep_lines(flat))
    kept: list[Chunk] = []
    for chunk in chunks:
        lines = [line for line in chunk.lines if next(keep)]
        if lines:
            kept.append(
                Chunk(
                    lines,
                    chunk.page,
                    chunk.section,
                    chunk.heading,
                    chunk.verbatim,
                    chunk.item,
                    chunk.column,
                )
            )
    return kept


def is_hard_wrap(
    previous: str, line: str, measure: int = _WRAP_MIN_CHARS, column: bool = False
) -> bool:
    """True when a line break inside a chunk only wraps a long line: same paragraph. A line is
    long when it is near the measure the lines are set to (a narrow column's is short)."""
    if _BULLET.match(line) or (previous.endswith(_TERMINAL) and not _INITIAL.search(previous)):
        return False
    long = len(previous) >= min(_WRAP_MIN_CHARS, _WRAP_SHARE * measure)
    if line[:1].islower() or (_opens_text(line) and _unfinished(previous)):
        return long
    # A list of names broken after a title and one name, the rest of that name opening the next
    # line: "Mrs Sarah Hudson, Mr Jeremy" / "Kite, MBE, Mr Thomas Mallon" (not a label after
    # the list: "Mr Hook, Dr Sullivan" / "Against (43)").
    if (
        _FIRST_NAME_END.search(previous)
        and previous.count(",") >= _LISTED_NAMES
        and _NAME_GOES_ON.match(line)
    ):
        return long
    if (
        (_DAY_END.search(previous) and _MONTH_OPENS.match(line))
        or (_DAY_MONTH_END.search(previous) and _YEAR_OPENS.match(line))
        or (_WORD_END.search(previous) and _SUM_OPENS.match(line) and " | " not in previous)
    ):
        return long
    # A signature: a name ends the line and its office is the next ("Dated 24 April 2019 David
    # Parr" / "Returning Officer", "Joan Todd" / "Clerk to the Council").
    if _signed(previous) and _signs_office(line):
        return True
    # A numbered label ends a full line of prose and a word runs on from it: "as the Section
    # 151" / "Officer, provided". (A short line so ended is a table's or a list's row, "Cllr D
    # Allan 715", and a line opening with a number is a new item, "3.3.4 Lockleys".)
    if _NUMBERED.search(previous) and len(previous) >= _WRAP_MIN_CHARS and _opens_text(line):
        return line[:1].isalpha()
    # In a column of text a capital often opens a wrapped line ("a firm in" / "Hereford."):
    # when the line before runs to the full measure, only a wrap would have broken it there.
    # (In wider text a full line before a capital is as often a list of names before a label.)
    narrow = column and _WRAP_MIN_CHARS / 2 <= measure < _WRAP_MIN_CHARS
    return (
        narrow
        and len(previous) >= _FULL_SHARE * measure
        and previous[-1:].isalpha()
        and not _BULLET.match(previous)
    )


def _signed(line: str) -> bool:
    """Whether a line ends on a signature's name; a heading such as "City Council" or
    "Executive Team" names no one."""
    found = _NAME_END.search(line)
    if found is None:
        return False
    named = stems([w.lower() for w in found.group(0).split()[-2:]])
    return not (set(named) & (ROLE_WORDS | _NOT_NAMES))


def _signs_office(line: str) -> bool:
    """Whether a line is only an office, as signed under a name: a few words in capitals or
    title case ("Returning Officer", "Clerk to the Council", "Chief Executive"), one of them a
    role, and that one singular ("Councillors" heads a list of them); no comma ("Suja
    Lowenthal, City Manager" names someone else)."""
    found = line.rstrip(".").split()
    if (
        "," in line
        or not 1 <= len(found) <= _OFFICE_WORDS
        or not all(w[:1].isupper() or w in _OFFICE_JOINS for w in found)
    ):
        return False
    offices = [w for w in found if stems([w.lower()])[0] in ROLE_WORDS]
    return bool(offices) and not any(w.lower().endswith("s") for w in offices)  # "Councillors"


def _opens_text(line: str) -> bool:
    """Whether a line opens with a word of running text: not one in capitals ("BRADSHAW", a
    table's cell or a heading) that a line ending "are as" runs into only on the page."""
    first = line.split(None, 1)[0].lstrip("“‘\"'") if line.strip() else ""
    return first[:1].isalnum() and not (len(first) > 1 and first.isupper())


def _unfinished(line: str) -> bool:
    """Whether a line ends where no sentence ends: on a word such as "to the" or "passing of Mr",
    a comma ("Members David Bradley,"), a name's initial ("Mayor Emmanuel J.") or a hyphen
    ("£108.8m (2024-"), in a list item too ("3. Swearing in of Members David Bradley,", "(3) Miss
    Carey declared ... a Trustee of the"), in a list of names ("Mrs Binks, Mr Bond, Mr" / "Booth,
    Mr Brady"), or inside brackets ("Kimberly Bares (PLACE" / "Consulting)"). A list item's
    closing "; and" ends the item."""
    if line.endswith(",") or _INITIAL.search(line) or _HYPHENATED.search(line):
        return True
    if line.count("(") > line.count(")"):
        return True
    head, _, last = line.rstrip().rpartition(" ")
    closes = last.lower() in _JOINING and head.endswith((";", ","))  # "...; and" ends an item
    return last.lower() in UNFINISHED and not closes


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one: a line broken at a hyphen runs straight on ("2024-25")."""
    pieces = [lines[0]]
    for before, line in zip(lines, lines[1:], strict=False):
        pieces.append(line if _HYPHENATED.search(before) else " " + line)
    return "".join(pieces)


def paragraphs(lines: list[str], column: bool = False) -> Iterator[str]:
    """Group a chunk's lines into paragraphs: each line starts one unless it is a hard wrap."""
    current: list[str] = []
    lengths = sorted(len(line) for line in lines)
    measure = lengths[(3 * len(lengths)) // 4] if lengths else 0  # most lines' length, not a stray
    column = column and sum(1 for n in lengths if n >= _FULL_SHARE * measure) >= _COLUMN_LINES
    for line in lines:
        if current and not is_hard_wrap(current[-1], line, measure, column):
            yield _joined(current)
            current = []
        current.append(line)
    if current:
        yield _joined(current)


def chunk_paragraphs(chunk: Chunk) -> Iterator[str]:
    """The paragraph texts of one chunk, by its kind."""
    lines = [clean_line(line) for line in chunk.lines]
    lines = [line for line in lines if line]
    if not lines:
        return
    if chunk.heading:
        yield " ".join(lines)
    elif chunk.verbatim:
        yield "\n".join(lines)
    else:
        yield from paragraphs(lines, chunk.column)


def build_paper_text(
    chunks: Iterable[Chunk], *, title: str | None, date: str | None, fmt: str
) -> PaperText:
    """Join the paragraphs with blank lines and record each one's offsets as a Block."""
    parts: list[str] = []
    blocks: list[Block] = []
    position = 0
    for chunk in chunks:
        for text in chunk_paragraphs(chunk):
            if parts:
                position += len(BLOCK_SEPARATOR)
            end = position + len(text)
            blocks.append(
                Block(
                    start=position,
                    end=end,
                    paragraph=len(blocks) + 1,
                    page=chunk.page,
                    section=chunk.section,
                    heading=chunk.heading,
                    item=chunk.item or bool(_BULLET.match(text)),
                )
            )
            parts.append(text)
            position = end
    if not blocks:
        raise PaperError("no text found")
    return PaperText(
        text=BLOCK_SEPARATOR.join(parts), blocks=blocks, title=title, date=date, format=fmt
    )
