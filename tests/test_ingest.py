"""Ingest: real files of every format made in tmp_path, bad files, metadata, sentences, passages."""

from __future__ import annotations

import datetime
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefbot.errors import PaperError
from briefbot.ingest import (
    SUPPORTED_SUFFIXES,
    cut_passages,
    load_paper,
    paper_id,
    parse_paper,
    read_meta,
    split_sentences,
)
from briefbot.ingest.layout import build_paper_text, plain_chunks
from briefbot.ingest.meta import weak_title
from briefbot.ingest.sentences import paper_sentences
from briefbot.models import Paper, PaperMeta, PaperText

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
LIMIT = 10 * 1024 * 1024


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def paragraphs(parsed: PaperText | Paper) -> list[str]:
    return [parsed.text[b.start : b.end] for b in parsed.blocks]


def assert_valid_blocks(parsed: PaperText | Paper) -> None:
    """Blocks are ordered, stripped, non-empty slices numbered 1, 2, 3..."""
    previous_end = 0
    for number, block in enumerate(parsed.blocks, start=1):
        assert block.paragraph == number
        assert previous_end <= block.start < block.end <= len(parsed.text)
        piece = parsed.text[block.start : block.end]
        assert piece == piece.strip() and piece
        previous_end = block.end
    assert parsed.text == "\n\n".join(paragraphs(parsed))


def one_line_error(path: Path, limit: int = LIMIT) -> str:
    with pytest.raises(PaperError) as caught:
        parse_paper(path, limit)
    message = str(caught.value)
    assert message and "\n" not in message and len(message) <= 200
    return message


# --- plain text -------------------------------------------------------------------------------


def test_api_constants() -> None:
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}
    assert paper_id("minutes/2022-03-31.txt") == paper_id("minutes/2022-03-31.txt")
    assert len(paper_id("a.txt")) == 16 and paper_id("a.txt") != paper_id("b.txt")


def test_text_paragraphs_lines_blank_lines_wraps_and_bullets(tmp_path: Path) -> None:
    wrapped = "The committee considered the revenue budget monitoring report for the quarter and"
    text = (
        "Budget monitoring\n"
        "It was noted that:\n"
        "· Spending was on track;\n"
        "a) the reserve is approved; and\n"
        f"{wrapped}\n"
        "agreed the forecast outturn.\n"
        "\n\n"
        "Second block after a blank line.\n"
    )
    parsed = parse_paper(write(tmp_path, "Minutes.TXT", text), LIMIT)
    assert_valid_blocks(parsed)
    assert paragraphs(parsed) == [
        "Budget monitoring",
        "It was noted that:",
        "· Spending was on track;",
        "a) the reserve is approved; and",
        f"{wrapped} agreed the forecast outturn.",
        "Second block after a blank line.",
    ]
    assert all(b.page is None and b.section == () for b in parsed.blocks)
    assert parsed.format == "txt" and parsed.title is None


def test_words_bullets_open_items_and_a_line_left_inside_brackets_runs_on(tmp_path: Path) -> None:
    """A PDF printed from Word gives its Symbol bullets as private-use characters ("\uf0b7")
    and its second-level bullets as "o": each opens an item, not a wrapped line. A line left
    inside brackets runs on into the next, whatever that one opens with."""
    text = (
        "\uf0b7 2017/18 Financials approved \u2013 B. Munro (motion), C. Dallas (second)\n"
        "o In 2017, the SSA received $239,503 out of $242,994 in expected taxes\n"
        "o In 2017, the SSA spent $210,783 of its $246,394 budget\n"
        "o Others Present: Ryan Warsing (LSRCC), Sean Cooper (LSRCC), Kimberly Bares (PLACE\n"
        "Consulting), Jeremy Barndt (PLACE)\n"
        "\uf0a7 New Business\n"
        "once the hall was booked the committee met there and agreed the hire charge for the year\n"
    )
    parsed = parse_paper(write(tmp_path, "ssa.txt", text), LIMIT)
    found = paragraphs(parsed)
    assert found[:3] == [
        "\uf0b7 2017/18 Financials approved \u2013 B. Munro (motion), C. Dallas (second)",
        "o In 2017, the SSA received $239,503 out of $242,994 in expected taxes",
        "o In 2017, the SSA spent $210,783 of its $246,394 budget",
    ]
    assert "Kimberly Bares (PLACE Consulting), Jeremy Barndt (PLACE)" in found[3]
    assert found[4] == "\uf0a7 New Business"
    items = [b.item for b in parsed.blocks]
    assert items[:5] == [True] * 5 and not items[5]  # "once ..." opens no item


def test_a_line_ending_on_a_word_no_sentence_ends_on_wraps_onto_a_capital(tmp_path: Path) -> None:
    """Printed minutes break lines anywhere: "will be reported to Cabinet in" / "March", "the
    sad passing of Mr" / "Matthew Balfour", a list of names after a first name ("Mr Jeremy" /
    "Kite, MBE"). A list item's closing "; and" still ends its item."""
    text = (
        "The final share of retained business rates has not been received and will be reported "
        "to Cabinet in\n"
        "March as has become common practice in recent years, the report to Cabinet said.\n"
        "With great regret the Chairman advised Members of the sad passing of Mr\n"
        "Matthew Balfour and said tributes would be heard at the March County Council.\n"
        "a) that the reserve of the council be approved as set out in the report; and\n"
        "(3) Miss Carey declared a pecuniary interest that she was a Trustee of the\n"
        "Turner Contemporary and would leave the Chamber during any relevant discussions.\n"
        "Mr Baker, Mr Baldock, Mr Bartlett, Mr Beaney, Mrs Bell, Mrs Binks, Mr Bond, Mr\n"
        "Booth, Mr Brady, Mr Brazier, Mr Campkin, Miss Carey, Sir Paul Carter, CBE, Mrs\n"
        "Chandler, Mr Chard and Mr Chittenden.\n"
        "The Manager reported apologies from Mr Tom Cannon, Mr Derek Crow-Brown, Mr Jeremy\n"
        "Kite, MBE, Mr Thomas Mallon, Mrs Margot McArthur and Mr Mike Sole, with regret.\n"
        "Mr Baldock, Mr Brady, Mr Campkin, Ms Constantine, Ms Dawkins, Ms Grehan, Dr Sullivan\n"
        "Against (42)\n"
        "The names of all persons signing the candidates' nomination papers are shown as\n"
        "BRADSHAW\n"
        "The committee considered the revenue budget monitoring report for the quarter.\n"
    )
    parsed = parse_paper(write(tmp_path, "minutes.txt", text), LIMIT)
    found = paragraphs(parsed)
    assert any("reported to Cabinet in March as has become" in p for p in found)
    assert any("the sad passing of Mr Matthew Balfour and said" in p for p in found)
    assert "a) that the reserve of the council be approved as set out in the report; and" in found
    assert any("a Trustee of the Turner Contemporary and would leave" in p for p in found)
    assert any("Mr Bond, Mr Booth, Mr Brady" in p and "Mrs Chandler, Mr Chard" in p for p in found)
    assert any("Mr Jeremy Kite, MBE, Mr Thomas Mallon" in p for p in found)  # one name, one line
    assert "Against (42)" in found  # a vote's label after its list of names is no name
    assert "BRADSHAW" in found  # a word in capitals opens a table's cell or a heading


def test_a_line_ending_on_a_comma_an_initial_or_a_hyphen_runs_on(tmp_path: Path) -> None:
    """Agendas and reports break a roll call after "Paul C." or a comma, and a year range after
    its hyphen; each runs on (the hyphen with no space). "adopt Option B." still ends its line."""
    text = (
        "Council Members: Alejandra Avila, Monica Garcia, Paul C.\n"
        "Hernandez, Mayor Pro Tem Daniel Damian, and Mayor Emmanuel J.\n"
        "Estrada\n"
        "3. Swearing in and Seating of Newly Elected Council Members David Bradley,\n"
        "Barbara Ferraro and Paul Seo\n"
        "The financial challenges are critical. KCC needs to deliver £108.8m (2024-\n"
        "25 published Medium Term Financial Plan) of savings over the next two years.\n"
        "After a long debate on the three options the committee agreed to adopt Option B.\n"
        "Members then turned to the next item on the agenda, the review of the grants.\n"
    )
    found = paragraphs(parse_paper(write(tmp_path, "agenda.txt", text), LIMIT))
    assert any("Paul C. Hernandez, Mayor Pro Tem" in p for p in found)
    assert any("Mayor Emmanuel J. Estrada" in p for p in found)
    assert any("David Bradley, Barbara Ferraro and Paul Seo" in p for p in found)
    assert any("£108.8m (2024-25 published Medium Term" in p for p in found)
    assert any(p.endswith("adopt Option B.") for p in found)


def test_a_full_line_ending_on_a_numbered_label_runs_on(tmp_path: Path) -> None:
    """Kent's printed minutes break "as the Section 151" / "Officer, provided", and a date after
    its day ("to 31" / "March 2025"): each runs on. A year, a short row ending on a number, and
    a line opening with a number still end their lines."""
    text = (
        "(1) Mr John Betts, Interim Corporate Director Finance, as the Section 151\n"
        "Officer, provided an overview of the Section 25 Assurance Statement.\n"
        "The Household Support Fund was extended for six months from 30 September 2024 to 31\n"
        "March 2025 in the Chancellor's statement.\n"
        "Minutes of the meeting of the Cabinet held on Thursday 30 January 2025\n"
        "Present: Mr R Gough (Chairman), Mrs C Bell and Mr P Oakford.\n"
        "Cllr D Allan 715\n"
        "Cllr L Allen 715\n"
        "Park and Park Woods are shown on the Ordnance Survey Drawing 149 of 1805\n"
        "3.3.4 Lockleys: a manor by 1303.\n"
    )
    found = paragraphs(parse_paper(write(tmp_path, "minutes.txt", text), LIMIT))
    assert any("as the Section 151 Officer, provided an overview" in p for p in found)
    assert any("to 31 March 2025 in the Chancellor's" in p for p in found)
    assert "Present: Mr R Gough (Chairman), Mrs C Bell and Mr P Oakford." in found
    assert "Cllr D Allan 715" in found and "Cllr L Allen 715" in found
    assert "3.3.4 Lockleys: a manor by 1303." in found


def test_a_date_or_a_sum_broken_across_lines_runs_on(tmp_path: Path) -> None:
    """Sutton Coldfield's minutes break "scheduled for Tues 12th" / "June 2018", Halton's notice
    "on Thursday 2 May" / "2019,", Kent's pack
    "reduced from £250m to around" / "£15.7m.": each runs on. A row ending on a figure before a
    month, and a line ending on a capital before a sum, still end their lines."""
    text = (
        "The next Amenities, Leisure & Community Service Committee meeting has been scheduled "
        "for Tues 12th\n"
        "June 2018 at the Town Hall.\n"
        "1. A poll for the election of a Borough Councillor for Beechwood will be held on "
        "Thursday 2 May\n"
        "2019, between the hours of 7:00 am and 10:00 pm.\n"
        "Since 2013-14 the Council's Revenue Support Grant has been reduced from £250m to around\n"
        "£15.7m. During that period inflation rose by over 35%.\n"
        "Households placed in bed and breakfast accommodation at the end of the quarter: 0\n"
        "December 2022 households in temporary accommodation: 238\n"
        "Capital programme for the coming financial year, by directorate and Total\n"
        "£000s for each line of the programme below.\n"
    )
    found = paragraphs(parse_paper(write(tmp_path, "minutes.txt", text), LIMIT))
    assert any("scheduled for Tues 12th June 2018 at the Town Hall." in p for p in found)
    assert any("from £250m to around £15.7m. During" in p for p in found)
    assert any("on Thursday 2 May 2019, between the hours" in p for p in found)
    assert "December 2022 households in temporary accommodation: 238" in found
    assert any(p.startswith("£000s for each line") for p in found)


def test_a_signature_s_name_and_office_are_one_line(tmp_path: Path) -> None:
    """Halton's notice signs "Dated Wednesday 24 April 2019 David Parr" over "Returning Officer",
    an agenda "Marlen Garcia" over "City Clerk": each is one line, so "who was the Returning
    Officer?" finds the name beside the office. A heading over an office ("City Council" /
    "Mayor"), a name over a list's heading ("Councillors"), and a name over someone else's
    ("Suja Lowenthal, City Manager") are left apart."""
    text = (
        "Dated Wednesday 24 April 2019 David Parr\n"
        "Returning Officer\n\n"
        "Marlen Garcia\n"
        "City Clerk\n\n"
        "City Council\n"
        "Mayor\n\n"
        "Charlotte Hodivala\n"
        "Councillors\n\n"
        "Patrick Donegan\n"
        "Suja Lowenthal, City Manager\n"
    )
    found = paragraphs(parse_paper(write(tmp_path, "notice.txt", text), LIMIT))
    assert "Dated Wednesday 24 April 2019 David Parr Returning Officer" in found
    assert "Marlen Garcia City Clerk" in found
    for alone in ("City Council", "Mayor", "Charlotte Hodivala", "Councillors", "Patrick Donegan"):
        assert alone in found


def test_windows_1252_pound_and_curly_quotes(tmp_path: Path) -> None:
    data = b"Cabinet approved \xa311.49m for \x93children\x94\x92s services.\n"
    parsed = parse_paper(write(tmp_path, "old.txt", data), LIMIT)
    assert parsed.text == "Cabinet approved £11.49m for “children”’s services."


def test_utf8_bom_and_utf16_bom(tmp_path: Path) -> None:
    bom = parse_paper(write(tmp_path, "bom.txt", "\ufeffFunding of £5m.".encode()), LIMIT)
    assert bom.text == "Funding of £5m."
    utf16 = parse_paper(write(tmp_path, "u16.txt", "Funding of £6.49m.".encode("utf-16")), LIMIT)
    assert utf16.text == "Funding of £6.49m."


def test_control_characters_and_escape_sequences_stripped(tmp_path: Path) -> None:
    raw = (
        "\x1b]0;evil title\x07\x1b[31mRed\x1b[0m alert\x07 about\x00 the \u202ebudget\u202c.\r\n"
        "Second\x1b line\x9b2J here\x7f.\rThird \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ text.\n"
    )
    parsed = parse_paper(
        write(tmp_path, "ctl.txt", raw.encode("utf-8").replace(b"\x00", b"")), LIMIT
    )
    assert_valid_blocks(parsed)
    assert paragraphs(parsed) == [
        "Red alert about the budget.",
        "Second line here.",
        "Third link text.",
    ]
    assert not any(ord(ch) < 32 and ch != "\n" for ch in parsed.text)


def test_html_title_control_characters_stripped(tmp_path: Path) -> None:
    page = "<title>\x1b[1mBudget\x1b[0m \u2066report\u2069</title><p>Text\x1b[2K here.</p>"
    parsed = parse_paper(write(tmp_path, "t.html", page), LIMIT)
    assert parsed.title == "Budget report"
    assert parsed.text == "Text here."


# --- web furniture ----------------------------------------------------------------------------


def test_seed_001_forum_furniture_gone(tmp_path: Path) -> None:
    parsed = parse_paper(CORPUS / "001-forum-post-remaining-funding-approved.txt", LIMIT)
    assert_valid_blocks(parsed)
    for furniture in (
        "Jump to content",
        "Recommended Posts",
        "Link to comment",
        "Share on other sites",
        "Join the conversation",
        "register later",
        "moderator approval",
        "Reply to this topic",
        "Pasted as rich text",
        "emoji",
        "automatically embedded",
        "previous content",
        "paste images",
        "Create New",
    ):
        assert furniture not in parsed.text
    assert "Cabinet approved the use of £6.49m funding" in parsed.text
    assert parsed.text.endswith("family-friendly environment.”")


def test_seed_004_news_furniture_gone(tmp_path: Path) -> None:
    parsed = parse_paper(CORPUS / "004-news-improvement-plan.txt", LIMIT)
    for furniture in ("Follow BBC", "story ideas", "Related topics", "Published"):
        assert furniture not in parsed.text
    assert (
        paragraphs(parsed)[0] == "Herefordshire Council plan to improve failing children's services"
    )
    assert paragraphs(parsed)[-1].startswith("She is due to report to Education Secretary")


def test_general_furniture_rules_keep_real_sentences(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "Skip to main content",
            "We use cookies to make this website work. Accept all cookies",
            "Sign in / Register",
            "Council tax support scheme 2023",
            "The cookie policy on the council website was reviewed by the audit committee.",
            "Residents can share their views on the scheme until 31 January 2023.",
            "Share this page",
            "Print this page",
            "Back to top",
            "Page 2 of 3",
            "Posted by Admin on 3 January 2023",
            "Report post",
            "Copyright Anytown Council 2023",
            "All rights reserved.",
            "Download PDF",
            "Follow us on Twitter and Facebook",
            "The scheme will be reviewed next year.",
            "More on this story",
            "Council tax rise agreed",
            "Bin collections change",
        ]
    )
    kept = paragraphs(parse_paper(write(tmp_path, "page.txt", text), LIMIT))
    assert kept == [
        "Council tax support scheme 2023",
        "The cookie policy on the council website was reviewed by the audit committee.",
        "Residents can share their views on the scheme until 31 January 2023.",
        "The scheme will be reviewed next year.",
    ]


def test_tail_rule_needs_only_short_lines_after_the_marker(tmp_path: Path) -> None:
    text = (
        "Opening paragraph of the article.\n"
        "Related articles\n"
        "This long paragraph after the marker is real content and must stay in the paper text.\n"
    )
    kept = paragraphs(parse_paper(write(tmp_path, "a.txt", text), LIMIT))
    assert kept[-1].startswith("This long paragraph")


# --- HTML ------------------------------------------------------------------------------------

HTML_PAGE = """<!doctype html>
<html><head><meta charset="windows-1252"><title>Cabinet decision – funding</title>
<script>var tracking = "Cabinet approved";</script><style>p { color: red }</style></head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<div id="cookie-banner"><p>We use cookies on this site.</p><button>Accept</button></div>
<header><nav><ul><li>Home</li><li>Council</li></ul></nav></header>
<div class="breadcrumbs">Home &gt; Council &gt; News</div>
<main>
  <h1>Funding approved</h1>
  <p class="lede">Cabinet approved £6.49m
     for children's services.</p>
  <h2>Background</h2>
  <p>The first tranche was <b>£5m</b>.<br>The cookie budget is separate.</p>
  <ul><li>Item one</li><li><p>Item two</p></li></ul>
  <table><tr><th>Tranche</th><td>£5m</td></tr></table>
  <div class="share-buttons">Share on Facebook</div>
  <aside>Related stories</aside>
  <h3>Next steps</h3><div>Progress is reported quarterly.</div>
</main>
<footer><p>Copyright 2022 Herefordshire Council</p></footer>
</body></html>"""


def test_html_main_content_sections_and_title(tmp_path: Path) -> None:
    path = write(tmp_path, "decision.HTM", HTML_PAGE.encode("cp1252"))
    parsed = parse_paper(path, LIMIT)
    assert_valid_blocks(parsed)
    assert parsed.title == "Cabinet decision – funding" and parsed.format == "html"
    texts = paragraphs(parsed)
    assert texts == [
        "Funding approved",
        "Cabinet approved £6.49m for children's services.",
        "Background",
        "The first tranche was £5m.",
        "The cookie budget is separate.",
        "Item one",
        "Item two",
        "Tranche",
        "£5m",
        "Next steps",
        "Progress is reported quarterly.",
    ]
    for furniture in ("tracking", "color", "Skip", "We use cookies", "Accept", "Home", "Share"):
        assert furniture not in parsed.text
    sections = {texts[i]: b.section for i, b in enumerate(parsed.blocks)}
    assert sections["Funding approved"] == ("Funding approved",)
    assert sections["The first tranche was £5m."] == ("Funding approved", "Background")
    assert sections["Progress is reported quarterly."] == (
        "Funding approved",
        "Background",
        "Next steps",
    )


def test_html_without_main_uses_body_and_first_h1(tmp_path: Path) -> None:
    page = "<body><nav>Menu</nav><h1>Scrutiny</h1><p>Text one.</p><div>Text <i>two</i>.</div>"
    parsed = parse_paper(write(tmp_path, "s.html", page), LIMIT)
    assert parsed.title == "Scrutiny"
    assert paragraphs(parsed) == ["Scrutiny", "Text one.", "Text two."]


def test_html_content_root_never_inside_furniture(tmp_path: Path) -> None:
    page = (
        '<body><div id="cookie-notice"><div class="content">We bake cookies for you</div></div>'
        '<section aria-label="Breadcrumb">Home / News</section>'
        "<p>The leader said the council would publish its plan.</p>"
        '<p hidden>Hidden text</p><div style="display:none">Invisible text</div></body>'
    )
    parsed = parse_paper(write(tmp_path, "r.html", page), LIMIT)
    assert parsed.text == "The leader said the council would publish its plan."


def test_html_meta_date(tmp_path: Path) -> None:
    page = '<head><meta property="article:published_time" content="2022-12-05T10:00:00Z"></head>'
    parsed = parse_paper(write(tmp_path, "d.html", page + "<p>Plan.</p>"), LIMIT)
    assert parsed.date == "2022-12-05"


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_headings_give_sections(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Budget briefing\ndate: 2023-02-01\n---\n"
        "# Budget 2023\n\nIntro with *emphasis* and a [link](http://example.org).\n\n"
        "## Savings\n\n- First saving of £1.2m\n- Second saving\n\n"
        "| Item | Cost |\n|---|---|\n| Roads | £3m |\n\n"
        "### Detail\n\nOne line.\nAnother line.\n\n"
        "## Risks\n\n```\ncode line\n```\n"
    )
    parsed = parse_paper(write(tmp_path, "brief.md", text), LIMIT)
    assert_valid_blocks(parsed)
    assert (parsed.title, parsed.date, parsed.format) == ("Budget briefing", "2023-02-01", "md")
    got = [(parsed.text[b.start : b.end], b.section) for b in parsed.blocks]
    assert got == [
        ("Budget 2023", ("Budget 2023",)),
        ("Intro with emphasis and a link.", ("Budget 2023",)),
        ("Savings", ("Budget 2023", "Savings")),
        ("First saving of £1.2m", ("Budget 2023", "Savings")),
        ("Second saving", ("Budget 2023", "Savings")),
        ("Item | Cost", ("Budget 2023", "Savings")),
        ("Roads | Cost: £3m", ("Budget 2023", "Savings")),
        ("Detail", ("Budget 2023", "Savings", "Detail")),
        ("One line.", ("Budget 2023", "Savings", "Detail")),
        ("Another line.", ("Budget 2023", "Savings", "Detail")),
        ("Risks", ("Budget 2023", "Risks")),
        ("code line", ("Budget 2023", "Risks")),
    ]


# --- PDF -------------------------------------------------------------------------------------


def make_pdf(path: Path, pages: list[list[str]], title: str | None = None) -> Path:
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_creation_date(datetime.datetime(2022, 3, 31, tzinfo=datetime.UTC))
    pdf.set_font("Helvetica", size=11)
    for paragraphs_on_page in pages:
        pdf.add_page()
        for paragraph in paragraphs_on_page:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(4)
    pdf.output(str(path))
    return path


def test_pdf_pages_title_and_date(tmp_path: Path) -> None:
    long = (
        "The cabinet member introduced the report on the transformation of children's "
        "services and the drawdown from the financial resilience reserve in two tranches."
    )
    path = make_pdf(
        tmp_path / "report.PDF",
        [[long, "It costs £5m. Dr Smith agreed."], ["Page two has the decision."]],
        title="Transformation report",
    )
    parsed = parse_paper(path, LIMIT)
    assert_valid_blocks(parsed)
    assert (parsed.title, parsed.date, parsed.format) == (
        "Transformation report",
        "2022-03-31",
        "pdf",
    )
    got = [(parsed.text[b.start : b.end], b.page) for b in parsed.blocks]
    assert got == [
        (long, 1),
        ("It costs £5m. Dr Smith agreed.", 1),
        ("Page two has the decision.", 2),
    ]


def test_pdf_without_text_is_refused(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    pdf.output(str(tmp_path / "scan.pdf"))
    assert one_line_error(tmp_path / "scan.pdf") == "no text could be extracted (scanned PDF?)"


def test_pdf_truncated_and_encrypted_are_refused(tmp_path: Path) -> None:
    good = make_pdf(tmp_path / "good.pdf", [["Some text here."]])
    write(tmp_path, "cut.pdf", good.read_bytes()[:200])
    assert one_line_error(tmp_path / "cut.pdf")
    write(tmp_path, "junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4)
    assert one_line_error(tmp_path / "junk.pdf")
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica")
    pdf.cell(0, 10, "Confidential")
    pdf.output(str(tmp_path / "locked.pdf"))
    assert "password" in one_line_error(tmp_path / "locked.pdf")


def test_pdf_size_limits(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "big.pdf", [["Word " * 400]] * 3)
    message = one_line_error(path, limit=300)
    assert "over the" in message and "BRIEFBOT_MAX_PAPER_MB" in message
    assert message.startswith(("file is", "extracted text is"))
    size = path.stat().st_size
    assert one_line_error(path, limit=size // 5).startswith("extracted text is")


# --- DOCX ------------------------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Scrutiny briefing"
    document.core_properties.created = datetime.datetime(2022, 12, 13, 9, 0)
    document.add_heading("Children's services", level=1)
    document.add_paragraph("The committee met on 13 December 2022.")
    document.add_heading("Finance", level=2)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Tranche", "Amount"
    table.cell(1, 0).text, table.cell(1, 1).text = "First", "£5m"
    document.add_paragraph("After the table.")
    document.add_heading("Next steps", level=1)
    document.add_paragraph("Report back quarterly.")
    document.save(str(path))
    return path


def test_docx_headings_tables_and_properties(tmp_path: Path) -> None:
    parsed = parse_paper(make_docx(tmp_path / "brief.DOCX"), LIMIT)
    assert_valid_blocks(parsed)
    assert (parsed.title, parsed.date, parsed.format) == ("Scrutiny briefing", "2022-12-13", "docx")
    got = [(parsed.text[b.start : b.end], b.section) for b in parsed.blocks]
    assert got == [
        ("Children's services", ("Children's services",)),
        ("The committee met on 13 December 2022.", ("Children's services",)),
        ("Finance", ("Children's services", "Finance")),
        ("Tranche | Amount", ("Children's services", "Finance")),
        ("First | Amount: £5m", ("Children's services", "Finance")),
        ("After the table.", ("Children's services", "Finance")),
        ("Next steps", ("Next steps",)),
        ("Report back quarterly.", ("Next steps",)),
    ]


def test_docx_template_date_is_not_the_papers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Minutes of the meeting held on 24 November 2022.")
    document.save(str(tmp_path / "plain.docx"))
    parsed = parse_paper(tmp_path / "plain.docx", LIMIT)
    assert parsed.date is None and parsed.title is None
    assert read_meta(tmp_path / "plain.docx", parsed).date == "2022-11-24"


def test_corrupt_docx_is_refused(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx").read_bytes()
    write(tmp_path, "cut.docx", good[: len(good) // 2])
    assert "DOCX" in one_line_error(tmp_path / "cut.docx")
    with zipfile.ZipFile(tmp_path / "nodoc.docx", "w") as archive:
        archive.writestr("hello.txt", "not a word file")
    assert one_line_error(tmp_path / "nodoc.docx")
    write(tmp_path, "text.docx", "just text pretending")
    assert one_line_error(tmp_path / "text.docx")


# --- tables set out as rows -----------------------------------------------------------------

HEADED = (
    "June 2023 | Total households: 341 | Of which families with children: 142 | Of which in B&B: 12"
)


def quoted(parsed: PaperText, row: str) -> bool:
    """Whether a row is one sentence of the paper, as the answerer would quote it: its span of
    the paper's text is the row, word for word."""
    spans = paper_sentences(parsed.text, parsed.blocks)
    return any(parsed.text[start:end] == row for start, end, _ in spans)


def test_a_pipe_table_s_rows_are_written_with_their_headings(tmp_path: Path) -> None:
    text = (
        "4. The number of households in temporary accommodation at the end of each quarter was:\n"
        "Quarter end | Total households | Of which families with children | Of which in B&B\n"
        "June 2022 | 174 | 62 | 0\n"
        "June 2023 | 341 | 142 | 12\n"
        "September 2023 | 428 |  | 39\n"
        "5. Families in bed and breakfast accommodation must not stay for more than six weeks.\n"
    )
    parsed = parse_paper(write(tmp_path, "leeds.txt", text), LIMIT)
    assert_valid_blocks(parsed)
    assert paragraphs(parsed)[1:5] == [
        "Quarter end | Total households | Of which families with children | Of which in B&B",
        "June 2022 | Total households: 174 | Of which families with children: 62"
        " | Of which in B&B: 0",
        HEADED,
        "September 2023 | Total households: 428 | Of which in B&B: 39",
    ]
    assert paragraphs(parsed)[0].startswith("4. The number") and len(parsed.blocks) == 6
    assert quoted(parsed, HEADED)


def test_a_markdown_table_s_rows_are_written_with_their_headings(tmp_path: Path) -> None:
    text = (
        "## Medium-term gap\n\n"
        "| | 2025/26 (£m) | 2026/27 (£m) |\n|---|---|---|\n"
        "| Spending pressures | 58.7 | 30.4 |\n"
        "| Budget gap before savings | | 15.3 |\n"
    )
    parsed = parse_paper(write(tmp_path, "mtfs.md", text), LIMIT)
    assert_valid_blocks(parsed)
    row = "Spending pressures | 2025/26 (£m): 58.7 | 2026/27 (£m): 30.4"
    assert paragraphs(parsed) == [
        "Medium-term gap",
        "2025/26 (£m) | 2026/27 (£m)",
        row,
        "Budget gap before savings | 2026/27 (£m): 15.3",
    ]
    assert parsed.blocks[2].section == ("Medium-term gap",)
    assert quoted(parsed, row)


def word_table(document: Any, rows: list[list[str]]) -> Any:
    """A Word table holding the rows' texts, a cell each."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for number, cells in enumerate(rows):
        for column, text in enumerate(cells):
            table.cell(number, column).text = text
    return table


def test_a_word_table_s_rows_are_written_with_their_headings(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("The funding of the scheme is set out below.")
    table = word_table(
        document,
        [
            ["Funding source", "2024/25", "", "Total"],
            ["Council capital", "£2.9m", "£2.4m", "£5.3m"],
            ["Sport Wales grant", "£0.6m", "", "£0.6m"],
        ],
    )
    table.cell(0, 1).merge(table.cell(0, 2))  # "2024/25" over two columns
    document.save(str(tmp_path / "leisure.docx"))
    parsed = parse_paper(tmp_path / "leisure.docx", LIMIT)
    assert_valid_blocks(parsed)
    row = "Council capital | 2024/25: £2.9m | 2024/25: £2.4m | Total: £5.3m"
    assert paragraphs(parsed)[1:] == [
        "Funding source | 2024/25 | Total",
        row,
        "Sport Wales grant | 2024/25: £0.6m | Total: £0.6m",
    ]
    assert quoted(parsed, row)


def test_a_web_page_s_table_rows_are_written_with_their_headings(tmp_path: Path) -> None:
    page = """<main><h2>Financial implications</h2>
<table class="budget"><caption>Funding of the scheme</caption>
<thead><tr><th>Funding source</th><th>March 2022 (£m)</th><th>May 2024 (£m)</th></tr></thead>
<tbody><tr><td>Levelling Up Fund</td><td>6.20</td><td>6.20</td></tr>
<tr><td>Council <b>borrowing</b></td><td>3.80</td><td>5.30</td></tr></tbody></table>
<table class="decision-details"><tr><th>Decision maker</th><td>Cabinet</td></tr>
<tr><th>Decision date</th><td>20 June 2024</td></tr></table></main>"""
    parsed = parse_paper(write(tmp_path, "report.html", page), LIMIT)
    assert_valid_blocks(parsed)
    row = "Council borrowing | March 2022 (£m): 3.80 | May 2024 (£m): 5.30"
    assert paragraphs(parsed) == [
        "Financial implications",
        "Funding of the scheme",
        "Funding source | March 2022 (£m) | May 2024 (£m)",
        "Levelling Up Fund | March 2022 (£m): 6.20 | May 2024 (£m): 6.20",
        row,
        "Decision maker",  # a record's fields, not a table with a header row: as before
        "Cabinet",
        "Decision date",
        "20 June 2024",
    ]
    assert parsed.blocks[4].section == ("Financial implications",)
    assert quoted(parsed, row)


def test_a_cell_merged_down_rows_labels_each_row_it_spans(tmp_path: Path) -> None:
    """A label merged down two rows (a web page's rowspan, Word's vMerge) stands in each row
    written with its headings, and pushes the rows' other cells to their own columns; a Word
    row that leaves its first grid columns empty (gridBefore) puts its cells under theirs."""
    page = """<main><table><tr><th>Service</th><th>Year</th><th>Budget</th></tr>
<tr><td rowspan="2">Adults</td><td>2024-25</td><td>£5.0m</td></tr>
<tr><td>2025-26</td><td>£5.1m</td></tr>
<tr><td>Children</td><td>2025-26</td><td>£3.0m</td></tr></table></main>"""
    parsed = parse_paper(write(tmp_path, "budget.html", page), LIMIT)
    assert_valid_blocks(parsed)
    row = "Adults | Year: 2025-26 | Budget: £5.1m"
    assert paragraphs(parsed) == [
        "Service | Year | Budget",
        "Adults | Year: 2024-25 | Budget: £5.0m",
        row,
        "Children | Year: 2025-26 | Budget: £3.0m",
    ]
    assert quoted(parsed, row)

    document = docx.Document()
    table = word_table(
        document,
        [
            ["Service", "Year", "Budget"],
            ["Adults", "2024-25", "£5.0m"],
            ["", "2025-26", "£5.1m"],
            ["", "2025-26", "£3.0m"],
        ],
    )
    table.cell(1, 0).merge(table.cell(2, 0))  # "Adults" merged down two rows
    last = table.rows[3]._tr  # a row whose first grid column is left empty
    last.remove(last.tc_lst[0])
    properties = last.get_or_add_trPr()
    properties.append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))
    document.save(str(tmp_path / "budget.docx"))
    parsed = parse_paper(tmp_path / "budget.docx", LIMIT)
    assert paragraphs(parsed) == [
        "Service | Year | Budget",
        "Adults | Year: 2024-25 | Budget: £5.0m",
        row,
        "Year: 2025-26 | Budget: £3.0m",
    ]


def test_tables_without_a_header_row_are_left_as_they_are(tmp_path: Path) -> None:
    """A pipe table whose first line is figures, a vote's lists of names, a one-column table,
    a Word table of a record's fields: their rows read as they did, with no headings."""
    text = "June 2022 | 174 | 62\nJune 2023 | 341 | 142\n"
    parsed = parse_paper(write(tmp_path, "figures.txt", text), LIMIT)
    assert paragraphs(parsed) == ["June 2022 | 174 | 62", "June 2023 | 341 | 142"]
    text = (
        "|Yeas:|Recuse:|Absent:|\n|-|-|-|\n|Mayor J. Morgan|H. McAlister|S. Lewis|\n"
        "|A. Hopkins|||\n\n| Ward |\n|---|\n| Abbey |\n"
    )
    parsed = parse_paper(write(tmp_path, "vote.md", text), LIMIT)
    assert paragraphs(parsed) == [
        "Yeas: | Recuse: | Absent:",  # a vote's lists of names, not headings of columns
        "Mayor J. Morgan | H. McAlister | S. Lewis",
        "A. Hopkins",
        "Ward",
        "Abbey",
    ]
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Report of", "Director of Finance"
    table.cell(1, 0).text, table.cell(1, 1).text = "Wards affected", "All"
    document.save(str(tmp_path / "cover.docx"))
    parsed = parse_paper(tmp_path / "cover.docx", LIMIT)
    assert paragraphs(parsed) == ["Report of | Director of Finance", "Wards affected | All"]


# --- bad files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["e.txt", "e.md", "e.html", "e.pdf", "e.docx"])
def test_empty_files(tmp_path: Path, name: str) -> None:
    assert one_line_error(write(tmp_path, name, b"")) == "empty file"


@pytest.mark.parametrize("name", ["b.txt", "b.md", "b.html"])
def test_binary_junk(tmp_path: Path, name: str) -> None:
    junk = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    assert one_line_error(write(tmp_path, name, junk)) == "not a text file (binary data)"


def test_whitespace_only_and_furniture_only_have_no_text(tmp_path: Path) -> None:
    assert one_line_error(write(tmp_path, "w.txt", " \n\t\n ")) == "no text found"
    assert one_line_error(write(tmp_path, "f.txt", "Skip to content\nShare this page")) == (
        "no text found"
    )


def test_unsupported_suffix(tmp_path: Path) -> None:
    assert one_line_error(write(tmp_path, "sheet.xlsx", b"x")) == "unsupported file type .xlsx"


def test_text_over_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "Budget line.\n" * 2000)
    message = one_line_error(path, limit=1000)
    assert message.startswith("file is ") and "MB limit" in message
    assert "BRIEFBOT_MAX_PAPER_MB" in message


# --- metadata ------------------------------------------------------------------------------------


def test_sidecar_wins_field_by_field(tmp_path: Path) -> None:
    path = write(tmp_path, "2021-01-05-notes.txt", "Minutes of Cabinet\nPresent: all.\n")
    write(tmp_path, "2021-01-05-notes.txt.meta.toml", 'title = "Cabinet"\ndate = 2022-03-31\n')
    paper = load_paper(path, "2021-01-05-notes.txt", LIMIT)
    assert paper.meta.title == "Cabinet" and paper.meta.date == "2022-03-31"
    assert paper.meta.doc_type == "minutes"  # not in the sidecar: inferred
    assert len(paper.sha256) == 64 and paper.id == paper_id("2021-01-05-notes.txt")


def test_sidecar_text_is_cleaned(tmp_path: Path) -> None:
    path = write(tmp_path, "c.txt", "Text.")
    write(tmp_path, "c.txt.meta.toml", 'title = "\\u001b[31mRed\\u001b[0m title"\npublisher = ""')
    meta = read_meta(path, parse_paper(path, LIMIT))
    assert meta.title == "Red title" and meta.publisher is None


def test_sidecar_keeps_date_precision(tmp_path: Path) -> None:
    path = write(tmp_path, "n.txt", "News on 1 May 2022.")
    write(tmp_path, "n.txt.meta.toml", 'date = "2022-04"\ndoc_type = "news"\ncommittee = "Cabinet"')
    meta = read_meta(path, parse_paper(path, LIMIT))
    assert (meta.date, meta.doc_type, meta.committee) == ("2022-04", "news", "Cabinet")


@pytest.mark.parametrize(
    ("sidecar", "problem"),
    [
        ('title = "unclosed', "invalid TOML"),
        ("title = 42", "title must be a string"),
        ('date = "31/02/2022"', "31/02/2022"),
        ('date = "2022-02-31"', "2022-02-31"),
        ('meeting_date = "2022-13"', "2022-13"),
        ('doc_type = "memo"', "memo"),
    ],
)
def test_malformed_sidecars(tmp_path: Path, sidecar: str, problem: str) -> None:
    path = write(tmp_path, "p.txt", "Some text.")
    write(tmp_path, "p.txt.meta.toml", sidecar)
    with pytest.raises(PaperError) as caught:
        load_paper(path, "p.txt", LIMIT)
    message = str(caught.value)
    assert message.startswith("p.txt.meta.toml: ") and problem in message and "\n" not in message


@pytest.mark.parametrize(
    ("named", "doc_type"),
    [
        ("decision", "minutes"),
        ("Record of Decision", "minutes"),
        ("Press release", "press_release"),
        ("press-release", "press_release"),
        ("MINUTES", "minutes"),
        ("Committee report", "report"),
        ("agenda", "other"),
    ],
)
def test_a_sidecar_may_name_the_type_as_clerks_do(
    tmp_path: Path, named: str, doc_type: str
) -> None:
    """A clerk's "decision" or "Press release" is read as the type it names; a Powys record of
    decision was refused whole for its sidecar's "decision". A name that is no type ("memo")
    is still refused with the types it may be."""
    path = write(tmp_path, "p.txt", "Some text.")
    write(tmp_path, "p.txt.meta.toml", f'doc_type = "{named}"')
    assert load_paper(path, "p.txt", LIMIT).meta.doc_type == doc_type


def test_inferred_title_and_dates(tmp_path: Path) -> None:
    path = write(tmp_path, "minutes_20220331.txt", "Skip to content\nCabinet decision\nNo date.")
    meta = read_meta(path, parse_paper(path, LIMIT))
    assert meta.title == "Cabinet decision" and meta.date == "2022-03-31"
    path = write(tmp_path, "2021-01-01-x.txt", "Held on Thursday 24 November 2022 at 2pm.")
    assert read_meta(path, parse_paper(path, LIMIT)).date == "2022-11-24"
    path = write(tmp_path, "x.txt", "Meeting of 24/11/2022.\nThen 2023-01-02.")
    assert read_meta(path, parse_paper(path, LIMIT)).date == "2022-11-24"
    path = write(tmp_path, "y.txt", "A" * 300)
    meta = read_meta(path, parse_paper(path, LIMIT))
    assert meta.date is None and len(meta.title) <= 121


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (  # the minutes' own heading, however long a line the clerk set it on
            "KENT COUNTY COUNCIL\n\nMINUTES of a meeting of the County Council held in the Council "
            "Chamber, Sessions House, County Hall, Maidstone on Thursday, 13 February 2025\n\n"
            "286. Apologies for Absence\n\nThe Clerk reported apologies from Mr Hook.\n",
            "MINUTES of a meeting of the County Council held in the Council Chamber, Sessions",
        ),
        (  # a report's front sheet names its subject
            "From: Deputy Leader and Cabinet Member for Finance\n\nTo: Cabinet, 30 January 2025"
            "\n\nSubject: Revenue and Capital Budget Monitoring Report – November 2024-25\n\n"
            "1. Introduction\n\nThe forecast overspend is £19.3m.\n",
            "Revenue and Capital Budget Monitoring Report – November 2024-25",
        ),
        (  # a numbered item is a heading inside the paper, not its title
            "Milburn Parish Council - 6th November 2018\n\n18.11.1 Apologies\n\n"
            "Apologies were received from Cllr Moran.\n",
            "Milburn Parish Council - 6th November 2018",
        ),
    ],
)
def test_a_papers_title_is_what_its_opening_says_it_is(
    tmp_path: Path, text: str, title: str
) -> None:
    path = write(tmp_path, "paper.txt", text)
    assert read_meta(path, parse_paper(path, LIMIT)).title.startswith(title)


@pytest.mark.parametrize(
    ("title", "weak"),
    [
        ("Microsoft Word - Cabinet report v3.docx", True),
        ("Crystal Reports - GYGVTERL.RPT", True),  # a polling register's report tool
        ("TCC Budget 2018-19.numbers", True),  # a spreadsheet's file name, any program's
        ("Budget 2018-19 final.xlsx", True),
        ("Minutes of the Cabinet, 30 January 2025", False),
        ("Report of the Director of Children's Services (DCS)", False),
        ("Update on St. Mary's Church roof", False),
        ("Annual Governance Statement 2023/24 v2.1", False),
    ],
)
def test_a_title_naming_the_program_or_the_file_is_no_title(title: str, weak: bool) -> None:
    assert weak_title(title) is weak


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        (
            "Minutes of Cabinet\nPresent: Cllr A\nApologies: Cllr B\nRESOLVED: it is approved.",
            "minutes",
        ),
        (
            "Press release\nThe leader said: it is good.\nMedia enquiries: press office",
            "press_release",
        ),
        ("Council plan criticised\nPublished\nThe plan, external, said the BBC reporter.", "news"),
        ("Report to Cabinet\nExecutive summary\nRecommendations\nAppendix A", "report"),
        ("Briefing note for members\nThis note explains the plan.", "briefing"),
        ("A shopping list.\nEggs and milk.", "other"),
        (  # an agenda names the minutes it will approve and the apologies it will take
            "AGENDA REGULAR MEETING LOMITA CITY COUNCIL\n1. Roll call\n"
            "2. Approval of the minutes of the previous meeting\nAGENDA (continued)\n3. Reports",
            "other",
        ),
        (
            "You are hereby summoned to attend the Annual Meeting of the Parish Council to be "
            "held on 13 May 2015 at 7.30pm.\n\n1. Apologies for absence\n\n"
            "2. Minutes of the last meeting",
            "other",
        ),
        (  # minutes that name an agenda item are minutes still
            "Minutes of Cabinet\nPresent: Cllr A\nAgenda item 4: budget\nRESOLVED: approved.",
            "minutes",
        ),
    ],
)
def test_doc_type_cues(tmp_path: Path, text: str, doc_type: str) -> None:
    path = write(tmp_path, "paper.txt", text)
    assert read_meta(path, parse_paper(path, LIMIT)).doc_type == doc_type


# --- sentences and passages ------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_respect_amounts_abbreviations_and_initials() -> None:
    text = (
        "Cabinet approved £6.49m on 24 Nov. 2022 for Mr. Freeman's plan. The grant was £1.7m, "
        "e.g. for Cllr. J. Smith and Dr. Jones at 10 a.m. Tomorrow. "
        "“Is it enough?” he asked. It is! 3 teams will start."
    )
    assert sentences(text) == [
        "Cabinet approved £6.49m on 24 Nov. 2022 for Mr. Freeman's plan.",
        "The grant was £1.7m, e.g. for Cllr. J. Smith and Dr. Jones at 10 a.m. Tomorrow.",
        "“Is it enough?” he asked.",
        "It is!",
        "3 teams will start.",
    ]


def test_a_sentence_ends_after_a_figure_with_its_unit() -> None:
    """ "£1.7m." ends its sentence: the "m" is the figure's unit, not an initial."""
    assert sentences(
        "The DfE grant was £1.7m. Officers spent it. It cost £5m. Then 7pm. Done."
    ) == [
        "The DfE grant was £1.7m.",
        "Officers spent it.",
        "It cost £5m.",
        "Then 7pm.",
        "Done.",
    ]
    assert sentences("Mr J. Smith and M. Jones met.") == ["Mr J. Smith and M. Jones met."]


def test_sentences_paragraph_breaks_are_hard_and_spans_absolute() -> None:
    text = "xx First para without stop\n\nSecond para. more lowercase.  "
    spans = split_sentences(text, start=3)
    assert [text[s:e] for s, e in spans] == [
        "First para without stop",
        "Second para. more lowercase.",
    ]


def test_long_sentence_is_cut_into_windows() -> None:
    text = " ".join(f"w{i}" for i in range(1000))
    spans = split_sentences(text)
    assert len(spans) == 10 and all(len(text[s:e].split()) == 100 for s, e in spans)


def make_paper(parsed: PaperText, title: str = "Paper") -> Paper:
    meta = PaperMeta(title=title, date="2022-03", doc_type="minutes", committee="Cabinet")
    return Paper(id="abc", path="p.txt", meta=meta, text=parsed.text, blocks=parsed.blocks)


def assert_passage_invariants(paper: Paper, max_words: int, overlap: int) -> None:
    passages = cut_passages(paper, max_words=max_words, overlap_sentences=overlap)
    covered = [False] * len(paper.text)
    for number, passage in enumerate(passages):
        assert passage.id == f"{paper.id}:{number:05d}"
        assert passage.text == paper.text[passage.start : passage.end]
        assert len(passage.text.split()) <= max_words
        assert passage.paragraph_start <= passage.paragraph_end
        for index in range(passage.start, passage.end):
            covered[index] = True
    for block in paper.blocks:
        for start, end in split_sentences(paper.text, block.start, block.end):
            text = paper.text
            assert all(covered[i] for i in range(start, end) if not text[i].isspace())
    assert cut_passages(paper, max_words=max_words, overlap_sentences=overlap) == passages


def test_passages_group_sentences_with_overlap(tmp_path: Path) -> None:
    paper = load_paper(CORPUS / "003-cabinet-minutes-transformation-item.txt", "003.txt", LIMIT)
    passages = cut_passages(paper, max_words=60, overlap_sentences=1)
    assert_passage_invariants(paper, 60, 1)
    assert passages[0].title == paper.meta.title and passages[0].committee == "Cabinet"
    overlapping = sum(1 for a, b in zip(passages, passages[1:], strict=False) if b.start < a.end)
    assert overlapping >= len(passages) // 2
    for a, b in zip(passages, passages[1:], strict=False):
        assert b.start > a.start and b.end > a.end
    assert passages[0].locator.startswith("para")


def test_passages_never_cross_pages_or_sections(tmp_path: Path) -> None:
    parsed = parse_paper(make_docx(tmp_path / "b.docx"), LIMIT)
    paper = make_paper(parsed)
    for passage in cut_passages(paper, max_words=500):
        blocks = [b for b in paper.blocks if b.start < passage.end and b.end > passage.start]
        assert {b.section for b in blocks} == {passage.section}
    pdf = make_pdf(tmp_path / "p.pdf", [["One. Two."], ["Three. Four."]])
    paper = make_paper(parse_paper(pdf, LIMIT))
    assert [(p.text, p.page) for p in cut_passages(paper)] == [
        ("One. Two.", 1),
        ("Three. Four.", 2),
    ]


# --- properties ------------------------------------------------------------------------------

TEXTS = st.lists(
    st.sampled_from(list('abc XYZ.!?£1\n\t"”’-·\x1b') + ["Mr. ", "e.g. ", "6.49m", "\n\n"]),
    max_size=200,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, start=st.integers(0, 50), length=st.integers(0, 450))
def test_split_sentences_spans_are_ordered_verbatim_and_stripped(
    text: str, start: int, length: int
) -> None:
    end = start + length
    spans = split_sentences(text, start, end)
    previous = max(0, min(start, len(text)))
    for s, e in spans:
        assert previous <= s < e <= min(end, len(text))
        assert text[s:e] == text[s:e].strip()
        previous = e


@settings(max_examples=80, deadline=None)
@given(text=TEXTS, max_words=st.integers(1, 40), overlap=st.integers(0, 3))
def test_cut_passages_on_random_text(text: str, max_words: int, overlap: int) -> None:
    try:
        parsed = build_paper_text(plain_chunks(text), title=None, date=None, fmt="txt")
    except PaperError:
        return
    assert_passage_invariants(make_paper(parsed), max_words, overlap)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".html", ".md"]))
def test_parse_paper_on_random_bytes_is_valid_or_paper_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    try:
        parsed = parse_paper(path, LIMIT)
    except PaperError as error:
        assert "\n" not in str(error)
        return
    assert_valid_blocks(parsed)


def test_seed_papers_load(tmp_path: Path) -> None:
    for source in sorted(CORPUS.glob("*.txt")):
        shutil.copy(source, tmp_path / source.name)
        paper = load_paper(tmp_path / source.name, source.name, LIMIT)
        assert_valid_blocks(paper)
        assert paper.meta.title
        assert cut_passages(paper)


def _docx_with_hidden_places(path: Path) -> Path:
    """A Word memo whose text sits where python-docx's `paragraph.text` does not look: a
    smart tag, inline and block content controls, a text box (written twice, as Word does)
    and a footnote. The XML is what Word writes for each."""
    document = docx.Document()
    document.add_paragraph("MEETING_TIME")
    document.add_paragraph("AFTER_BOX")
    document.save(str(path))
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    smart = (
        '<w:r><w:t xml:space="preserve">The meeting starts at </w:t></w:r>'
        '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="time">'
        '<w:smartTagPr><w:attr w:name="Hour" w:val="19"/></w:smartTagPr>'
        "<w:r><w:t>7.30pm</w:t></w:r></w:smartTag>"
        '<w:r><w:t xml:space="preserve"> in the </w:t></w:r>'
        '<w:sdt><w:sdtPr><w:alias w:val="Venue"/></w:sdtPr><w:sdtContent>'
        "<w:r><w:t>Village Hall</w:t></w:r></w:sdtContent></w:sdt>"
        '<w:r><w:t>.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
    )
    box = (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><wps:txbx '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        "<w:txbxContent><w:p><w:r><w:t>Clerk: Jane Moss, 01234 567890</w:t></w:r></w:p>"
        "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        "<w:txbxContent><w:p><w:r><w:t>Clerk: Jane Moss, 01234 567890</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        '<w:r><w:t xml:space="preserve">Apologies were received.</w:t></w:r>'
    )
    block = (
        "<w:sdt><w:sdtPr><w:alias w:val='Decision'/></w:sdtPr><w:sdtContent><w:p><w:r>"
        "<w:t>RESOLVED that the precept be set at £12,500.</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>The hall is on Church Lane.</w:t>'
        "</w:r></w:p></w:footnote></w:footnotes>"
    )
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    body = body.replace("<w:r><w:t>MEETING_TIME</w:t></w:r>", smart)
    body = body.replace("<w:r><w:t>AFTER_BOX</w:t></w:r>", box)
    body = body.replace("<w:sectPr", block + "<w:sectPr", 1)
    parts["word/document.xml"] = body.encode("utf-8")
    parts["word/footnotes.xml"] = notes.encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    ).encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/></Types>',
    ).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_docx_text_in_smart_tags_controls_boxes_and_footnotes(tmp_path: Path) -> None:
    path = _docx_with_hidden_places(tmp_path / "memo.docx")
    plain = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "7.30pm" not in plain and "Village Hall" not in plain  # what python-docx alone loses
    parsed = parse_paper(path, LIMIT)
    assert_valid_blocks(parsed)
    got = [(parsed.text[b.start : b.end], b.section) for b in parsed.blocks]
    assert got == [
        ("The meeting starts at 7.30pm in the Village Hall.", ()),
        ("Apologies were received.", ()),
        ("Clerk: Jane Moss, 01234 567890", ()),  # the text box once, after its anchor
        ("RESOLVED that the precept be set at £12,500.", ()),
        ("The hall is on Church Lane.", ("Footnotes",)),
    ]


def _ruled_pdf(path: Path, rows: list[list[list[str]]], ruled: set[int] | None = None) -> Path:
    """A page with a line of text, a table drawn with rules between its columns and above the
    rows in `ruled` (all of them when None), and a line below. Each row is a list of cells,
    each cell a list of lines."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(20, 20, "Notice of the persons nominated for election as a councillor.")
    widths, left, top = [45, 60, 55], 20.0, 30.0
    heights = [5 * max(len(cell) for cell in row) + 3 for row in rows]
    bottom = top + sum(heights)
    y = top
    for number, (row, height) in enumerate(zip(rows, heights, strict=True)):
        x = left
        for cell, width in zip(row, widths, strict=True):
            for n, line in enumerate(cell):
                pdf.text(x + 2, y + 5 + 5 * n, line)
            x += width
        if ruled is None or number in ruled:
            pdf.line(left, y, left + sum(widths), y)
        y += height
    pdf.line(left, bottom, left + sum(widths), bottom)
    x = left
    for width in [0, *widths]:
        x += width
        pdf.line(x, top, x, bottom)
    pdf.text(20, bottom + 10, "Dated 4 April 2025, Returning Officer.")
    pdf.output(str(path))
    return path


def test_a_ruled_table_s_cells_are_read_whole_under_their_headings(tmp_path: Path) -> None:
    cells = [
        [["Name of candidate"], ["Home address"], ["Description"]],
        [
            ["BENTLEY", "Rhona"],
            ["30 Goldcrest Close,", "Beechwood, Runcorn"],
            ["UK Independence", "Party"],
        ],
        [["LOFTUS", "Chris"], ["30 Lilac Crescent,", "Runcorn"], ["Labour Party"]],
    ]
    paper = parse_paper(_ruled_pdf(tmp_path / "sopn.pdf", cells), LIMIT)
    got = [paper.text[b.start : b.end] for b in paper.blocks]
    assert got[0] == "Notice of the persons nominated for election as a councillor."
    assert (
        "Name of candidate: BENTLEY Rhona | Home address: 30 Goldcrest Close, Beechwood, Runcorn"
        " | Description: UK Independence Party"
    ) in got
    assert (
        "Name of candidate: LOFTUS Chris | Home address: 30 Lilac Crescent, Runcorn | "
        "Description: Labour Party"
    ) in got
    assert got[-1] == "Dated 4 April 2025, Returning Officer."
    assert {b.page for b in paper.blocks} == {1}


def test_a_table_ruled_only_between_columns_is_not_read_cell_by_cell(tmp_path: Path) -> None:
    """Rows of figures ruled only between columns, with a ruled total: each column of the rows
    would read as one cell of all its figures ("1,270 3,375 2,352"), so the table is left to
    the reader of figure tables."""
    rows = [
        [["Ward"], ["Electors 2024"], ["Electors 2025"]],
        [
            ["Beechwood", "Appleton", "Daresbury"],
            ["1,270", "3,375", "2,352"],
            ["1,301", "3,402", "2,380"],
        ],
        [["Total"], ["6,997"], ["7,083"]],
    ]
    paper = parse_paper(_ruled_pdf(tmp_path / "wards.pdf", rows, ruled={0, 1, 2}), LIMIT)
    assert "1,270 3,375 2,352" not in paper.text
    assert "3,375" in paper.text and "Daresbury" in paper.text


def test_a_word_that_crosses_a_rule_keeps_the_table_as_text(tmp_path: Path) -> None:
    """A cell's word printed across its rule would be cut at the rule if read cell by cell:
    such a table is read as text, every letter kept."""
    cells = [
        [["Name of candidate"], ["Home address"], ["Description"]],
        [["BENTLEY"], ["30 Goldcrest Close"], ["Independent"]],
        [["LOFTUS-WORTHINGTON-SMYTHE"], ["30 Lilac Crescent"], ["Labour Party"]],
    ]
    paper = parse_paper(_ruled_pdf(tmp_path / "long.pdf", cells), LIMIT)
    assert "LOFTUS-WORTHINGTON-SMYTHE" in paper.text
    assert "Name of candidate:" not in paper.text


def test_a_heading_over_a_column_no_row_fills_is_kept(tmp_path: Path) -> None:
    """A form's "Done?" column left for ticks: its heading heads no cell, and is kept as a line
    of its own rather than lost."""
    rows = [
        [["Check"], ["Evidence"], ["Done?"]],
        [["Bank reconciliation agreed"], ["Statement of 31 March"], []],
        [["Explanation of variances"], ["Notes to the accounts"], []],
    ]
    got = paragraphs(parse_paper(_ruled_pdf(tmp_path / "form.pdf", rows), LIMIT))
    assert "Done?" in got
    assert "Check: Bank reconciliation agreed | Evidence: Statement of 31 March" in got


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Page 3 of 12", True),
        ("- 3 -", True),
        ("P a g e | 3", True),  # Word's "Page | 3" footer, letter-spaced (Souldern's minutes)
        ("Page: 14", True),
        ("Question 5", False),
        ("Page layout agreed", False),
        ("2019", True),
    ],
)
def test_printed_page_numbers_are_furniture(line: str, number: bool) -> None:
    from briefbot.ingest.furniture import is_page_number

    assert is_page_number(line) is number
