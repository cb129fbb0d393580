"""Fuzzing: mutated papers, sidecars and questions end in a valid result or one readable line."""

from __future__ import annotations

import datetime
import io
import json
import re
import signal
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import docx
import pytest
from fpdf import FPDF
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefbot.answering.composer import REFUSAL
from briefbot.config import Settings
from briefbot.engine import MAX_QUESTION_CHARS, Briefbot, clean_question
from briefbot.errors import PaperError, QuestionError
from briefbot.ingest import load_paper, parse_paper
from briefbot.language.papers import DOC_TYPES
from briefbot.models import Answer, Paper, PaperText
from briefbot.store.embedder import Embedder
from tests.conftest import LIBRARY, MEETING

LIMIT = 1024 * 1024
HANG_SECONDS = 20  # a parse of a few kilobytes takes milliseconds; this long is a hang
# What clean_text promises to remove: C0 but \t and \n, DEL, C1, bidi controls, stray BOMs.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
ASCII_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
FILES = settings(max_examples=60, deadline=None)

T = TypeVar("T")


class Hang(BaseException):
    """Raised by the alarm; a BaseException so no parser's `except Exception` can swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_one_line(message: str) -> None:
    assert message.strip() and "\n" not in message and "\r" not in message, repr(message)


def assert_clean_field(value: str | None) -> None:
    if value is not None:
        assert value == " ".join(value.split()) and value and not CONTROLS.search(value)


def assert_valid(parsed: PaperText | Paper) -> None:
    """Clean text; blocks ordered, inside the text, and non-empty."""
    text = parsed.text
    assert isinstance(text, str) and text.strip()
    assert not CONTROLS.search(text), repr(CONTROLS.search(text))
    assert parsed.blocks
    previous = 0
    for block in parsed.blocks:
        assert previous <= block.start < block.end <= len(text)
        previous = block.end
    if isinstance(parsed, PaperText):
        assert_clean_field(parsed.title)
        assert parsed.date is None or ASCII_DATE.fullmatch(parsed.date)
    else:
        meta = parsed.meta
        for field in (meta.title, meta.publisher, meta.committee, meta.url):
            assert_clean_field(field)
        for when in (meta.date, meta.meeting_date):
            assert when is None or ASCII_DATE.fullmatch(when), when
        assert meta.doc_type in DOC_TYPES


def outcome(call: Callable[[], T]) -> T | str:
    """The parser's result (checked) or its PaperError message (checked); anything else fails."""
    with time_limit(HANG_SECONDS):
        try:
            result = call()
        except PaperError as error:
            assert_one_line(str(error))
            return str(error)
    assert isinstance(result, (PaperText, Paper))
    assert_valid(result)
    return result


def parse(path: Path, data: bytes) -> PaperText | str:
    path.write_bytes(data)
    return outcome(lambda: parse_paper(path, LIMIT))


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# --- mutation ------------------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """`base` with a few bytes flipped, overwritten, inserted or deleted, or cut short."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate"]))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set" and data:
            data[at] = draw(st.sampled_from([0, 0x0A, 0x1B, 0x22, 0x3C, 0x7F, 0xA3, 0xFF]))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del data[at:]
    return bytes(data)


# --- plain text, Markdown and HTML in several encodings ------------------------------------------

SENTENCE = "The café budget is £1.2m (½ of it «capital»)."
ENCODINGS = {
    "utf-8": "utf-8",
    "utf-8 with BOM": "utf-8-sig",
    "utf-16 LE with BOM": "utf-16",  # Python writes the BOM in native (little-endian) order
    "utf-16 BE with BOM": "utf-16-be",
    "cp1252": "cp1252",
    "latin-1": "latin-1",
}
WORDS = st.lists(
    st.sampled_from(
        ["council", "Budget", "£5m", "é", "½", "«x»", " ", "\n", "\n\n", "\r\n", "\t", "\x0c"]
        + ["\x1b[1m", "\x1b]8;;x\x07", "# ", "* ", "1. ", "```", "    ", "---", "<b>", "&amp;"]
    ),
    max_size=40,
).map("".join)


def encode(text: str, encoding: str) -> bytes:
    data = text.encode(ENCODINGS[encoding])
    return b"\xfe\xff" + data if encoding == "utf-16 BE with BOM" else data


@FILES
@given(
    encoding=st.sampled_from(sorted(ENCODINGS)), body=WORDS, suffix=st.sampled_from([".txt", ".md"])
)
def test_text_in_any_encoding_keeps_its_words(
    work: Path, encoding: str, body: str, suffix: str
) -> None:
    parsed = parse(work / f"paper{suffix}", encode(f"{SENTENCE}\n\n{body}", encoding))
    assert isinstance(parsed, PaperText), parsed
    assert parsed.text.startswith(SENTENCE)


TEXT_SAMPLES = {
    ".txt": f"Cabinet minutes\n\n{SENTENCE}\nIt was resolved to agree.\n\n1. First item\n",
    ".md": f"---\ntitle: Budget\ndate: 2022-03-31\n---\n# Budget\n\n{SENTENCE}\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n<div>raw <b>html</b></div>\n",
    ".html": '<html><head><meta charset="utf-8"><title>Budget</title>'
    '<meta name="date" content="2022-03-31"></head><body><nav>Menu</nav><main><h1>Budget</h1>'
    f"<p>{SENTENCE}</p><pre>a\n  b</pre><table><tr><td>1</td><td>2</td></tr></table>"
    "</main></body></html>",
}


@FILES
@given(
    suffix=st.sampled_from(sorted(TEXT_SAMPLES)),
    encoding=st.sampled_from(sorted(ENCODINGS)),
    data=st.data(),
)
def test_mutated_text_files(work: Path, suffix: str, encoding: str, data: st.DataObject) -> None:
    base = encode(TEXT_SAMPLES[suffix], encoding)
    parse(work / f"paper{suffix}", data.draw(mutated(base)))


CHARSETS = ["utf-8", "UTF8", "latin-1", "windows-1252", "'utf-8'", "", "bogus", "rot13"]
ODD_CHARSETS = ["utf-16", "utf-32", "utf-7", "punycode", "idna", "unicode_escape", "cp037"]


@FILES
@given(charset=st.sampled_from(CHARSETS + ODD_CHARSETS), body=WORDS, pad=st.integers(0, 3))
def test_html_read_whatever_charset_it_declares(
    work: Path, charset: str, body: str, pad: int
) -> None:
    """A browser ignores a declared charset that cannot describe an ASCII-compatible page."""
    sentence = "Budget \\x41\\u0041 +AGE- is xn--ls8h."
    page = f'<meta charset="{charset}"><p>{sentence}</p><p>{body}</p>' + " " * pad
    parsed = parse(work / "page.html", page.encode("utf-8"))
    assert isinstance(parsed, PaperText) and sentence in parsed.text, parsed


SOUP = {
    ".html": [
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<h1>",
        "</h2>",
        "<main>",
        "<article>",
        "<pre>",
        "</pre>",
        "<nav>",
        "<table><tr><td>",
        "<br>",
        "<!--",
        "-->",
        "<script>",
        "<title>",
        '<meta charset="utf-16">',
        '<meta name="date" content="2022-02-30">',
        "&amp;",
        "&#0;",
        "&#x1b;",
        "&#x202e;",
        "\x00",
        "\x1b[31m",
        "words here",
        "£5m",
        "مرحبا",
        "会议",
    ],
    ".md": [
        "# ",
        "## ",
        "\n",
        "\n\n",
        "```",
        "    ",
        "* ",
        "1. ",
        "> ",
        "|a|b|\n|-|-|\n| 1 |",
        "<div>",
        "</div>",
        "---\n",
        "title: x\n",
        "date: 2022-13-01\n",
        "[link](u)",
        "![i](x)",
        "<br>",
        "\\",
        "`",
        "*",
        "_",
        "words here",
        "£5m",
        "\x1b]0;x\x07",
        "\u202e",
        "😀",
    ],
}


@FILES
@given(suffix=st.sampled_from(sorted(SOUP)), data=st.data())
def test_tag_soup(work: Path, suffix: str, data: st.DataObject) -> None:
    text = "".join(data.draw(st.lists(st.sampled_from(SOUP[suffix]), max_size=60)))
    parse(work / f"soup{suffix}", text.encode("utf-8"))


# --- PDF -----------------------------------------------------------------------------------------


def make_pdf(compress: bool) -> bytes:
    pdf = FPDF()
    pdf.set_compression(compress)
    pdf.set_title("Budget report")
    pdf.set_creation_date(datetime.datetime(2022, 3, 31, tzinfo=datetime.UTC))
    pdf.set_font("Helvetica", size=11)
    for page in range(2):
        pdf.add_page()
        for paragraph in (f"Page {page + 1}: {SENTENCE}", "It was resolved to agree."):
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(4)
    return bytes(pdf.output())


PDFS = [make_pdf(compress=False), make_pdf(compress=True)]


@FILES
@given(base=st.sampled_from(PDFS), data=st.data())
def test_mutated_pdf(work: Path, base: bytes, data: st.DataObject) -> None:
    parse(work / "paper.pdf", data.draw(mutated(base)))


# --- DOCX ----------------------------------------------------------------------------------------


def make_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Budget briefing"
    document.core_properties.created = datetime.datetime(2022, 12, 13, 9, 0)
    document.add_heading("Finance", level=1)
    document.add_paragraph(SENTENCE)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "First", "£5m"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX = make_docx()
with zipfile.ZipFile(io.BytesIO(DOCX)) as _archive:
    DOCX_PARTS = {name: _archive.read(name) for name in _archive.namelist()}


@FILES
@given(data=st.data())
def test_mutated_docx_bytes(work: Path, data: st.DataObject) -> None:
    parse(work / "paper.docx", data.draw(mutated(DOCX)))


XML_TEXT = st.text(st.sampled_from("<>/=\"' wpr:tbodyx&;#\x01\u202e£"), max_size=200)


def rezip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@FILES
@given(
    part=st.sampled_from(
        ["word/document.xml", "word/styles.xml", "docProps/core.xml", "[Content_Types].xml"]
        + ["word/_rels/document.xml.rels", "_rels/.rels"]
    ),
    change=st.sampled_from(["mutate", "replace", "drop"]),
    data=st.data(),
)
def test_docx_with_damaged_parts(work: Path, part: str, change: str, data: st.DataObject) -> None:
    parts = dict(DOCX_PARTS)
    if change == "drop":
        del parts[part]
    elif change == "mutate":
        parts[part] = data.draw(mutated(parts[part]))
    else:
        parts[part] = data.draw(XML_TEXT).encode("utf-8")
    parse(work / "paper.docx", rezip(parts))


# Well-formed but odd bodies: tables with spans and merges, headings, runs in strange places.
W_LEAVES = st.sampled_from(
    [
        "<w:t>Budget £5m</w:t>",
        '<w:t xml:space="preserve">  </w:t>',
        "<w:t>\u202e\x7f</w:t>",
        "<w:br/>",
        "<w:tab/>",
        '<w:pStyle w:val="Heading1"/>',
        '<w:pStyle w:val="Title"/>',
        '<w:pStyle w:val="Nope"/>',
        '<w:gridSpan w:val="3"/>',
        '<w:gridSpan w:val="0"/>',
        '<w:gridSpan w:val="99999999"/>',
        '<w:vMerge w:val="restart"/>',
        "<w:vMerge/>",
        '<w:gridCol w:w="100"/>',
    ]
)
W_TAGS = ["w:p", "w:r", "w:tbl", "w:tr", "w:tc", "w:pPr", "w:tcPr", "w:tblGrid", "w:sdt"]
W_TREES = st.recursive(
    W_LEAVES,
    lambda inner: st.tuples(st.sampled_from(W_TAGS), st.lists(inner, max_size=4)).map(
        lambda tree: f"<{tree[0]}>{''.join(tree[1])}</{tree[0]}>"
    ),
    max_leaves=30,
)
W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@FILES
@given(body=st.lists(W_TREES, max_size=6).map("".join))
def test_docx_with_random_body(work: Path, body: str) -> None:
    xml = f'<w:document xmlns:w="{W_NAMESPACE}"><w:body>{body}</w:body></w:document>'
    parse(work / "paper.docx", rezip({**DOCX_PARTS, "word/document.xml": xml.encode("utf-8")}))


# --- sidecar metadata ----------------------------------------------------------------------------

FIELDS = ["title", "date", "doc_type", "publisher", "committee", "meeting_date", "url", "other"]
DIGITS = {"ascii": "0123456789", "fullwidth": "０１２３４５６７８９", "arabic": "٠١٢٣٤٥٦٧٨٩"}
ODD_VALUES = [
    "5",
    "true",
    "[1, 2]",
    "{}",
    "{a = 1}",
    "1.5",
    "nan",
    "-inf",
    "2022-02-28",
    "10:00:00",
    "2022-03-31T10:00:00Z",
    "1979-05-27T07:32:00",
    '"31/02/2022"',
    '"2022-02-30"',
    '"2022-13"',
    '"2022"',
    '"0000"',
    '"minutes"',
    '"memo"',
    '""',
    '"  "',
    '"\\u0000x"',
    '"\\u001b[31mred\\u001b[0m"',
    '"a\\nb"',
    '"\\u202eevil"',
    "'''\nmulti\nline'''",
]
TOML_VALUES = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.integers(-(10**20), 10**20).map(str),
    st.text(max_size=50).map(lambda text: json.dumps(text, ensure_ascii=False)),
    st.integers(1, 200_000).map(lambda n: '"' + "x" * n + '"'),
)
SIDECARS = st.one_of(
    st.lists(st.tuples(st.sampled_from(FIELDS), TOML_VALUES), max_size=4).map(
        lambda pairs: "\n".join(f"{key} = {value}" for key, value in pairs).encode("utf-8")
    ),
    st.text(max_size=200).map(lambda s: s.encode("utf-8")),
    st.binary(max_size=100),
    mutated(b'title = "Budget"\ndate = "2022-03-31"\ndoc_type = "minutes"\ncommittee = "C"\n'),
)


def load_with_sidecar(work: Path, sidecar: bytes) -> Paper | str:
    path = work / "p.txt"
    path.write_text(f"Cabinet minutes\n\n{SENTENCE}\n", encoding="utf-8")
    (work / "p.txt.meta.toml").write_bytes(sidecar)
    found = outcome(lambda: load_paper(path, "p.txt", LIMIT))
    if isinstance(found, str):
        assert found.startswith("p.txt.meta.toml: "), found
    return found


@settings(max_examples=150, deadline=None)
@given(sidecar=SIDECARS)
def test_fuzzed_sidecars(work: Path, sidecar: bytes) -> None:
    load_with_sidecar(work, sidecar)


@settings(max_examples=60, deadline=None)
@given(
    field=st.sampled_from(FIELDS[:-1]),
    value=st.sampled_from(["5", "true", "[1, 2]", "{}", "1.5", "{a = [true]}", "10:00:00"]),
)
def test_sidecar_fields_of_the_wrong_type_are_named(work: Path, field: str, value: str) -> None:
    found = load_with_sidecar(work, f"{field} = {value}\n".encode())
    assert isinstance(found, str) and found.startswith(f"p.txt.meta.toml: {field} must be a ")


@settings(max_examples=100, deadline=None)
@given(
    field=st.sampled_from(["date", "meeting_date"]),
    year=st.integers(1000, 9999),
    month=st.integers(0, 99),
    day=st.integers(0, 99),
    precision=st.integers(1, 3),
    digits=st.sampled_from(sorted(DIGITS)),
)
def test_sidecar_dates_are_kept_if_real_else_refused(
    work: Path, field: str, year: int, month: int, day: int, precision: int, digits: str
) -> None:
    value = f"{year:04d}-{month:02d}-{day:02d}"[: 4 + 3 * (precision - 1)]
    written = value.translate(str.maketrans("0123456789", DIGITS[digits]))
    found = load_with_sidecar(work, f'{field} = "{written}"\n'.encode())
    try:
        datetime.date(year, month if precision > 1 else 1, day if precision > 2 else 1)
        real = digits == "ascii"
    except ValueError:
        real = False
    if real:
        assert isinstance(found, Paper) and getattr(found.meta, field) == value
    else:
        assert isinstance(found, str) and field in found and written in found


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_sidecar_encodings(work: Path, encoding: str) -> None:
    found = load_with_sidecar(work, 'title = "Café budget"\n'.encode(encoding))
    if encoding.startswith("utf-8"):
        assert isinstance(found, Paper) and found.meta.title == "Café budget"


FILE_NAMES = st.tuples(
    st.sampled_from(["", "minutes-", "٢٠٢٢", "line\nbreak ", "\x1b[31m", "\u202e", " "]),
    st.sampled_from(["2022", "٢٠٢٢", "20٢٢", "２０２２", "1999"]),
    st.sampled_from(["-", "_", ".", ""]),
    st.sampled_from(["03", "٠٣", "０３", "13"]),
    st.sampled_from(["", "-31", "_٣١", "-３１", "31"]),
).map("".join)
BAD_SIDECARS = [b"\xff\xfe", b"title = 5", b'date = "2022-02-30"', b"[", b'doc_type = "memo"']


@settings(max_examples=80, deadline=None)
@given(stem=FILE_NAMES, sidecar=st.sampled_from([None, b'title = "Fine"', *BAD_SIDECARS]))
def test_any_file_name(work: Path, stem: str, sidecar: bytes | None) -> None:
    """Dates in odd file names are ASCII or nothing; problems stay on one line whatever the name."""
    folder = work / "names"
    folder.mkdir(exist_ok=True)
    path = folder / f"{stem}.txt"
    path.write_text("Some words without a date.", encoding="utf-8")
    if sidecar is not None:
        Path(f"{path}.meta.toml").write_bytes(sidecar)
    try:
        found = outcome(lambda: load_paper(path, path.name, LIMIT))
    finally:
        for made in folder.iterdir():
            made.unlink()
    assert isinstance(found, str) == (sidecar in BAD_SIDECARS), found


# --- questions -----------------------------------------------------------------------------------

NOISE = [
    "",
    " ",
    "\t\n",
    "?",
    "...!!!",
    "[bold]x[/]",
    "[/]",
    "[link=http://x]y[/link]",
    "<script>",
    "</script>",
    "{{}}",
    "{0}",
    "%s",
    "$(rm -rf)",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\x1bP+q\x1b\\",
    "\x9b2J",
    "\r",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\u2028",
    "مجلس",
    "预算",
    "Совет",
    "😀",
    "👩‍👩‍👧",
    "é",
    "£1.2m",
    "2023",
    "how much",
    "when",
    "who",
    "budget",
    "gritting",
    "routes",
    "Wyeford",
    "library",
    "Sunday",
    "cost",
    "resolved",
]
REAL_QUESTIONS = [
    "How much is the budget for gritting in 2023/24?",
    "When will Wyeford library open on Sundays?",
    "Who chaired the Highways Committee?",
    "Which villages will the gritting routes cover?",
]


@st.composite
def noisy_questions(draw: st.DrawFn) -> str:
    """A question the tiny index answers, with a little noise put in between its words."""
    words = draw(st.sampled_from(REAL_QUESTIONS)).split()
    for _ in range(draw(st.integers(0, 2))):
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(NOISE)))
    return " ".join(words)


QUESTIONS = st.one_of(
    noisy_questions(),
    st.lists(st.sampled_from(NOISE), max_size=12).map(" ".join),
    st.text(max_size=120),
)
# Long questions cost seconds each with the real model, so each is asked once, explicitly.
EXTREMES = ["", "   ", "?!.,;:", "x" * 10_000, "budget " * 1500, "\x1b[" * 5000 + "x"]


def examples(questions: list[str]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def add(test: Callable[..., None]) -> Callable[..., None]:
        for question in questions:
            test = example(question=question)(test)
        return test

    return add


def plain(question: str) -> bool:
    return question.isascii() and question.isprintable()


@settings(max_examples=300, deadline=None)
@given(question=st.one_of(QUESTIONS, st.sampled_from(EXTREMES)))
def test_clean_question(question: str) -> None:
    try:
        text = clean_question(question)
    except QuestionError as error:
        assert_one_line(str(error))
        assert not (plain(question) and any(ch.isalnum() for ch in question))
        return
    assert text == " ".join(text.split()) and all(ch.isprintable() for ch in text)
    assert 0 < len(text) <= MAX_QUESTION_CHARS and any(ch.isalnum() for ch in text)
    assert clean_question(text) == text
    if plain(question):
        assert text == " ".join(question.split())[:MAX_QUESTION_CHARS]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Briefbot]:
    """A real index of two short papers: every ask embeds its candidate sentences, so keep few."""
    root = tmp_path_factory.mktemp("tiny")
    (root / "corpus").mkdir()
    (root / "corpus" / "highways-minutes.txt").write_text(MEETING, encoding="utf-8")
    (root / "corpus" / "library-news.txt").write_text(LIBRARY, encoding="utf-8")
    engine = Briefbot(Settings(corpus=root / "corpus", index=root / "index"), embedder=embedder)
    engine.refresh()
    yield engine
    engine.close()


@settings(max_examples=30, deadline=None)
@given(question=QUESTIONS)
@examples(EXTREMES)
def test_ask_anything(tiny: Briefbot, question: str) -> None:
    try:
        answer = tiny.ask(question)
    except QuestionError as error:
        assert_one_line(str(error))
        return
    assert isinstance(answer, Answer)
    assert answer.question == clean_question(question)
    if answer.refused:
        assert answer.answer == REFUSAL and not answer.citations
    else:
        assert answer.citations
    for citation in answer.citations:
        assert tiny.paper(citation.paper_id).text[citation.start : citation.end] == citation.quote
        assert f"[{citation.n}]" in answer.answer


# --- regressions found by the fuzzers ------------------------------------------------------------


def test_sidecar_with_utf8_bom_is_read(work: Path) -> None:
    found = load_with_sidecar(work, b'\xef\xbb\xbftitle = "Budget"\ndate = 2022-03-31\n')
    assert isinstance(found, Paper)
    assert (found.meta.title, found.meta.date) == ("Budget", "2022-03-31")


def test_dates_in_other_digits_are_refused_not_kept(work: Path) -> None:
    message = load_with_sidecar(work, 'date = "２０２２-０３-３１"\n'.encode())
    assert (
        message == "p.txt.meta.toml: date '２０２２-０３-３１' is not YYYY-MM-DD, YYYY-MM or YYYY"
    )
    path = work / "minutes-2022-٠٣.txt"
    path.write_text("No date in here.", encoding="utf-8")
    assert load_paper(path, path.name, LIMIT).meta.date is None


def test_sidecar_problem_stays_on_one_line_whatever_the_file_name(work: Path) -> None:
    path = work / "line\nbreak.txt"
    path.write_text("Some words.", encoding="utf-8")
    Path(f"{path}.meta.toml").write_bytes(b"\xff")
    with pytest.raises(PaperError) as caught:
        load_paper(path, path.name, LIMIT)
    assert str(caught.value) == "line break.txt.meta.toml: not UTF-8 text"


@pytest.mark.parametrize("charset", ["utf-16", "punycode", "unicode_escape"])
def test_html_charset_no_browser_would_use_is_ignored(work: Path, charset: str) -> None:
    text = "The budget is 5 pounds \\x41."
    page = f'<meta charset="{charset}"><p>{text}</p>'.encode()
    parsed = parse(work / "page.html", page + b" " * (len(page) % 2))  # even: UTF-16 decodes
    assert isinstance(parsed, PaperText) and parsed.text == text, parsed
