"""Reading genuine council papers as clerks publish them (tests/papers/real, with SOURCES.toml):
word-per-line and word-break PDFs read as lines, running headers left out, tables of figures
read as rows with their column headings, garbage and scanned pages never indexed, and each
unreadable page reported with its number and why."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from fpdf import FPDF

from briefbot.engine import Briefbot
from briefbot.errors import PaperError
from briefbot.ingest import parse_paper
from briefbot.ingest.formats.pdf import GARBLED, SCANNED, SHAPES, _hyphens_restored, page_list
from briefbot.ingest.legible import garbled
from briefbot.ingest.ocr import available as ocr_available
from briefbot.models import PaperText
from tests.conftest import REPO

REAL = REPO / "tests" / "papers" / "real"
LIMIT = 5 * 1024 * 1024


def blocks(paper: PaperText) -> list[tuple[int | None, str]]:
    return [(b.page, paper.text[b.start : b.end]) for b in paper.blocks]


def engine_on(tmp_path: Path, engine_for: object, name: str, saved_as: str = "") -> Briefbot:
    """An engine over a corpus of one committed real paper, refreshed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / (saved_as or name)).write_bytes((REAL / name).read_bytes())
    engine: Briefbot = engine_for(corpus=corpus)  # type: ignore[operator]
    engine.refresh()
    return engine


def test_every_committed_paper_is_listed_with_its_source() -> None:
    import hashlib

    listed = tomllib.loads((REAL / "SOURCES.toml").read_text(encoding="utf-8"))["paper"]
    committed = {p.name for p in REAL.iterdir() if p.name != "SOURCES.toml"}
    assert {p["file"] for p in listed} == committed
    for paper in listed:
        data = (REAL / paper["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == paper["sha256"], paper["file"]


def test_word_breaks_drawn_as_glyphs_read_as_lines() -> None:
    """Word's "\\t\\r" between words, drawn into the page: every word was its own paragraph."""
    paper = parse_paper(REAL / "horsley-np-working-group-minutes-2014-10-19.pdf", LIMIT)
    got = blocks(paper)
    assert (1, "Horsley Neighbourhood Plan Working Group Meeting") in got
    assert (1, "Date: 19 October 2014") in got
    assert len(paper.text.split()) / len(paper.blocks) > 5  # was 1.1 words a paragraph


def test_runs_whose_boxes_overlap_do_not_repeat_a_letter() -> None:
    """Souldern's accounts, turned onto the page: the box of "f the authority as at" overlaps
    the last letter of "…financial position of" by a fraction of a point. Read to its edges it
    gave "position of f the authority"; the line after it wraps into the same sentence."""
    paper = parse_paper(REAL / "souldern-pc-accounts-2016-17.pdf", LIMIT)
    statement = (
        "The above statement represents fairly the financial position of the authority as at "
        "31st March 2017 and reflects its income and expenditure during the year"
    )
    assert (2, statement) in blocks(paper)
    assert "of f the" not in paper.text


def test_a_soft_hyphen_keeps_a_name_or_compound_and_joins_a_broken_word() -> None:
    """PDFium gives the hyphens of Word's PDFs as a control character, which was dropped:
    "Mr BarringtonKing", "homeschooled". Kept where either half is a word the paper uses on its
    own, or the second is a name; joined where neither is ("probabili-ty")."""
    minutes = parse_paper(REAL / "kent-cc-county-council-minutes-2025-01-09.pdf", LIMIT).text
    assert "Mr Barrington-King" in minutes and "Mr Crow-Brown" in minutes
    assert "BarringtonKing" not in minutes and "CrowBrown" not in minutes
    questions = parse_paper(REAL / "questions-and-answers-2025-03-13.pdf", LIMIT).text
    assert "home-schooled" in questions and "two-runway" in questions
    pages = [(1, "on the balance of probabili\x02ty, a two\x02tier council"), (2, "two tiers")]
    assert _hyphens_restored(pages)[0][1] == "on the balance of probability, a two-tier council"


def test_a_page_set_word_by_word_reads_as_lines() -> None:
    paper = parse_paper(REAL / "hackney-mayoral-sopn.pdf", LIMIT)
    got = [text for _, text in blocks(paper)]
    assert got[:3] == [
        "STATEMENT OF PERSONS NOMINATED",
        "London Borough of Hackney",
        "Election of the Mayor for Hackney",
    ]


def test_a_ruled_table_of_words_reads_a_row_a_candidate() -> None:
    """Hackney's statement of persons nominated rules its table, and each cell wraps: read as
    text, a candidate came out a word or two a line ("SMORTHIT" / "Peter" / "Flat 3 Burtt House,
    Aske" / ...). Read cell by cell, each candidate is one row under the column headings, even
    the last, whose first cell is drawn without its left rule."""
    got = [text for _, text in blocks(parse_paper(REAL / "hackney-mayoral-sopn.pdf", LIMIT))]
    assert (
        "Name of Candidate: SMORTHIT Peter | Home Address: Flat 3 Burtt House, Aske Street, "
        "Hoxton, London, N1 6LE | Description (if any): Independent"
    ) in got
    assert (
        "Name of Candidate: CAIRNES Rachel | Home Address: (address in London Borough of "
        "Hackney) | Description (if any): The Conservative and Unionist Party Candidate | "
        "Reason why no longer nominated*: Nomination Withdrawn"
    ) in got
    assert any(t.startswith("Name of Candidate: WOODLEY Caroline Rebecca |") for t in got)
    assert any(t.startswith("*Decision of the Returning Officer") for t in got)  # below it


def test_a_candidate_is_found_and_quoted_with_the_row_of_the_ruled_table(
    tmp_path: Path, engine_for: object
) -> None:
    engine = engine_on(tmp_path, engine_for, "hackney-mayoral-sopn.pdf")
    answer = engine.ask("Who is the Green Party candidate for Mayor of Hackney?")
    assert not answer.refused
    row = next(c for c in answer.citations if "GARBETT Zoë" in c.quote)
    assert row.quote.endswith("| Description (if any): Green Party")
    assert row.locator.startswith("page 1")


def test_a_running_header_is_kept_once_and_pages_stay_right() -> None:
    import pypdfium2 as pdfium

    path = REAL / "questions-and-answers-2025-03-13.pdf"
    paper = parse_paper(path, LIMIT)
    got = blocks(paper)
    headers = [page for page, text in got if text == "Thursday 13 March 2025"]
    assert headers == [1]  # printed on 12 of the 17 pages
    numbered = [(page, text) for page, text in got if text.startswith("Question ")]
    assert (3, "Question 2") in numbered and (6, "Question 5") in numbered  # not furniture
    document = pdfium.PdfDocument(path)
    try:
        for page, text in got:  # each block is on the page its locator names
            assert page is not None
            printed = " ".join(document[page - 1].get_textpage().get_text_bounded().split())
            assert " ".join(text.split()[:6]) in printed, (page, text)
    finally:
        document.close()


def test_a_text_layer_of_garbage_is_refused_with_its_pages() -> None:
    with pytest.raises(PaperError) as refused:
        parse_paper(REAL / "horsley-pc-document-191.pdf", LIMIT)
    assert str(refused.value) == f"no readable page: pages 1–3 {GARBLED}"


def test_legibility_tells_words_from_garbage() -> None:
    assert garbled("6',8/398+74,8.+2++8/3-.+1*43 \"*'4'9'4'010' +)1'6'8/4374,38+6+78 ??")
    assert garbled("(cid:25)(cid:31)(cid:34) (cid:35)(cid:28) (cid:23)(cid:38)(cid:32) (cid:1)")
    assert not garbled("RESOLVED that the precept for 2024/25 be set at £12,500 (S106, AL6 0NZ).")
    assert not garbled("2025-26 | Net revenue budget | £1,530.9m | 4.2% | 12 | 3 | 7 | 8 | 9")
    assert not garbled("Cyngor Sir Ceredigion: cofnodion y cyfarfod a gynhaliwyd ddydd Iau.")


def _scan_of(text_pdf: Path, scale: float = 0.6) -> bytes:
    """A page as a scanner makes it: the rendered picture of a real page, no text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(text_pdf)
    try:
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG")
    return buffer.getvalue()


def _mixed_pack(path: Path) -> Path:
    """Page 1 text, page 2 a scan, page 3 lettering drawn as lines, page 4 blank, page 5 text."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "The parish council met on 4 March 2025 and approved the budget.")
    pdf.add_page()
    pdf.image(io.BytesIO(_scan_of(REAL / "hackney-mayoral-sopn.pdf")), x=10, y=10, w=180)
    pdf.add_page()
    for row in range(12):  # a heading drawn stroke by stroke, as some exporters do
        for stroke in range(6):
            x, y = 20 + stroke * 8, 20 + row * 10
            pdf.line(x, y, x + 5, y + 6)
    pdf.add_page()
    pdf.add_page()
    pdf.multi_cell(0, 6, "The clerk reported that the play area will reopen in May 2025.")
    pdf.output(str(path))
    return path


def test_a_page_whose_text_is_a_maps_compass_points_alone_is_no_text(tmp_path: Path) -> None:
    """A map printed to PDF: its streets are an image, its text layer the compass points ("N",
    "S", "W E"). That is no text to index: the page is read by OCR, or reported unreadable."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "The polling districts of Sprowston are shown on the map that follows.")
    pdf.add_page()
    pdf.image(io.BytesIO(_scan_of(REAL / "hackney-mayoral-sopn.pdf")), x=10, y=30, w=180)
    for letter, x, y in (("N", 100, 20), ("S", 100, 280), ("W", 5, 150), ("E", 200, 150)):
        pdf.text(x, y, letter)
    pdf.output(str(tmp_path / "map.pdf"))
    paper = parse_paper(tmp_path / "map.pdf", LIMIT, ocr=False)
    assert paper.unreadable == {2: SCANNED}
    assert [page for page, _ in blocks(paper)] == [1]


def test_unreadable_pages_are_reported_and_the_rest_indexed(
    tmp_path: Path, engine_for: object
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _mixed_pack(corpus / "pack.pdf")
    paper = parse_paper(corpus / "pack.pdf", LIMIT, ocr=False)
    assert paper.unreadable == {2: SCANNED, 3: SHAPES}
    assert [page for page, _ in blocks(paper)] == [1, 5]
    engine: Briefbot = engine_for(corpus=corpus, ocr=False)  # type: ignore[operator]
    report = engine.refresh()
    assert report.documents == 1
    assert [(f.path, f.pages, f.reason) for f in report.failed] == [
        ("pack.pdf", [2], f"page 2 not indexed: {SCANNED}"),
        ("pack.pdf", [3], f"page 3 not indexed: {SHAPES}"),
    ]
    status = engine.status()
    assert (status.unreadable_pages, status.papers_with_unreadable_pages, status.failed) == (
        2,
        1,
        [],
    )
    answer = engine.ask("When will the play area reopen?")
    assert "May 2025" in answer.answer and answer.citations[0].locator.startswith("page 5")


def test_a_paper_that_is_all_scan_fails_with_its_pages(tmp_path: Path) -> None:
    pdf = FPDF()
    for _ in range(3):
        pdf.add_page()
        pdf.image(io.BytesIO(_scan_of(REAL / "hackney-mayoral-sopn.pdf")), x=10, y=10, w=180)
    pdf.output(str(tmp_path / "accounts.pdf"))
    with pytest.raises(PaperError) as refused:
        parse_paper(tmp_path / "accounts.pdf", LIMIT, ocr=False)
    assert str(refused.value) == f"no readable page: pages 1–3 {SCANNED}"


def test_page_lists_read_as_people_write_them() -> None:
    assert page_list([3]) == "page 3"
    assert page_list([1, 2, 3, 7, 9, 10]) == "pages 1–3, 7, 9–10"


def test_a_budget_row_keeps_its_column_headings() -> None:
    """A spreadsheet printed to PDF: two lines of headings, a year over each Budget/Spent pair,
    and the last column left empty."""
    paper = parse_paper(REAL / "tintern-cc-budget-2018-19.pdf", LIMIT)
    got = blocks(paper)
    assert (
        1,
        "Insurance (Hall/Came&Co) | Budget 2017-18: 320 | Spent 2017-18: 1,346"
        " | Budget 2018-19: 1,400",
    ) in got
    assert (1, "REVENUE") in got  # a table's section line stays as it is
    rows = [text for _, text in got if " | Budget 2017-18: " in text]
    # every line of figures, totals too, but one whose label was typed over its own runs
    # ("Youth Brigagead" + "geade"): the page's text and its runs disagree, so it stays plain
    assert len(rows) == 24
    assert (1, "Youth Brigageade 200 500 200") in got
    assert (1, "Benches - £750") in got  # the list under the table is text, not a table


def test_a_figure_in_a_table_is_found_and_quoted_with_its_row_and_column(
    tmp_path: Path, engine_for: object
) -> None:
    engine = engine_on(tmp_path, engine_for, "tintern-cc-budget-2018-19.pdf", "budget.pdf")
    answer = engine.ask("How much was budgeted for insurance in 2018-19?")
    quoted = " ".join(c.quote for c in answer.citations)
    assert "Insurance (Hall/Came&Co) |" in quoted and "Budget 2018-19: 1,400" in quoted
    assert answer.citations[0].locator.startswith("page 1")


def test_minutes_keep_each_motion_s_mover_seconder_votes_and_outcome(
    tmp_path: Path, engine_for: object
) -> None:
    """Printed minutes of a county council: numbered items, amendments moved and seconded, and
    recorded votes with the names under "For (14)", "Against (45)", "Abstain (4)"."""
    engine = engine_on(tmp_path, engine_for, "kent-cc-county-council-minutes-2025-01-09.pdf")

    answer = engine.ask("Who proposed that Mr G Cooke chair the meeting?")
    assert "Mr Gough proposed, and Mr Brady seconded" in answer.citations[0].quote
    record = answer.citations[0].record
    assert record is not None
    assert (record.moved_by, record.seconded_by) == (("Mr Gough",), ("Mr Brady",))

    # the sentence that records a seconder answers "who seconded" (the scorer's record_mover)
    answer = engine.ask("Who seconded Mr Hood's amendment?")
    assert any("Mr Hood proposed and Mr Baldock seconded" in c.quote for c in answer.citations)

    answer = engine.ask("Was Mr Streatfeild's amendment carried?")
    first = answer.citations[0]
    assert first.quote == "Amendment carried."
    assert first.locator.startswith("page 5, 285. English Devolution White Paper")
    assert first.record is not None and first.record.outcome == "carried"
    assert first.record.moved_by == ("Mr Streatfeild",)

    answer = engine.ask("Who voted against the amendment moved by Mr Hood?")
    records = [c.record for c in answer.citations if c.record and c.record.moved_by == ("Mr Hood",)]
    assert records, [c.quote for c in answer.citations]
    against = next(v for v in records[0].votes if v.side == "against")
    assert against.count == 45 and len(against.names) == 45 and "Mr Gough" in against.names
    assert records[0].outcome == "lost"


def _pack_of(path: Path, *papers: Path) -> Path:
    """An agenda pack: the papers' pages one after another, as a clerk's pack prints them."""
    import pypdfium2 as pdfium

    pack = pdfium.PdfDocument.new()
    for paper in papers:
        pack.import_pages(pdfium.PdfDocument(paper))
    pack.save(path)
    return path


def test_a_paper_inside_its_pack_is_cited_once_and_says_where_else(
    tmp_path: Path, engine_for: object
) -> None:
    """The Q&A published alone and again inside the meeting's pack: the answer cites the paper
    standing alone and names the pack; status lists the copy; no "papers differ"."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    qa = REAL / "questions-and-answers-2025-03-13.pdf"
    (corpus / "questions.pdf").write_bytes(qa.read_bytes())
    _pack_of(corpus / "pack.pdf", REAL / "kent-cc-county-council-minutes-2025-01-09.pdf", qa)
    engine: Briefbot = engine_for(corpus=corpus)  # type: ignore[operator]
    engine.refresh()
    copies = engine.status().copies
    assert copies == [{"path": "questions.pdf", "relation": "inside", "of": "pack.pdf"}]

    answer = engine.ask("How many pupils does KCC monitor who are educated outside school?")
    first = answer.citations[0]
    assert "4,798 pupils" in first.quote
    assert first.path == "questions.pdf"
    assert first.also_in == [engine.paper(_id_of(engine, "pack.pdf")).meta.title]
    assert answer.note is None or "differ" not in answer.note
    assert all(c.path == "questions.pdf" for c in answer.citations if "4,798" in c.quote)


def _id_of(engine: Briefbot, rel: str) -> str:
    from briefbot.store.generations import current_generation, read_manifest

    folder = current_generation(engine.settings.index)
    assert folder is not None
    return read_manifest(folder).papers[rel].paper_id


def test_a_page_in_two_columns_reads_a_column_at_a_time() -> None:
    """A real agenda page: English in the left column beside Spanish in the right, full-width
    text below. No paragraph mixes the two."""
    paper = parse_paper(REAL / "baldwin-park-city-council-agenda-2022-11-02.pdf", LIMIT)
    page = [text for number, text in blocks(paper) if number == 2]
    english = next(t for t in page if t.startswith("The public is encouraged"))
    assert "Council or any of its Agencies listed on this agenda" in english
    spanish = next(t for t in page if t.startswith("Se invita al público"))
    assert "cualquiera otra de sus Agencias" in spanish
    assert not any("Se invita" in t and "The public" in t for t in page)
    assert any(t.startswith("Any written public record relating to an agenda item") for t in page)


LEFT_COLUMN = (
    "The parish council met on Monday to discuss the village hall roof. The clerk reported "
    "that three quotes had been received for the repairs and that the lowest was from a "
    "local firm. Members agreed to accept the lowest quote and to start work in May."
)
RIGHT_COLUMN = (
    "The footpath by the church will close for two weeks in June while the drainage is "
    "renewed. Walkers are asked to use the lane beside the school instead. The county "
    "council will pay for the work from its highways budget this year."
)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) >= width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def _draw_columns(pdf: FPDF, x: float, gap: float, y: float, width: int) -> None:
    """The two columns drawn line by line across the page, left line then the right beside it,
    so that PDFium's own text joins each left line to the right line beside it."""
    set_in = _wrap(LEFT_COLUMN, width), _wrap(RIGHT_COLUMN, width)
    for row in range(max(map(len, set_in))):
        for at, lines in zip((x, x + gap), set_in, strict=True):
            if row < len(lines):
                pdf.text(at, y + 6 * row, lines[row])


def _row_by_row(path: Path) -> Path:
    """A newsletter page whose two columns are drawn line by line across the page."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 15, "VILLAGE NEWS - SPRING 2025")
    _draw_columns(pdf, 20, 90, 30, 38)
    pdf.output(str(path))
    return path


def test_columns_drawn_across_the_page_are_not_spliced(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    path = _row_by_row(tmp_path / "news.pdf")
    spliced = pdfium.PdfDocument(path)[0].get_textpage().get_text_bounded()
    assert "Monday to The footpath" in spliced  # what PDFium's own order gives
    got = [text for _, text in blocks(parse_paper(path, LIMIT))]
    assert got[0] == "VILLAGE NEWS - SPRING 2025"
    assert got[1].startswith("The parish council met on Monday to discuss the village hall roof.")
    assert "Members agreed to accept the lowest quote and to start work in May." in " ".join(got)
    assert any(t.startswith("The footpath by the church will close for two weeks") for t in got)
    assert not any("Monday" in t and "footpath" in t for t in got)


@pytest.mark.skipif(not ocr_available(), reason="OCR cannot load here (OpenCV needs libGL)")
def test_a_scanned_page_is_read_by_ocr_and_its_citation_says_so(
    tmp_path: Path, engine_for: object
) -> None:
    """A pack with a text page and a scan of a real page (Kent's Q&A, no text layer): OCR reads
    the scan offline; the answer from it is marked as read by OCR; status counts the page."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "County Council, 13 March 2025: questions and answers follow.")
    pdf.add_page()
    scan = _scan_of(REAL / "questions-and-answers-2025-03-13.pdf", scale=2.0)
    pdf.image(io.BytesIO(scan), x=0, y=0, w=210)
    pdf.output(str(corpus / "pack.pdf"))

    paper = parse_paper(corpus / "pack.pdf", LIMIT)
    assert paper.ocr_pages == [2] and paper.unreadable == {}
    read = " ".join(text for page, text in blocks(paper) if page == 2)
    # the recogniser's spacing is approximate ("Cabinet Mem berfor"): its letters are right
    letters = "".join(ch for ch in read if ch.isalnum())
    assert "CabinetMemberforEducationandSkills" in letters
    assert "4798pupils" in letters

    engine: Briefbot = engine_for(corpus=corpus)  # type: ignore[operator]
    report = engine.refresh()
    assert report.failed == []
    assert engine.status().ocr_pages == 1
    answer = engine.ask("How many pupils does KCC monitor who are educated outside school?")
    first = answer.citations[0]
    assert "4,798" in first.quote
    assert first.ocr and first.locator.startswith("page 2")


@pytest.mark.parametrize(
    ("name", "committee", "date", "item", "minute"),
    [
        (
            "winchester-cabinet-2020-10-21.html",
            "Cabinet",
            "2020-10-21",
            "3. Minutes of the previous meetings held on 16 September 2020 and additional "
            "meeting held on 29 September 2020.",
            "That the minutes of the previous meeting held on 16 September 2020 and the "
            "additional meeting held on 29 September 2020 be agreed as a correct record.",
        ),
        (
            "oxfordshire-cabinet-2019-01-22.html",
            "Cabinet",
            "2019-01-22",
            "1/19 Minutes",
            "The Minutes of the meeting held on 18 December 2019 were approved and signed as a "
            "correct record.",
        ),
    ],
)
def test_a_moderngov_page_gives_its_meeting_and_keeps_each_item_s_minutes(
    name: str, committee: str, date: str, item: str, minute: str
) -> None:
    from briefbot.ingest import load_paper

    paper = load_paper(REAL / name, name, LIMIT)
    assert (paper.meta.committee, paper.meta.date, paper.meta.doc_type) == (
        committee,
        date,
        "minutes",
    )
    texts = {paper.text[b.start : b.end]: b.section for b in paper.blocks}
    # The minute is kept under its item, numbered as the page numbers it, then "Minutes:".
    assert texts[minute][-2:] == (item, "Minutes:")
    # Navigation, breadcrumb, cookie banner, footer, file sizes and the items' table header
    # are the site's, not the meeting's.
    for furniture in ("Home", "Skip to content", "Cookies", "PDF 158 KB", "PDF 283 KB", "No."):
        assert not any(furniture in text.split("\n") or f" {furniture}" in text for text in texts)
    assert not any(text == "Issue history" or text.startswith("We use cookies") for text in texts)


def test_a_landscape_page_and_a_turned_page_in_a_portrait_pack_read_in_order(
    tmp_path: Path,
) -> None:
    """A pack's landscape appendix, and the same set in columns but drawn turned a quarter onto
    a portrait page (as a landscape sheet printed onto portrait paper reads): each read a line,
    then a column, at a time, in the direction its text runs."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.text(20, 20, "Agenda pack. The appendices follow.")
    pdf.add_page(orientation="L")
    pdf.text(20, 15, "APPENDIX A")
    _draw_columns(pdf, 20, 130, 30, 40)
    pdf.add_page()
    with pdf.rotation(90, 105, 148):
        pdf.text(-20, 45, "APPENDIX B")
        _draw_columns(pdf, -20, 130, 55, 38)
    path = tmp_path / "pack.pdf"
    pdf.output(str(path))

    got = blocks(parse_paper(path, LIMIT))
    first, second = LEFT_COLUMN, RIGHT_COLUMN
    for page in (2, 3):
        text = " ".join(t for p, t in got if p == page).replace("\n", " ")
        assert first in text and second in text, text  # never "Monday to The footpath"
        assert text.index(first) < text.index(second)
    assert any(t == "APPENDIX B" for p, t in got if p == 3)


def test_a_drawing_the_rule_reader_cannot_follow_costs_only_the_table_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reader of ruled tables is a help, not a gate: if it fails on a page's drawing, the
    page is read as text, as before it, and the paper is not lost."""
    import briefbot.ingest.formats.pdf as pdf_format

    def broken(*_args: object, **_kwargs: object) -> list[object]:
        raise ValueError("a drawing the reader cannot follow")

    monkeypatch.setattr(pdf_format, "ruled_tables", broken)
    got = [text for _, text in blocks(parse_paper(REAL / "hackney-mayoral-sopn.pdf", LIMIT))]
    assert "SMORTHIT" in got and "Flat 3 Burtt House, Aske" in got  # the lines, as text
    assert not any(t.startswith("Name of Candidate:") for t in got)


def test_spreadsheet_tables_pasted_side_by_side_on_a_slide_read_a_row_each() -> None:
    """Nipissing's capital forecast pastes two spreadsheets side by side onto each slide. Their
    rules are drawn inside forms (in the forms' own space), they touch, the last column has no
    outer rule, each has a title across it, and a slide's decoration draws diagonal lines.
    Read as text, a row came out a cell a line ("2027 Bear Creek Landfill *" / "Closure or
    Rehabilitation" / "$609,045.59" ...); read as tables, each row is one passage under its
    columns' headings, the left table first, and rows with nothing but their year are left out."""
    paper = parse_paper(REAL / "nipissing-capital-budget-forecast-2024-2034.pdf", LIMIT)
    got = blocks(paper)
    assert (
        5,
        "YEAR: 2027 | PROJECT DESCRIPTION: Bear Creek Landfill * Closure or Rehabilitation | "
        "ESTIMATE: $609,045.59 closure costs $625,770 Post closure costs | "
        "METHOD: Reserves/Taxation",
    ) in got
    texts = [text for _, text in got]
    left = texts.index(
        "YEAR: 2025 | PROJECT DESCRIPTION: Replace Municipal Admin Vehicle | ESTIMATE: $45,000 "
        "| METHOD: Taxes"
    )
    right = texts.index(
        "YEAR: 2026 | RESERVE DESCRIPTION: Computer server/replacements | AMOUNT: $3,000 | "
        "FOR USE: 2026"
    )
    assert left < right  # the left table's rows, then the right one's
    assert "YEAR: 2028" not in texts and "2028" not in texts  # a row of its year alone
    assert not any("Municipal Election$" in t for t in texts)  # no cells spliced beside
