"""Officer briefings: dates, amounts, points to check, Q&A, numbering, writers and the command."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from briefbot import cli
from briefbot.answering.composer import REFUSAL
from briefbot.briefing.brief import build_briefing, conversation_briefing
from briefbot.briefing.gather import found
from briefbot.briefing.money import Vocabulary, find_amounts, purpose
from briefbot.briefing.note import Briefing, PointToCheck, QuestionAnswer, Statement
from briefbot.briefing.render import HEADING_CHARS, markdown, write_docx, write_markdown
from briefbot.briefing.sections import points_to_check
from briefbot.briefing.timeline import agree
from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.errors import BriefbotError
from briefbot.language.dates import MONTH_NAMES, When, find_dates
from briefbot.models import Citation, DocType
from briefbot.store.embedder import Embedder

TOPIC = "funding for the children's services transformation"
ANSWERABLE = "How much did Cabinet approve?"
UNANSWERABLE = "What is the library budget in Leominster?"
SECTIONS = [
    "Summary",
    "Timeline",
    "Money",
    "Points to check",
    "Questions and answers",
    "References",
]
PREPARED = date(2025, 1, 15)


def one(sentence: str, paper_date: str | None = None) -> When:
    dates = find_dates(sentence, paper_date)
    assert len(dates) == 1, dates
    return dates[0]


# ---------------------------------------------------------------------------------------------
# Dates: each form, its precision, the year from the paper's date


@pytest.mark.parametrize(
    ("sentence", "paper_date", "iso", "precision", "inferred"),
    [
        ("Cabinet approved it on Thursday 31 March 2022.", None, "2022-03-31", "day", False),
        ("The second tranche follows from July 2022.", None, "2022-07", "month", False),
        ("Ofsted inspected the service in July 2022.", None, "2022-07", "month", False),
        ("Cabinet meets on Thursday 31 March.", "2022-03", "2022-03-31", "day", True),
        ("It goes to scrutiny on 13 December.", "2022-12", "2022-12-13", "day", True),
        ("An Ofsted report in September found failings.", "2022-12", "2022-09", "month", True),
        ("Since I arrived in May last year, much changed.", "2022-03", "2021-05", "month", True),
        ("The scheme opens on March 31, 2023.", None, "2023-03-31", "day", False),
        ("The contract starts on 1st of June 2021.", None, "2021-06-01", "day", False),
        ("The decision notice is dated 24/11/2022.", None, "2022-11-24", "day", False),
        ("The review was completed in 2021.", None, "2021", "year", False),
    ],
)
def test_find_dates_normalises_each_form(
    sentence: str, paper_date: str | None, iso: str, precision: str, inferred: bool
) -> None:
    when = one(sentence, paper_date)
    assert (when.iso, when.precision, when.year_inferred) == (iso, precision, inferred)
    assert when.written in sentence


def test_a_month_stays_a_month_and_agrees_with_its_days() -> None:
    month, day = one("Approved by Cabinet in March 2022."), one("Approved on 31 March 2022.")
    assert (month.iso, month.label, day.label) == ("2022-03", "March 2022", "31 March 2022")
    assert month.compatible(day) and day.compatible(month)
    assert not one("In July 2022.").compatible(one("In September 2022."))


def test_a_year_from_the_paper_is_no_claim_about_the_year() -> None:
    spring_2022 = one("Fees rise from April.", "2022-02")
    spring_2023 = one("Fees rise from April.", "2023-01")
    assert (spring_2022.iso, spring_2023.iso) == ("2022-04", "2023-04")
    assert agree(spring_2022, spring_2023)
    assert not agree(one("from April.", "2022-02"), one("from June.", "2022-02"))


@pytest.mark.parametrize(
    "sentence",
    [
        "We may ask the cabinet member for a decision.",
        "May I thank officers for the report.",
        "The budget for 2023/24 onwards was noted.",
        "There were 31 Marches in the parade.",
        "It was due on 31 February 2022.",
        "It goes to the committee on 13 December.",  # no paper date to take a year from
    ],
)
def test_find_dates_leaves_non_dates_alone(sentence: str) -> None:
    assert find_dates(sentence) == []


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_any_written_day_reads_back(day: date) -> None:
    sentence = f"The meeting on {day.day} {MONTH_NAMES[day.month - 1]} {day.year} agreed it."
    assert one(sentence).iso == day.isoformat()


# ---------------------------------------------------------------------------------------------
# Amounts


@pytest.mark.parametrize(
    ("text", "pounds", "label"),
    [
        ("a total of £11.49m to support", Decimal(11_490_000), "£11.49m"),
        ("with £5m in tranche one", Decimal(5_000_000), "£5m"),
        ("£6.49 million of funding", Decimal(6_490_000), "£6.49m"),
        ("it costs £45,000 a year", Decimal(45_000), "£45,000"),
        ("up to £1.2bn nationally", Decimal(1_200_000_000), "£1.2bn"),
        ("a grant of £500k", Decimal(500_000), "£500,000"),
        ("tickets at £12.50 each", Decimal("12.50"), "£12.50"),
        ("it cost £1,000, or so", Decimal(1000), "£1,000"),
    ],
)
def test_find_amounts(text: str, pounds: Decimal, label: str) -> None:
    (amount,) = find_amounts(text)
    assert (amount.pounds, amount.label) == (pounds, label)
    assert text[amount.start : amount.end] == amount.written


def test_amounts_need_a_pound_sign() -> None:
    assert find_amounts("It took 3 months and 11.49m steps, up 5%.") == []


def test_purpose_is_the_amounts_clause() -> None:
    sentence = (
        "This funding would be allocated in two tranches, with £5m in tranche one from "
        "April 2022 and a further £6.49m from July 2022, with detail on progress to be "
        "reported back to Cabinet."
    )
    five, rest = find_amounts(sentence)
    assert purpose(sentence, five) == "with £5m in tranche one from April 2022"
    assert purpose(sentence, rest) == "a further £6.49m from July 2022"
    short = "Appendix A: £5.22m allocation breakdown."
    assert purpose(short, find_amounts(short)[0]) == short  # too short alone: the whole sentence


# ---------------------------------------------------------------------------------------------
# Points to check


def citation(
    paper: str, quote: str, day: str, doc_type: DocType = "news", publisher: str | None = None
) -> Citation:
    where = {"locator": "para 1", "path": f"{paper}.txt", "start": 0, "end": len(quote)}
    return Citation(
        n=0,
        paper_id=paper,
        title="Council news",
        date=day,
        doc_type=doc_type,
        quote=quote,
        publisher=publisher,
        **where,
    )


FILLER = ["Herefordshire Council met.", "Herefordshire Council agreed.", "Herefordshire Council."]


def check(*papers: tuple[str, str, str]) -> list[PointToCheck]:
    """Points to check among (paper, sentence, paper date) triples, in a council-wide vocabulary."""
    material = [found(citation(paper, text, day)) for paper, text, day in papers]
    vocabulary = Vocabulary.of([text for _, text, _ in papers] + FILLER)
    return points_to_check(material, vocabulary)


def test_points_to_check_gives_both_dates_with_citations() -> None:
    points = check(
        (
            "forum",
            "Ofsted carried out its inspection of the service in July 2022, the council said.",
            "2022-11",
        ),
        (
            "bbc",
            "Ofsted carried out its inspection of the service in June, a year after the last.",
            "2022-12",
        ),
    )
    (point,) = points
    assert (point.kind, point.subject) == ("date", "Ofsted")
    assert [(v.value, v.citation.paper_id) for v in point.versions] == [
        ("July 2022", "forum"),
        ("June 2022 (year from the paper's date)", "bbc"),
    ]


def test_points_to_check_gives_different_figures() -> None:
    (point,) = check(
        ("report", "The library refurbishment will cost £1.2m in total.", "2023-01"),
        ("news", "The library refurbishment will cost £1.5m in total.", "2023-02"),
    )
    assert point.kind == "amount" and {v.value for v in point.versions} == {"£1.2m", "£1.5m"}


@pytest.mark.parametrize(("second", "points"), [("Wyeford Council", 1), ("Eastshire Council", 0)])
def test_two_councils_figures_are_no_point_to_check(second: str, points: int) -> None:
    """One template, two councils: each council's own library, not two costs of one."""
    sentence = "The library refurbishment will cost {} in total."
    material = [
        found(citation("a", sentence.format("£1.2m"), "2023-01", publisher="Wyeford Council")),
        found(citation("b", sentence.format("£1.5m"), "2023-02", publisher=second)),
    ]
    vocabulary = Vocabulary.of([f.text for f in material] + FILLER)
    assert len(points_to_check(material, vocabulary)) == points


@pytest.mark.parametrize(
    ("first", "second"),
    [  # (sentence, paper date) in two papers: none of these disagree
        (
            ("The £11.49m was approved by Cabinet in March 2022.", "2022-11"),  # two precisions
            ("Cabinet approved £11.49m at its meeting on Thursday 31 March 2022.", "2022-04"),
        ),
        (
            ("Cabinet approved the use of £6.49m on Thursday 24 November 2022.", "2022-11"),
            ("Cabinet approved £11.49m at its meeting on Thursday 31 March 2022.", "2022-04"),
        ),
        (
            ("The £6.49m investment is the remaining amount of £11.49m funding.", "2022-11"),
            ("The £11.49m investment provides us with security.", "2022-04"),
        ),  # part and total
        (
            ("Care home fees in Powys will rise by 3.5% from April.", "2022-01"),  # their own April
            ("Care home fees in Powys will rise by 3.5% from April.", "2022-12"),
        ),
        (
            ("Cheltenham library will move to the hub on Bridge Street in June 2023.", "2023-01"),
            ("Kidderminster library will move to the hub on Bridge Street in May 2023.", "2023-02"),
        ),
        (
            ("Cabinet set a library budget of £14.1m for 2019/20.", "2019-03"),  # two years
            ("Cabinet set a library budget of £15.3m for 2020/21.", "2019-12"),
        ),
        (
            (
                "The priority areas were identified by Ofsted following their "
                "July 2022 inspection.",
                "2022-11",
            ),  # an inspection and the report on it: two events
            ("The council was found to be failing by an Ofsted report in September.", "2022-12"),
        ),
        (
            (
                "This funding would be allocated in two tranches, "
                "with £5m in tranche one from April "
                "2022 and a further £6.49m from July 2022.",
                "2022-03",
            ),  # a tranche starts; a
            (
                "Cabinet approved the use of £6.49m funding at a meeting held on Thursday 24 "
                "November 2022.",
                "2022-11",
            ),
        ),  # meeting releases it: two events
    ],
)
def test_points_to_check_raises_no_false_alarms(
    first: tuple[str, str], second: tuple[str, str]
) -> None:
    assert check(("a", *first), ("b", *second)) == []


# ---------------------------------------------------------------------------------------------
# The briefing on the real corpus


@pytest.fixture(scope="module")
def engine(seed_index: Settings, embedder: Embedder) -> Iterator[Briefbot]:
    bot = Briefbot(seed_index, embedder=embedder)
    yield bot
    bot.close()


@pytest.fixture(scope="module")
def briefing(engine: Briefbot) -> Briefing:
    return build_briefing(engine, TOPIC, [ANSWERABLE, "", UNANSWERABLE], prepared=PREPARED)


def paper_number(path: str) -> str:
    return path.split("-", 1)[0]


def test_briefing_header(briefing: Briefing) -> None:
    assert briefing.title == f"Briefing: {TOPIC}" and briefing.prepared == PREPARED
    assert briefing.papers_considered >= 3
    assert briefing.papers_line.startswith(
        f"Papers considered: {briefing.papers_considered}, dated "
    )
    assert 3 <= len(briefing.summary) <= 8


def test_timeline_has_the_cabinet_meetings(briefing: Briefing) -> None:
    by_date: dict[str, set[str]] = {}
    for entry in briefing.timeline:
        by_date.setdefault(entry.date, set()).add(paper_number(entry.citation.path))
    assert {"002", "003"} & by_date["2022-03-31"]
    assert by_date["2022-03-31"] <= {"000", "002", "003"}
    assert by_date["2022-11-24"] == {"001"}
    assert "2022-07" in by_date  # "from July 2022" stays a month
    keys = [e.date.ljust(10) for e in briefing.timeline]
    assert keys == sorted(keys)


def test_money_lists_each_amount_and_what_it_is_for(briefing: Briefing) -> None:
    money = {entry.amount: entry for entry in briefing.money}
    assert {"£11.49m", "£5m", "£6.49m"} <= set(money)
    for label in ("£11.49m", "£5m", "£6.49m"):
        for mention in money[label].mentions:
            assert label in mention.purpose and mention.purpose in mention.text
            assert " ".join(mention.citation.quote.split()).endswith(mention.text)
    assert any("tranche" in m.purpose for m in money["£5m"].mentions)


def test_references_match_markers_one_to_one(briefing: Briefing) -> None:
    numbers = [r.n for r in briefing.references]
    assert numbers == list(range(1, len(numbers) + 1))
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", markdown(briefing))}
    assert markers == set(numbers)
    papers = {r.n: r.paper_id for r in briefing.references}
    assert all(papers[c.n] == c.paper_id for c in briefing.citations())
    assert len(set(papers.values())) == len(papers)  # one entry per paper


def test_statements_are_quoted_verbatim(briefing: Briefing, engine: Briefbot) -> None:
    for item in briefing.summary + [
        Statement(text=t.text, citation=t.citation) for t in briefing.timeline
    ]:
        paper = engine.paper(item.citation.paper_id)
        citation = item.citation
        assert paper.text[citation.start : citation.end] == citation.quote
        if citation.lead:  # a pronoun's antecedent or a quotation's speaker, shown before it
            assert paper.text[citation.lead_start : citation.lead_end] == citation.lead
        assert item.text in citation.shown


def test_questions_and_answers_include_a_refusal(briefing: Briefing) -> None:
    answered, refused = briefing.questions  # the blank line is no question
    assert answered.question == ANSWERABLE and not answered.refused and answered.statements
    assert all(f"[{s.citation.n}]" in answered.answer for s in answered.statements)
    assert refused.question == UNANSWERABLE and refused.refused and refused.answer == REFUSAL
    assert REFUSAL in markdown(briefing)


def test_conversation_briefing_exports_the_chat(engine: Briefbot) -> None:
    answers = [engine.ask(ANSWERABLE), engine.ask(UNANSWERABLE)]
    exported = conversation_briefing(answers, "Chat about children's services", prepared=PREPARED)
    assert [q.question for q in exported.questions] == [ANSWERABLE, UNANSWERABLE]
    assert exported.summary and exported.questions[1].refused
    cited = {c.paper_id for c in answers[0].citations}
    assert {r.paper_id for r in exported.references} == cited
    assert {c.n for c in exported.citations()} == {r.n for r in exported.references}


# ---------------------------------------------------------------------------------------------
# Writers


def test_markdown_has_the_sections(briefing: Briefing, tmp_path: Path) -> None:
    text = write_markdown(briefing, tmp_path / "b.md").read_text(encoding="utf-8")
    assert text.startswith(f"# Briefing: {TOPIC}\n")
    assert re.findall(r"^## (.+)$", text, re.M) == SECTIONS
    assert f"\n1. {briefing.references[0].title}" in text


def test_paper_text_never_becomes_markup(tmp_path: Path) -> None:
    quote = "Costs *rose* to £5m [1](http://x) <b>now</b> # at\x07 once\u202e."
    item = found(citation("p", quote, "2022-01"))
    tricky = conversation_briefing([], "Tricky <i>title</i>", prepared=PREPARED).model_copy(
        update={"summary": [Statement(text=item.text, citation=item.citation)]}
    )
    text = markdown(tricky)
    assert "\\*rose\\*" in text and "\\[1\\](http://x)" in text and "\\<b\\>" in text
    assert "\x07" not in text and "\u202e" not in text
    from docx import Document

    path = write_docx(tricky, tmp_path / "t.docx")
    assert any("*rose*" in p.text for p in Document(str(path)).paragraphs)


def test_a_long_pasted_question_is_headed_by_its_start(tmp_path: Path) -> None:
    """A councillor pastes a resident's whole email as a question: the briefing's heading is its
    start, and the question follows in full beneath it, in Markdown and in Word alike."""
    from docx import Document

    pasted = "A resident writes: " + "we are worried about school transport " * 40 + "- why?"
    asked = QuestionAnswer(question=pasted, refused=True, answer=REFUSAL)
    short = QuestionAnswer(question=ANSWERABLE, refused=True, answer=REFUSAL)
    note = conversation_briefing([], "Chat", prepared=PREPARED).model_copy(
        update={"questions": [asked, short]}
    )
    headings = [line for line in markdown(note).splitlines() if line.startswith("### ")]
    assert len(headings[0]) <= 4 + HEADING_CHARS and headings[0].endswith("…")
    assert headings[1] == f"### {ANSWERABLE}"  # a question of ordinary length is its heading
    assert f"**Asked:** {pasted}" in markdown(note)
    document = Document(str(write_docx(note, tmp_path / "n.docx")))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.style is not None]
    assert [t for s, t in styled if s == "Heading 2"] == [headings[0][4:], ANSWERABLE]
    assert ("Normal", f"Asked: {pasted}") in styled


def test_docx_opens_with_the_headings(briefing: Briefing, tmp_path: Path) -> None:
    from docx import Document

    document = Document(str(write_docx(briefing, tmp_path / "b.docx")))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.style is not None]
    assert ("Title", f"Briefing: {TOPIC}") in styled
    assert [text for style, text in styled if style == "Heading 1"] == SECTIONS
    refs = [text for _, text in styled if text.startswith("[")]
    assert refs[0].startswith("[1] ") and len(refs) == len(briefing.references)


@pytest.mark.parametrize("writer", [write_markdown, write_docx])
def test_writers_never_overwrite_unless_forced(
    briefing: Briefing, tmp_path: Path, writer: Callable[..., Path]
) -> None:
    path = tmp_path / ("b.docx" if writer is write_docx else "b.md")
    path.write_text("an officer's own notes", encoding="utf-8")
    with pytest.raises(BriefbotError, match=re.escape(str(path))):
        writer(briefing, path)
    assert path.read_text(encoding="utf-8") == "an officer's own notes"
    assert writer(briefing, path, force=True) == path and path.stat().st_size > 100
    with pytest.raises(BriefbotError, match="does not exist"):
        writer(briefing, tmp_path / "missing" / path.name)
    assert not list(tmp_path.glob(".*.tmp"))


def test_docx_renders_in_libreoffice(briefing: Briefing, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    path = write_docx(briefing, tmp_path / "brief.docx")
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    from pypdf import PdfReader

    first = PdfReader(str(tmp_path / "brief.pdf")).pages[0].extract_text()
    assert "Briefing" in first and "Summary" in first
    if shutil.which("pdftoppm"):
        page_one = ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1"]
        subprocess.run([*page_one, str(tmp_path / "brief.pdf"), str(tmp_path / "page")], check=True)
        (image,) = tmp_path.glob("page*.png")
        assert image.stat().st_size > 1000


# ---------------------------------------------------------------------------------------------
# The command


@pytest.fixture
def run_brief(
    monkeypatch: pytest.MonkeyPatch, seed_index: Settings, embedder: Embedder
) -> Callable[..., Result]:
    """`briefbot brief ...` in-process, on the seed index, sharing the loaded model."""
    monkeypatch.setattr(
        cli,
        "make_engine",
        lambda corpus, index: Briefbot(Settings(corpus=corpus, index=index), embedder=embedder),
    )

    def run(*args: str) -> Result:
        place = ["--corpus", str(seed_index.corpus), "--index", str(seed_index.index)]
        return CliRunner().invoke(cli.main, ["brief", *args, *place])

    return run


def test_brief_command_writes_markdown_and_word(
    run_brief: Callable[..., Result], tmp_path: Path
) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text(f"{ANSWERABLE}\n\n{UNANSWERABLE}\n", encoding="utf-8")
    result = run_brief(TOPIC, "--out", str(tmp_path / "b.md"), "--questions", str(questions))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == str(tmp_path / "b.md")
    text = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert ANSWERABLE in text and REFUSAL in text and "£6.49m" in text
    result = run_brief(TOPIC, "--out", str(tmp_path / "b.docx"), "--type", "minutes")
    assert result.exit_code == 0, result.output
    from docx import Document

    paragraphs = Document(str(tmp_path / "b.docx")).paragraphs
    references = [p.text for p in paragraphs if p.text[:1] == "["]
    assert len(references) == 1 and "003-cabinet-minutes" in references[0]  # only the minutes


def test_brief_command_refuses_bad_requests(
    run_brief: Callable[..., Result], tmp_path: Path
) -> None:
    result = run_brief(TOPIC, "--out", str(tmp_path / "brief.pdf"))
    assert result.exit_code == 2 and ".docx" in result.output
    existing = tmp_path / "notes.md"
    existing.write_text("keep me", encoding="utf-8")
    result = run_brief(TOPIC, "--out", str(existing))
    assert result.exit_code == 1 and "already exists" in result.output
    assert existing.read_text(encoding="utf-8") == "keep me"
    result = run_brief(TOPIC, "--out", str(tmp_path / "b.md"), "--since", "2022-13")
    assert result.exit_code == 2 and "month" in result.output
    assert "Traceback" not in result.output


def test_an_exported_answer_keeps_the_speaker_its_quotation_leans_on() -> None:
    """The chat shows "Darryl Freeman, said:" before his words; the briefing must too, or the
    quotation is nobody's (found by a helper exporting a conversation)."""
    from briefbot.briefing.brief import question_answer
    from briefbot.models import Answer

    said = "Corporate Director for Children and Young People, Darryl Freeman, said:"
    words = "“The first £5m in funding has led to increased stability in our workforce.”"
    citation = Citation(
        n=1,
        paper_id="p",
        title="Herefordshire Council Continues to Transform Children's Services",
        locator="para 8",
        path="001.txt",
        quote=words,
        start=200,
        end=200 + len(words),
        lead=said,
        lead_start=200 - len(said) - 1,
        lead_end=199,
    )
    answer = Answer(question="What did the DCS say?", answer=f"{said} {words} [1]")
    answer.citations = [citation]
    statement = question_answer(answer).statements[0]
    assert statement.text == f"{said} {words}"
