"""Ask: cited answers composed from the papers, refusals, filters, recency and follow-ups."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from briefbot.answering.composer import REFUSAL, as_of
from briefbot.answering.kinds import question_kind
from briefbot.config import Settings
from briefbot.engine import Briefbot, Conversation
from briefbot.errors import QuestionError
from briefbot.ingest import load_paper
from briefbot.models import Answer, Filters
from briefbot.store import retrieve
from briefbot.store.embedder import Embedder
from tests.conftest import BRIEFBOT, REPO, WEAK_REFUSALS, child_env

EngineFor = Callable[..., Briefbot]


@pytest.fixture(scope="module")
def seed(seed_index: Settings, embedder: Embedder) -> Briefbot:
    return Briefbot(seed_index, embedder=embedder)


def assert_verbatim(answer: Answer, corpus: Path) -> None:
    """Every quote is the paper's own extracted text at the stated offsets."""
    assert answer.citations
    for citation in answer.citations:
        paper = load_paper(corpus / citation.path, citation.path, 5 * 1024 * 1024)
        assert paper.text[citation.start : citation.end] == citation.quote
        assert f"[{citation.n}]" in answer.answer


def test_figure_lookup(seed: Briefbot) -> None:
    answer = seed.ask("How much money does the council hold in its Resilience Reserves?")
    assert not answer.refused and "£16.7m" in answer.answer
    assert answer.citations[0].path == "000-press-release-proposed-investment.txt"
    assert_verbatim(answer, seed.settings.corpus)


def test_date_lookup(seed: Briefbot) -> None:
    answer = seed.ask("When did Cabinet approve the remaining £6.49m?")
    assert "24 November 2022" in answer.answer
    assert "001-forum-post-remaining-funding-approved.txt" in {c.path for c in answer.citations}
    assert answer.as_of == "Based on a paper from November 2022."
    assert_verbatim(answer, seed.settings.corpus)


def test_name_lookup(seed: Briefbot) -> None:
    answer = seed.ask("Who is Eleanor Brazil?")
    assert re.search(r"Children.s Commissioner", answer.answer)
    assert answer.citations[0].doc_type == "news"


def test_refusal_lists_the_closest_papers(seed: Briefbot) -> None:
    answer = seed.ask("How many potholes were filled on the A49 last winter?")
    assert answer.refused and answer.answer == REFUSAL
    assert answer.citations == [] and answer.closest


def test_question_naming_another_council_is_refused(seed: Briefbot) -> None:
    answer = seed.ask(
        "How much did Worcestershire County Council invest in its children's services?"
    )
    assert answer.refused


def test_filters_restrict_the_papers(seed: Briefbot) -> None:
    minutes = seed.ask(
        "How was the £11.49m to be allocated?", filters=Filters(doc_types=["minutes"])
    )
    assert {c.doc_type for c in minutes.citations} <= {"minutes"}
    later = seed.ask("What happened to the funding?", filters=Filters(since="2022-11"))
    assert all(c.date and c.date >= "2022-11" for c in later.citations)
    nothing = seed.ask("What happened to the funding?", filters=Filters(until="2021-12-31"))
    assert nothing.refused and nothing.passages == []
    # a refusal under a filter says what was searched: the filter may be why
    assert nothing.note == (
        "Only papers dated until 31 December 2021 were searched; "
        "clear the filter to search them all."
    )
    briefings = seed.ask("What happened to the funding?", filters=Filters(doc_types=["briefing"]))
    assert briefings.refused and briefings.note is not None
    assert "type briefing" in briefings.note and "clear the filter" in briefings.note
    assert seed.ask("What happened to the funding?").note is None


def test_passages_and_citations_carry_locators(seed: Briefbot) -> None:
    answer = seed.ask("How long is the transformation expected to take?")
    assert "three years" in answer.answer
    citation = answer.citations[0]
    assert citation.path == "003-cabinet-minutes-transformation-item.txt"
    assert citation.locator.startswith("para ") and citation.date == "2022-03-31"
    assert citation.title == "Cabinet minutes: Herefordshire Children's Services Transformation"


def test_follow_up_uses_the_previous_subject(seed: Briefbot) -> None:
    talk = Conversation()
    first = seed.ask(
        "How much was the remaining funding for children's services?", conversation=talk
    )
    assert "£6.49m" in first.answer
    follow = seed.ask("and when was that approved?", conversation=talk)
    assert not follow.refused and "24 November 2022" in follow.answer


def test_bad_questions_are_clear_errors(seed: Briefbot) -> None:
    for question in ("", "   ", "?!...", "\x1b[31m"):
        with pytest.raises(QuestionError):
            seed.ask(question)
    long = seed.ask("funding " * 2000)
    assert isinstance(long, Answer)


def test_question_kinds() -> None:
    assert question_kind("When did Cabinet meet?") == "when"
    assert question_kind("How much was approved?") == "how_much"
    assert question_kind("Who is the chief executive?") == "who"
    assert question_kind("Why was the plan changed?") == "why"
    assert question_kind("How many teams were added?") == "how_many"
    assert question_kind("How long will it take?") == "how_long"
    assert question_kind("What did the LGA do?") == "what"


def test_as_of_keeps_precision() -> None:
    assert as_of(["2022-03", "2022-12"]) == "Based on papers from March 2022 to December 2022."
    assert as_of(["2022-03-31"]) == "Based on a paper from 31 March 2022."
    assert as_of([None]) == "Based on undated papers."


def write(corpus: Path, name: str, text: str, meta: str) -> None:
    (corpus / name).write_text(text, encoding="utf-8")
    (corpus / f"{name}.meta.toml").write_text(meta, encoding="utf-8")


def test_recency_and_disagreement(tmp_path: Path, engine_for: EngineFor) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "old.txt",
        "Wyeford Council Cabinet approved the Riverside library budget of £2.1m on 3 March 2021. "
        "The library will open in spring.\n",
        'title = "Riverside library report"\ndate = "2021-03-03"\ndoc_type = "report"\n',
    )
    write(
        corpus,
        "new.txt",
        "Wyeford Council Cabinet approved the Riverside library budget of £2.6m on 9 June 2023. "
        "The library will open in autumn.\n",
        'title = "Riverside library update"\ndate = "2023-06-09"\ndoc_type = "news"\n',
    )
    engine = engine_for(corpus)
    engine.refresh()
    latest = engine.ask("What is the latest Riverside library budget approved by Cabinet?")
    assert latest.citations[0].path == "new.txt" and "£2.6m" in latest.answer
    both = engine.ask("How much was the Riverside library budget?")
    assert {c.path for c in both.citations} == {"old.txt", "new.txt"}
    # two approvals two years apart are a change, not papers that disagree
    assert not both.note or "differ" not in both.note
    assert both.as_of == "Based on papers from 3 March 2021 to 9 June 2023."


def test_ask_json_shape(tmp_path: Path, seed_index: Settings) -> None:
    done = subprocess.run(
        [
            *BRIEFBOT,
            "ask",
            "When did Cabinet approve the remaining £6.49m?",
            "--json",
            "--corpus",
            str(seed_index.corpus),
            "--index",
            str(seed_index.index),
        ],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"question", "answer", "refused", "as_of", "citations", "passages"} <= set(result)
    citation = result["citations"][0]
    assert set(citation) == {
        "n",
        "title",
        "date",
        "doc_type",
        "locator",
        "page",
        "path",
        "quote",
        "start",
        "end",
        "lead",
        "lead_start",
        "lead_end",
    }
    assert citation["page"] is None  # a text paper; a PDF's citations give their page
    assert result["generation"] == (seed_index.index / "CURRENT").read_text().strip()
    assert {"title", "date", "path", "locator", "text", "score"} <= set(result["passages"][0])
    assert result["refused"] is False and "24 November 2022" in result["answer"]


def test_cli_doc_type_choices_match_the_model() -> None:
    from briefbot.cli.options import DOC_TYPE_CHOICES
    from briefbot.language.papers import DOC_TYPES

    assert DOC_TYPE_CHOICES == DOC_TYPES


def test_who_answers_name_someone_new(seed: Briefbot) -> None:
    answer = seed.ask("Who is the Chief Executive of Herefordshire Council?")
    assert "Paul Walker" in answer.answer


def one_paper(engine_for: EngineFor, folder: Path, name: str, text: str, meta: str) -> Briefbot:
    """An engine on a corpus of one paper and its sidecar, refreshed."""
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / name).write_text(text, encoding="utf-8")
    (corpus / f"{name}.meta.toml").write_text(meta, encoding="utf-8")
    engine = engine_for(corpus)
    engine.refresh()
    return engine


ROADS = """Highways update

The county's roads were last inspected by the Department for Transport in March 2023, which
found the resurfacing programme on track. Councillors welcomed the report at the meeting.
The committee will consider the winter gritting plan on 14 September 2023.
"""


def test_questions_about_the_future_are_not_answered_from_the_past(
    tmp_path: Path, engine_for: EngineFor
) -> None:
    meta = 'title = "Highways update"\ndate = "2023-06-01"\ndoc_type = "report"\n'
    engine = one_paper(engine_for, tmp_path, "roads.txt", ROADS, meta)
    assert "March 2023" in engine.ask("When were the county's roads last inspected?").answer
    gritting = engine.ask("When will the committee consider the gritting plan?")
    assert "14 September" in gritting.answer


@pytest.mark.xfail(strict=True, reason=WEAK_REFUSALS)
def test_a_next_event_no_paper_announces_is_refused(tmp_path: Path, engine_for: EngineFor) -> None:
    meta = 'title = "Highways update"\ndate = "2023-06-01"\ndoc_type = "report"\n'
    engine = one_paper(engine_for, tmp_path, "roads.txt", ROADS, meta)
    assert engine.ask("When is the next inspection of the county's roads?").refused


@pytest.mark.xfail(strict=True, reason=WEAK_REFUSALS)
def test_who_needs_the_role_asked(seed: Briefbot) -> None:
    answer = seed.ask("Who chairs Herefordshire's children and young people scrutiny committee?")
    assert answer.refused


LIBRARIES = """Libraries review

Cabinet agreed on 9 February 2023 to keep all twelve branch libraries open. The review was
published in January 2023 after a public consultation. Mrs Ann Hale was appointed head of
libraries in January 2023 to lead the changes. Visits to branch libraries have fallen by a
third since 2019, the report says. The library service now employs 40 staff in its branches.
"""


def test_council_words_statements_and_changes(tmp_path: Path, engine_for: EngineFor) -> None:
    """A decision found as "agreed"; the sentence stating the question's own words preferred
    over another with the same date; a change answered by how far it went, not by a count."""
    meta = 'title = "Libraries review"\ndate = "2023-02-10"\ndoc_type = "report"\n'
    engine = one_paper(engine_for, tmp_path, "libraries.txt", LIBRARIES, meta)
    decision = engine.ask("What was the decision on the branch libraries?")
    assert not decision.refused and "9 February 2023" in decision.answer
    appointed = engine.ask("In which month was the head of libraries appointed?")
    assert appointed.answer.startswith("Mrs Ann Hale was appointed")
    fallen = engine.ask("How far have visits to branch libraries fallen?")
    assert "a third" in fallen.answer and "40 staff" not in fallen.answer
    decided = engine.ask("What did Cabinet decide about the branch libraries?")
    assert "Cabinet agreed on 9 February 2023" in decided.answer


@pytest.mark.xfail(strict=True, reason=WEAK_REFUSALS)
@pytest.mark.parametrize(
    "question",
    [
        "What is the salary of the head of libraries?",
        "What did the head of libraries recommend to Cabinet?",
        "What changes has the council made to home library delivery?",
    ],
)
def test_what_a_paper_does_not_say_is_refused(
    question: str, tmp_path: Path, engine_for: EngineFor
) -> None:
    meta = 'title = "Libraries review"\ndate = "2023-02-10"\ndoc_type = "report"\n'
    engine = one_paper(engine_for, tmp_path, "libraries.txt", LIBRARIES, meta)
    assert engine.ask(question).refused


PARKS = """Trowbridge park improvements

Volunteers planted 1,703 trees across the county's parks during the winter. The summer
festival attracted 5,436 children aged four to eleven. The forecast overspend at August 2025
is £2.7m, mainly in grounds maintenance and transport.
"""


def test_a_paper_names_its_council_once(tmp_path: Path, engine_for: EngineFor) -> None:
    """The county named only by the publisher still anchors the paper's sentences; a count
    runs up to its verb ("how many children took part"); "mainly in" gives a reason."""
    meta = (
        'title = "Trowbridge park improvements"\ndate = "2025-09-01"\ndoc_type = "report"\n'
        'publisher = "Wiltshire Council"\n'
    )
    engine = one_paper(engine_for, tmp_path, "parks.txt", PARKS, meta)
    trees = engine.ask("How many trees did volunteers plant in Wiltshire's parks?")
    assert "1,703" in trees.answer
    children = engine.ask("How many children took part in Wiltshire's summer festival?")
    assert "5,436" in children.answer
    why = engine.ask("Why is Wiltshire forecasting an overspend?")
    assert "mainly in grounds maintenance" in why.answer


def test_k_passages_are_shown_though_more_are_read(seed: Briefbot) -> None:
    """-k sets the passages shown; the answer may quote any passage of the wider pool."""
    answer = seed.ask("When did Cabinet approve the remaining £6.49m?", k=2)
    assert len(answer.passages) == 2
    assert "24 November 2022" in answer.answer
    assert len(seed.ask("When did Cabinet approve the remaining £6.49m?", k=12).passages) == 12


def test_an_abbreviation_the_papers_define_finds_its_long_form(
    tmp_path: Path, engine_for: EngineFor
) -> None:
    """A council's own abbreviation ("WVP"), defined once in one paper, finds a passage of
    another that only spells it out; the one that merely repeats the question's other words
    more often comes second."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "terms.txt",
        "This report is from the Wyedean Valley Partnership (WVP), which brings the parishes "
        "of the valley together.\n",
        'title = "About the partnership"\ndate = "2024-01-10"\ndoc_type = "report"\n',
    )
    write(
        corpus,
        "valley.txt",
        "The Wyedean Valley Partnership will fund the new footbridge at Brockweir, at a cost "
        "of £84,000.\n",
        'title = "Brockweir crossing"\ndate = "2024-02-01"\ndoc_type = "report"\n',
    )
    write(
        corpus,
        "parish.txt",
        "The new footbridge at Llandogo will cost £12,000. The footbridge replaces the old "
        "footbridge, and the parish will pay for the new footbridge itself.\n",
        'title = "Llandogo crossing"\ndate = "2024-02-01"\ndoc_type = "report"\n',
    )
    engine = engine_for(corpus)
    engine.refresh()
    hits = engine.search("How much will the WVP's new footbridge cost?", k=3)
    assert hits[0].passage.path == "valley.txt"
    # and the other way: the long form finds the abbreviation where a table uses it
    assert engine.generation().abbreviations.expansion(
        "What does the Wyedean Valley Partnership do?"
    ) == ["WVP"]


def test_a_paper_whose_masthead_names_the_council_asked_about_comes_first(
    tmp_path: Path, engine_for: EngineFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two parishes' minutes give a precept; the question names one parish, which its minutes
    name only in their opening lines. Its passage comes first, though the other parish's repeats
    the question's words more (its finance item, far from the masthead, says "precept" once
    where the other says it three times and asks the question itself); without the named-paper
    ranking it would not."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    items = "\n\n".join(
        f"{n}. The clerk reported on the {topic}: the contractor had been asked for a quote, "
        "the work would be inspected by two members before payment, and members noted the report."
        for n, topic in enumerate(
            ("bus shelter", "village hall roof", "footpath signs", "grit bins", "dog bins"), 1
        )
    )
    write(
        corpus,
        "minutes-a.txt",
        f"Milburn Parish Council\n\nMinutes of the annual meeting.\n\n{items}\n\n"
        "6. Finance. The precept received for 2016/17 was £3,000.\n",
        'title = "Milburn Parish Council: annual meeting"\ndate = "2016-05-10"\n'
        'doc_type = "minutes"\n',
    )
    write(
        corpus,
        "minutes-b.txt",
        "Finance. What precept did the parish receive in 2016/17? The precept received in "
        "2016/17 was £5,200, and the precept for 2017/18 will be set in January.\n",
        'title = "Parish council minutes"\ndate = "2016-05-12"\ndoc_type = "minutes"\n',
    )
    engine = engine_for(corpus)
    engine.refresh()
    question = "What precept did Milburn receive in 2016/17?"

    def first_with_a_figure() -> str:
        hits = engine.search(question, k=6)
        return next(h.passage.path for h in hits if "£" in h.passage.text)

    assert first_with_a_figure() == "minutes-a.txt"
    monkeypatch.setitem(retrieve.WEIGHTS, "named", 0.0)
    assert first_with_a_figure() == "minutes-b.txt"
