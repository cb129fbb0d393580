"""Answering, end to end with the real model and Chroma on a small corpus of council papers
(tests/papers/answering): each way questions are asked and papers are written that the answerer
must handle, in general — two questions in one, who said what, the answer in the next
sentence, lists, yes/no, the glossary, chatty preambles, time, disagreements, follow-ups — and
why an answer was chosen."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefbot.answering.composer import REFUSAL
from briefbot.config import Settings
from briefbot.engine import Briefbot, Conversation
from briefbot.ingest import load_paper
from briefbot.models import Answer
from briefbot.store.embedder import Embedder
from tests.conftest import BRIEFBOT, REPO, WEAK_REFUSALS, child_env

PAPERS = Path(__file__).parent / "papers" / "answering"


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    root = tmp_path_factory.mktemp("answering")
    shutil.copytree(PAPERS, root / "corpus")
    settings = Settings(corpus=root / "corpus", index=root / "index")
    Briefbot(settings, embedder=embedder).refresh()
    return settings


@pytest.fixture(scope="module")
def bot(corpus_index: Settings, embedder: Embedder) -> Iterator[Briefbot]:
    engine = Briefbot(corpus_index, embedder=embedder)
    yield engine
    engine.close()


def verbatim(answer: Answer, corpus: Path) -> None:
    """Every quote, and every sentence shown before one, is the paper's own text."""
    for citation in answer.citations:
        text = load_paper(corpus / citation.path, citation.path, 5 * 1024 * 1024).text
        assert text[citation.start : citation.end] == citation.quote
        if citation.lead is not None:
            assert text[citation.lead_start : citation.lead_end] == citation.lead
        assert f"[{citation.n}]" in answer.answer


def test_two_questions_in_one_with_a_part_unanswered(bot: Briefbot) -> None:
    answer = bot.ask("Who chairs the children's scrutiny committee, and what is her salary?")
    assert not answer.refused and len(answer.parts) == 2
    assert "Ann Shaw (chair)" in answer.answer
    verbatim(answer, bot.settings.corpus)


@pytest.mark.xfail(strict=True, reason=WEAK_REFUSALS)
def test_the_part_the_papers_do_not_answer_is_named(bot: Briefbot) -> None:
    answer = bot.ask("Who chairs the children's scrutiny committee, and what is her salary?")
    assert answer.unanswered == ["what is her salary?"]
    assert "The papers don't say: what is her salary?" in answer.answer.splitlines()


def test_both_parts_answered(bot: Briefbot) -> None:
    answer = bot.ask("Who chairs the children's scrutiny committee, and when does it next meet?")
    lines = answer.answer.splitlines()
    assert len(lines) == 2 and not answer.unanswered
    assert "Ann Shaw" in lines[0] and "9 July 2024" in lines[1]


def test_a_speakers_quotation_comes_with_the_speaker(bot: Briefbot) -> None:
    answer = bot.ask("What did the cabinet member say about recruitment?")
    citation = answer.citations[0]
    assert "recruitment of new drivers" in citation.quote
    assert citation.lead is not None and "Councillor Rosa Hill, said:" in citation.lead
    assert answer.answer.startswith("Cabinet member for children and families, Councillor Rosa")
    verbatim(answer, bot.settings.corpus)


def test_a_sentence_opening_with_she_comes_with_who_she_is(bot: Briefbot) -> None:
    answer = bot.ask("What did the Director of Children's Services say about spending?")
    citation = next(c for c in answer.citations if "40%" in c.quote)
    assert citation.quote.startswith("She said")
    assert citation.lead == (
        "The Director of Children's Services introduced the report on home to school transport."
    )


def test_the_answer_in_the_next_sentence(bot: Briefbot) -> None:
    answer = bot.ask("Which firm won the minibus contract?")
    assert "Greenway Travel Ltd" in answer.answer


def test_a_list_answer_gives_the_items_each_cited(bot: Briefbot) -> None:
    answer = bot.ask("What risks were raised about the transport review?")
    bullets = [line for line in answer.answer.splitlines() if line.startswith("• ")]
    assert len(bullets) == 3 and "legal challenge" in bullets[0]
    assert all(line.rstrip().endswith("]") for line in bullets)
    assert len({c.n for c in answer.citations}) >= 3
    verbatim(answer, bot.settings.corpus)


def test_yes_no_is_answered_by_the_sentence_that_settles_it(bot: Briefbot) -> None:
    answer = bot.ask("Did the scrutiny committee support the school transport review?")
    assert not answer.refused
    assert "RESOLVED that the committee supports the review" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "What did the DCS say about spending?",
        "What did the Director of Children's Services say about spending?",
    ],
)
def test_the_glossary_works_both_ways(bot: Briefbot, question: str) -> None:
    assert "risen by 40%" in bot.ask(question).answer


def test_a_chatty_preamble_does_not_decide_the_answer(bot: Briefbot) -> None:
    answer = bot.ask(
        "A parent emailed me this morning, really worried about school transport. What did the "
        "scrutiny committee resolve about it?"
    )
    assert answer.parts == ["What did the scrutiny committee resolve about it?"]
    assert "RESOLVED that the committee supports the review" in answer.answer


def test_next_is_not_answered_from_the_past(bot: Briefbot) -> None:
    answer = bot.ask("When is the next inspection of the transport service?")
    assert "autumn 2025" in answer.answer
    meeting = bot.ask("When will the scrutiny committee next meet?")
    assert "9 July 2024" in meeting.answer and "12 March 2024" not in meeting.answer


def test_now_takes_the_latest_paper_and_says_the_earlier(bot: Briefbot) -> None:
    answer = bot.ask("What is the current library budget?")
    assert answer.citations[0].path == "libraries-2024.txt" and "£2.8m" in answer.answer
    if len(answer.citations) > 1:  # the earlier state, said as earlier
        assert answer.note and "Latest first" in answer.note
    assert not answer.note or "differ" not in answer.note  # two years' budgets: no clash


def test_a_figure_of_another_quantity_is_no_disagreement(bot: Briefbot) -> None:
    """A drawdown and the reserve's balance are two quantities, however close they sit."""
    answer = bot.ask("How much was drawn from the reserve for the transport review?")
    assert "£1.2m" in answer.answer
    assert not answer.note or "differ" not in answer.note


def news_papers(
    tmp_path: Path,
    engine_for: object,
    title: str,
    sentence: str,
    versions: list[tuple[str, str, str]],
    publishers: tuple[str, ...] = (),
) -> Briefbot:
    """An engine over news items under one title, each the sentence with its own value:
    versions are (name, value, date); publishers are given in the same order, if any."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for at, (name, value, day) in enumerate(versions):
        text = sentence.format(value)
        (corpus / f"{name}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
        publisher = f'publisher = "{publishers[at]}"\n' if at < len(publishers) else ""
        (corpus / f"{name}.txt.meta.toml").write_text(
            f'title = "{title}"\ndate = "{day}"\ndoc_type = "news"\n{publisher}',
            encoding="utf-8",
        )
    engine = engine_for(corpus)  # type: ignore[operator]
    engine.refresh()
    return engine


@pytest.mark.parametrize(
    ("publishers", "differ"),
    [
        ((), True),
        (("Wyeford Council", "Wyeford  council"), True),
        # two councils' papers, one template: each council's own pool, not one pool's two costs
        (("Wyeford Council", "Eastshire County Council"), False),
    ],
)
def test_the_same_quantity_in_two_papers_differing_is_flagged(
    tmp_path: Path, engine_for: object, publishers: tuple[str, ...], differ: bool
) -> None:
    engine = news_papers(
        tmp_path,
        engine_for,
        "Pool refurbishment",
        "The refurbishment of the swimming pool will cost {}, the council has confirmed.",
        [("council", "£4.5m", "2024-05-02"), ("news", "£5.4m", "2024-05-09")],
        publishers,
    )
    answer = engine.ask("How much will the swimming pool refurbishment cost?")
    assert "£4.5m" in answer.answer and "£5.4m" in answer.answer
    assert bool(answer.note and "The papers differ" in answer.note) is differ
    if differ:
        assert answer.note and "£4.5m" in answer.note and "£5.4m" in answer.note


def test_a_date_in_the_question_does_not_pull_in_a_sentence_repeating_it(bot: Briefbot) -> None:
    answer = bot.ask("What did the scrutiny committee decide on 12 March 2024 about transport?")
    assert "RESOLVED" in answer.answer


def test_follow_ups_read_the_question_before_and_a_new_topic_starts_afresh(bot: Briefbot) -> None:
    talk = Conversation()
    moved = bot.ask(
        "Who moved the motion on school transport at the scrutiny committee?", conversation=talk
    )
    assert "Councillor Dyer moved" in moved.answer
    seconded = bot.ask("and who seconded it?", conversation=talk)
    assert "seconded by Councillor Patel" in seconded.answer
    fresh = bot.ask("How many branches does the library service run?", conversation=talk)
    assert "eleven branches" in fresh.answer
    assert "seconded" not in fresh.answer


def test_refusals_say_so(bot: Briefbot) -> None:
    answer = bot.ask("How many potholes were filled on the A49 last winter?")
    assert answer.refused and answer.answer == REFUSAL and not answer.citations


def test_explain_shows_the_sentences_weighed_and_why(bot: Briefbot) -> None:
    answer = bot.ask("Which firm won the minibus contract?", explain=True)
    assert answer.considered and any(c.chosen for c in answer.considered)
    best = answer.considered[0]
    assert best.score >= max(c.score for c in answer.considered)
    assert {"sim", "tuned", "cover", "names"} <= set(best.features)
    assert best.contributions and best.locator.startswith("para")
    # the question-tuned encoder reads the question otherwise than the model itself
    assert any(c.features["tuned"] != c.features["sim"] for c in answer.considered)


def test_ask_explain_on_the_command_line(corpus_index: Settings) -> None:
    place = ["--corpus", str(corpus_index.corpus), "--index", str(corpus_index.index)]
    done = subprocess.run(
        [*BRIEFBOT, "ask", "Which firm won the minibus contract?", "--explain", *place],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Why this answer:" in done.stdout and "part 1:" in done.stdout
    assert "✓" in done.stdout
    as_json = subprocess.run(
        [*BRIEFBOT, "ask", "Which firm won the minibus contract?", "--explain", "--json", *place],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=300,
    )
    found = json.loads(as_json.stdout)
    assert found["considered"] and {"lead", "lead_start", "lead_end"} <= set(found["citations"][0])


@pytest.mark.parametrize(("second_year", "differ"), [("2023", False), ("2024", True)])
def test_this_year_in_papers_of_two_years_is_two_times_not_a_disagreement(
    tmp_path: Path, engine_for: object, second_year: str, differ: bool
) -> None:
    """A sentence saying "this year" reckons from its paper's date: 12 and 15 Green Flag parks
    a year apart are a change, not two papers differing; in papers of one year they differ."""
    engine = news_papers(
        tmp_path,
        engine_for,
        "Green Flag parks",
        "{} parks in Wyeford have been awarded Green Flag status this year, the council says.",
        [("parks", "12", "2024-07-02"), ("news", "15", f"{second_year}-07-09")],
    )
    answer = engine.ask("How many parks in Wyeford have Green Flag status?")
    assert "parks in Wyeford have been awarded" in answer.answer
    assert bool(answer.note and "The papers differ" in answer.note) is differ


def test_a_question_naming_no_council_is_asked_of_the_home_council(
    tmp_path: Path, engine_for: object
) -> None:
    """An index holding other councils' papers too (a neighbour's, the LGA's): a councillor's
    "our library", or a question that names no council at all, means the council set as home
    (Settings.council); a question naming another council still gets that council's."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, council, day in (
        ("wyeford", "Wyeford Council", "4 May 2024"),
        ("eastshire", "Eastshire County Council", "11 June 2024"),
    ):
        (corpus / f"{name}-libraries.txt").write_text(
            f"{council}: library opening hours\n\n"
            f"{council} has agreed that its central library will open on Sundays from {day}.\n",
            encoding="utf-8",
        )
        (corpus / f"{name}-libraries.txt.meta.toml").write_text(
            f'title = "{council}: library opening hours"\ndate = "2024-03-01"\n'
            f'doc_type = "news"\npublisher = "{council}"\n',
            encoding="utf-8",
        )
    engine = engine_for(corpus, council="Eastshire County Council")  # type: ignore[operator]
    engine.refresh()
    for question in (
        "When will our central library start opening on Sundays?",
        "From when does the central library open on Sundays?",
    ):
        answer = engine.ask(question)
        assert answer.citations and answer.citations[0].quote.find("11 June 2024") > 0, question
        assert "4 May 2024" not in answer.answer, question
    named = engine.ask("When will Wyeford's central library start opening on Sundays?")
    assert "4 May 2024" in named.citations[0].quote
