"""The answerer end to end on papers held in memory, with a small deterministic fake embedder
(hashed words) and the shipped scorer: no model, no Chroma, milliseconds per question. The same
behaviours are tested with the real model and index in tests/test_answering.py."""

from __future__ import annotations

import hashlib
import math

import numpy as np
import pytest

from briefbot.answering.answerer import Answerer, Sources
from briefbot.answering.candidates import Candidate, PaperView
from briefbot.answering.composer import AS_ABOVE, AS_ABOVE_ALL, REFUSAL, PartAnswer, choose
from briefbot.answering.explain import explanation_lines
from briefbot.answering.features import LABELS
from briefbot.answering.question import Part, parse
from briefbot.language.tokens import stems, words
from briefbot.models import Block, Paper, PaperMeta, Passage
from briefbot.store.retrieve import Hit

DIM = 64


def fake_encode(texts: list[str]) -> np.ndarray:
    """Each word stem hashed to a direction; a text is the unit sum of its words'."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        for stem in stems(words(text.lower())):
            digest = hashlib.sha1(stem.encode()).digest()
            out[row, digest[0] % DIM] += 1.0 if digest[1] % 2 else -1.0
        norm = float(np.linalg.norm(out[row]))
        if norm:
            out[row] /= norm
    return out


def paper(pid: str, date: str, paragraphs: list[str], title: str) -> Paper:
    text, blocks, at = "", [], 0
    for number, paragraph in enumerate(paragraphs, 1):
        if text:
            text += "\n\n"
            at += 2
        blocks.append(Block(start=at, end=at + len(paragraph), paragraph=number))
        text += paragraph
        at += len(paragraph)
    meta = PaperMeta(title=title, date=date, doc_type="report", publisher="Wyeford Council")
    return Paper(id=pid, path=f"{pid}.txt", meta=meta, text=text, blocks=blocks)


PAPERS = {
    p.id: p
    for p in [
        paper(
            "old",
            "2021-03-03",
            [
                "Cabinet approved the Riverside library budget of £2.1m on 3 March 2021.",
                "The library will open in spring 2022 after building work.",
            ],
            "Riverside library report",
        ),
        paper(
            "new",
            "2023-06-09",
            [
                "Cabinet approved the Riverside library budget of £2.6m on 9 June 2023.",
                "Councillor Ann Shaw chairs the children's scrutiny committee.",
                "The committee will next meet on 9 July 2024.",
            ],
            "Riverside library update",
        ),
    ]
}


def sources() -> Sources:
    passages = [
        Passage(
            id=f"{p.id}-{b.paragraph}",
            paper_id=p.id,
            path=p.path,
            title=p.meta.title,
            date=p.meta.date,
            doc_type=p.meta.doc_type,
            text=p.text[b.start : b.end],
            start=b.start,
            end=b.end,
            paragraph_start=b.paragraph,
            paragraph_end=b.paragraph,
        )
        for p in PAPERS.values()
        for b in p.blocks
    ]
    vocabulary = [set(stems(words(x.text.lower()))) for x in passages]

    def retrieve(search: str, hints: str = "") -> list[Hit]:
        asked = set(stems(words(search.lower())))
        scored = [
            (len(asked & v) / (1 + len(v)), x) for v, x in zip(vocabulary, passages, strict=True)
        ]
        return [Hit(x, s, keyword=s) for s, x in sorted(scored, key=lambda t: -t[0]) if s > 0]

    def idf(stem: str) -> float:
        having = sum(stem in v for v in vocabulary)
        return math.log(1 + (len(passages) - having + 0.5) / (having + 0.5))

    return Sources(
        retrieve=retrieve,
        paper=PAPERS.__getitem__,
        encode=fake_encode,
        idf=idf,
        key="memory",
        known=lambda stem: any(stem in v for v in vocabulary),
    )


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return Answerer()


def held(view: PaperView, index: int, features: dict[str, float], score: float = 3.0) -> Candidate:
    """A candidate sentence of a paper held in memory, found in a passage of its own (dated as
    its paper), with the features the composer reads."""
    paper_of = view.paper
    passage = Passage(
        id=paper_of.id,
        paper_id=paper_of.id,
        path=paper_of.path,
        title=paper_of.meta.title,
        text="",
        start=0,
        end=0,
        date=paper_of.meta.date,
    )
    found = Candidate(view, index, Hit(passage, 1), 0, score=score)
    found.features = features
    return found


def sure(part: Part, ranked: list[Candidate]) -> PartAnswer:
    """What the composer chooses for a part the judge is sure the papers answer."""
    return choose(part, ranked, confidence=0.9, threshold=0.1, margin=1.0)


def verbatim(answer_citations: list, text_of: dict[str, str]) -> None:  # type: ignore[type-arg]
    for c in answer_citations:
        assert text_of[c.paper_id][c.start : c.end] == c.quote


def test_a_when_question_quotes_the_sentence_with_its_date(answerer: Answerer) -> None:
    answer = answerer.ask("When will the scrutiny committee next meet?", sources())
    assert not answer.refused and "9 July 2024" in answer.answer
    verbatim(answer.citations, {p.id: p.text for p in PAPERS.values()})


def test_two_questions_in_one_are_answered_part_by_part(answerer: Answerer) -> None:
    answer = answerer.ask(
        "Who chairs the children's scrutiny committee, and when does it next meet?", sources()
    )
    assert len(answer.parts) == 2
    lines = answer.answer.splitlines()
    assert "Ann Shaw" in lines[0] and "9 July 2024" in lines[1]


def test_another_papers_value_for_the_same_statement_is_shown(answerer: Answerer) -> None:
    answer = answerer.ask("How much was the Riverside library budget?", sources())
    assert {c.paper_id for c in answer.citations} == {"old", "new"}
    assert "£2.6m" in answer.answer and "£2.1m" in answer.answer


def test_the_latest_paper_comes_first_for_now(answerer: Answerer) -> None:
    answer = answerer.ask("What is the Riverside library budget now?", sources())
    assert answer.citations[0].paper_id == "new"


def test_nothing_retrieved_is_a_refusal(answerer: Answerer) -> None:
    answer = answerer.ask("What is the pothole backlog in Tarnby?", sources())
    assert answer.refused and answer.answer == REFUSAL and not answer.citations


def test_explain_lists_what_was_weighed(answerer: Answerer) -> None:
    answer = answerer.ask("When will the scrutiny committee next meet?", sources(), explain=True)
    chosen = [c for c in answer.considered if c.chosen]
    assert chosen and "9 July 2024" in chosen[0].text
    assert chosen[0].contributions and chosen[0].features
    said = "\n".join(explanation_lines(answer, width=80))
    pushes = sorted(chosen[0].contributions.items(), key=lambda kv: -abs(kv[1]))
    name, push = pushes[0]
    assert f"{LABELS[name]} ({chosen[0].features[name]:.2f}) {push:+.2f}" in " ".join(said.split())


def test_a_sentence_answering_two_parts_is_quoted_and_cited_once(answerer: Answerer) -> None:
    answer = answerer.ask(
        "How much was the Riverside library budget in 2021, and when did Cabinet approve it?",
        sources(),
    )
    spans = [(c.paper_id, c.start, c.end) for c in answer.citations]
    assert len(spans) == len(set(spans))
    assert [c.n for c in answer.citations] == list(range(1, len(spans) + 1))
    first, second = answer.answer.splitlines()
    assert "£2.1m" in first and "£2.1m" not in second
    # the quotes above are pointed to once, all their markers together ("… too. [1] [2]")
    pointer = AS_ABOVE if second.count("[") == 1 else AS_ABOVE_ALL
    assert second.startswith(pointer) and second.count(pointer) == 1
    assert answer.answer.count("approved the Riverside library budget of £2.1m") == 1


def test_the_passages_read_come_in_the_order_their_sentences_rank() -> None:
    """Retrieval put the answer's passage last; the answer lists the passage it quotes first."""
    reversed_sources = sources()
    found = reversed_sources.retrieve
    reversed_sources.retrieve = lambda search, hints="": found(search, hints)[::-1]
    answer = Answerer().ask("When will the scrutiny committee next meet?", reversed_sources)
    assert "9 July 2024" in answer.answer
    assert answer.passages[0].text == "The committee will next meet on 9 July 2024."


def test_a_list_no_list_holds_is_answered_by_its_papers_sentences() -> None:
    """Risks written as sentences, not bullets: the answer takes the paper's sentences ranked
    near the best, not another paper's."""
    report = paper(
        "risks",
        "2024-01-10",
        [
            "The first risk is a legal challenge to the new policy. "
            "A second risk is reputational damage if families are not told in time. "
            "Appeals to the transport panel may also rise.",
        ],
        "School transport report",
    )
    other = paper("other", "2024-02-01", ["The risk of flooding is low."], "Flood report")
    views = {p.id: PaperView(p) for p in (report, other)}
    hit = Hit(Passage(id="x", paper_id="risks", path="r", title="t", text="", start=0, end=0), 1)
    scores = {("risks", 0): 3.0, ("risks", 1): 2.5, ("other", 0): 2.2, ("risks", 2): 1.4}
    ranked = [Candidate(views[pid], i, hit, 0, score=s) for (pid, i), s in scores.items()]
    part = parse("What risks does the report identify?").parts[0]
    assert part.wants_list
    chosen = sure(part, ranked).chosen
    assert [(c.paper_id, c.index) for c in chosen] == [("risks", 0), ("risks", 1), ("risks", 2)]
    single = parse("What is the main risk?").parts[0]
    plain = sure(single, ranked).chosen
    assert [(c.paper_id, c.index) for c in plain] == [("risks", 0), ("risks", 1), ("other", 0)]


def test_a_sentence_another_quote_leans_on_is_shown_once_in_its_place() -> None:
    minutes = paper(
        "mins",
        "2022-03-31",
        [
            "The chairperson of the scrutiny committee spoke on the report. "
            "He commented that a three year period was required to deliver the plan."
        ],
        "Cabinet minutes",
    )
    view = PaperView(minutes)
    assert view.lead(1) == 0
    hit = Hit(Passage(id="m", paper_id="mins", path="m", title="t", text="", start=0, end=0), 1)
    ranked = [Candidate(view, 0, hit, 0, score=3.0), Candidate(view, 1, hit, 0, score=2.8)]
    part = parse("Who spoke for the scrutiny committee?").parts[0]
    result = sure(part, ranked)
    assert [(q.start, q.end, q.lead) for q in result.quotes] == [
        (view.sentences[1].start, view.sentences[1].end, (0, view.sentences[0].end))
    ]
    assert [c.index for c in result.chosen] == [1]


def test_a_vote_is_answered_with_its_introduction_and_all_its_lines() -> None:
    """ "How many voted against?" ranks a bare "Against (0)" first: alone it says nothing of
    which motion, nor of the other counts; the answer quotes the introduction and the lines."""
    from tests.unit.test_candidates import VOTE

    minutes = paper("mins", "2025-02-13", VOTE, "County Council minutes")
    view = PaperView(minutes)
    hit = Hit(Passage(id="m", paper_id="mins", path="m", title="t", text="", start=0, end=0), 1)
    against = next(i for i in range(len(view.sentences)) if view.text(i) == "Against (0)")
    ranked = [
        Candidate(view, against, hit, 0, score=3.0),
        Candidate(view, len(view.sentences) - 1, hit, 0, score=1.0),
    ]
    part = parse("How many councillors voted against the section 25 report?").parts[0]
    result = sure(part, ranked)
    shown = [minutes.text[q.start : q.end] for q in result.quotes]
    assert shown == VOTE[:7]
    assert result.listed and all(q.item for q in result.quotes[1:])


def test_a_list_written_as_lines_under_its_introduction_is_the_list_answer() -> None:
    """Apologies written one name a line, without bullets, under "…received from:": a list
    question is answered with the introduction and every line, even when a line ranks first;
    a question about one of them, by that line."""
    minutes = paper(
        "apol",
        "2024-05-01",
        [
            "Apologies for absence were received from:",
            "Cllr Ann Smith",
            "Cllr Bob Jones (Chairman of the Finance Committee, away on Council Business)",
            "Cllr Cara Lee",
            "The minutes of the last meeting were agreed as a correct record.",
        ],
        "Parish council minutes",
    )
    view = PaperView(minutes)
    hit = Hit(Passage(id="a", paper_id="apol", path="a", title="t", text="", start=0, end=0), 1)
    ranked = [
        Candidate(view, 2, hit, 0, score=3.0),
        Candidate(view, 4, hit, 0, score=2.9),
    ]
    part = parse("Which councillors sent their apologies?").parts[0]
    assert part.wants_list
    result = sure(part, ranked)
    assert [minutes.text[q.start : q.end] for q in result.quotes] == [
        "Apologies for absence were received from:",
        "Cllr Ann Smith",
        "Cllr Bob Jones (Chairman of the Finance Committee, away on Council Business)",
        "Cllr Cara Lee",
    ]
    single = parse("Where was Cllr Jones?").parts[0]
    alone = sure(single, ranked)
    assert [minutes.text[q.start : q.end] for q in alone.quotes][0].startswith("Cllr Bob Jones")
    assert not alone.listed


def test_a_close_runner_up_giving_another_date_is_shown_beside_the_best() -> None:
    """Two sentences a little apart in rank that give two dates for the thing asked: both are
    shown, not the first alone; a runner-up far behind, or one whose date agrees, is not."""
    news = paper(
        "news",
        "2022-11-25",
        [
            "The £6.49m is the remaining amount of £11.49m funding, approved by Cabinet in March "
            "2022. Cabinet approved the use of £6.49m funding at a meeting held on 24 November "
            "2022. Cabinet approved the £6.49m in November 2022, the council said."
        ],
        "Cabinet approves remaining funding",
    )
    view = PaperView(news)
    hit = Hit(Passage(id="n", paper_id="news", path="n", title="t", text="", start=0, end=0), 1)
    part = parse("When did Cabinet approve the remaining £6.49m?").parts[0]

    def shown(second: float) -> list[int]:
        ranked = [
            Candidate(view, 0, hit, 0, score=5.0),
            Candidate(view, 1, hit, 0, score=second),
        ]
        return [c.index for c in choose(part, ranked, 0.9, 0.1, margin=1.0).chosen]

    assert shown(3.5) == [0, 1]  # 1.5 behind: beyond the margin, but another date
    assert shown(2.5) == [0]  # 2.5 behind: too far
    agreeing = [Candidate(view, 1, hit, 0, score=5.0), Candidate(view, 2, hit, 0, score=3.5)]
    assert [c.index for c in choose(part, agreeing, 0.9, 0.1, margin=1.0).chosen] == [1]


def test_a_sentence_quoted_for_one_part_answers_another_only_with_something_of_its_own() -> None:
    """ "How many extra teams, and how many social workers is that?": the sentence giving the
    teams is the best match for both parts, but its one count answered the first; for the
    second it is no evidence. A sentence giving each part its own value still answers both."""
    from types import SimpleNamespace

    from briefbot.answering.composer import PartAnswer, remember, told

    teams = SimpleNamespace(
        paper_id="news", index=4, text="Five extra social work teams have been added."
    )
    both = SimpleNamespace(
        paper_id="news", index=7, text="Cabinet approved the budget of £2.1m on 3 March 2021."
    )
    counts = parse(
        "How many extra social work teams were added, and how many social workers is that?"
    )
    said: dict[tuple[str, int], set[str]] = {}
    remember(PartAnswer(counts.parts[0], [], chosen=[teams]), said)  # type: ignore[list-item]
    assert told(counts.parts[1], teams, said)  # type: ignore[arg-type]
    money = parse("How much was the library budget, and when did Cabinet approve it?")
    remember(PartAnswer(money.parts[0], [], chosen=[both]), said)  # type: ignore[list-item]
    assert not told(money.parts[1], both, said)  # type: ignore[arg-type]  # a date of its own
    assert not told(money.parts[1], teams, {})  # type: ignore[arg-type]  # quoted for no part


def test_a_sentence_already_shown_is_not_repeated_before_the_quote_leaning_on_it() -> None:
    """Two quotes leaning on one speaker's sentence, or on a sentence an earlier part quoted,
    show it once: 'Mr Freeman said.' opened [1], [2] and [3] alike."""
    from types import SimpleNamespace

    from briefbot.answering.composer import PartAnswer, part_text
    from briefbot.models import Citation

    said_it = "Five extra social work teams were added, Mr Freeman said."
    first = "\u201cCaseloads have halved,\u201d he added."
    second = "\u201cFewer children come into care.\u201d"
    text = f"{said_it} {first} {second}"

    def cited(n: int, quote: str, lead: bool) -> Citation:
        start = text.index(quote)
        return Citation(
            n=n,
            paper_id="news",
            title="News",
            locator="para 1",
            path="news.txt",
            quote=quote,
            start=start,
            end=start + len(quote),
            lead=said_it if lead else None,
            lead_start=0 if lead else None,
            lead_end=len(said_it) if lead else None,
        )

    part = parse("What did Mr Freeman say?").parts[0]
    quotes = [SimpleNamespace(item=False), SimpleNamespace(item=False)]
    answer = PartAnswer(part, [], quotes=quotes)  # type: ignore[arg-type]
    shown = part_text(answer, [cited(1, first, True), cited(2, second, True)])
    assert shown.count(said_it) == 1 and shown.startswith(said_it)
    assert f"… {second} [2]" in shown
    # a sentence an earlier part quoted is not repeated before a later part's quote either
    earlier = cited(1, said_it, False)
    spans: set[tuple[str, int, int]] = set()
    part_text(PartAnswer(part, [], quotes=quotes[:1]), [earlier], (), spans)  # type: ignore[arg-type]
    later = part_text(PartAnswer(part, [], quotes=quotes[:1]), [cited(2, first, True)], (), spans)  # type: ignore[arg-type]
    assert later == f"… {first} [2]"


def test_the_sentence_after_carrying_what_is_asked_is_quoted_on_into() -> None:
    """The answer in the next sentence: the chosen sentence matches the question but gives no
    amount; the sentence after it, in its paragraph, does, and the quote runs on into it. A
    sentence that gives the amount itself, or one whose next sentence sits in another
    paragraph, is quoted alone."""
    report = paper(
        "hra",
        "2024-01-25",
        [
            "A lower rent increase of 5% was modelled. It would cost the HRA £1.6m a year.",
            "Officers recommended the maximum rise.",
        ],
        "Rent report",
    )
    view = PaperView(report)
    part = parse("How much would the lower rent increase cost?").parts[0]
    modelled = held(view, 0, {"entity_how_much": 0.0, "entity_next": 1.0})
    result = sure(part, [modelled])
    assert [(q.start, q.end) for q in result.quotes] == [(0, view.sentences[1].end)]
    assert "£1.6m" in report.text[result.quotes[0].start : result.quotes[0].end]
    costed = held(view, 1, {"entity_how_much": 1.0, "entity_next": 0.0})
    alone = sure(part, [costed]).quotes[0]
    assert (alone.start, alone.end) == (view.sentences[1].start, view.sentences[1].end)
    last = held(view, 1, {"entity_how_much": 0.0, "entity_next": 1.0})  # next: another paragraph
    kept = sure(part, [last]).quotes[0]
    assert kept.end == view.sentences[1].end


def test_the_sentence_before_carrying_what_is_asked_is_shown_with_the_quote() -> None:
    grant = paper(
        "dfe",
        "2022-03-31",
        ["The DfE grant came to £1.7m in all. Officers spent the grant on agency staff."],
        "R",
    )
    view = PaperView(grant)
    part = parse("How much of the grant did officers spend on agency staff?").parts[0]
    spent = held(view, 1, {"entity_how_much": 0.0, "entity_next": 0.0, "entity_prev": 1.0})
    quote = sure(part, [spent]).quotes[0]
    assert (quote.start, quote.end) == (view.sentences[1].start, view.sentences[1].end)
    assert quote.lead == (view.sentences[0].start, view.sentences[0].end)


def test_to_a_question_about_now_a_later_papers_other_value_comes_first() -> None:
    """The ranker prefers the older paper's wording by far; the later paper's statement of the
    same thing with another date is still shown, first, for it is what holds now. A later
    paper about something else is not."""
    old = PaperView(
        paper("old", "2024-10-16", ["The statutory override currently ends in March 2026."], "A")
    )
    new = PaperView(
        paper("new", "2025-02-27", ["The Government has extended the override to March 2028."], "B")
    )
    other = PaperView(paper("oth", "2025-03-01", ["Bills will be sent from 10 March 2025."], "C"))

    def candidate(view: PaperView, score: float, cover: float) -> Candidate:
        return held(view, 0, {"names": 1.0, "cover_window": cover, "entity_when": 1.0}, score)

    part = parse("When does the statutory override run to now?").parts[0]
    assert part.time == "now"
    best, later, unrelated = (
        candidate(old, 11.0, 0.8),
        candidate(new, 6.5, 0.6),
        candidate(other, 6.4, 0.1),
    )
    result = sure(part, [best, later, unrelated])
    assert [c.paper_id for c in result.chosen] == ["new", "old"]
    asked_then = parse("When does the statutory override end?").parts[0]
    alone = sure(asked_then, [best, later, unrelated])
    assert [c.paper_id for c in alone.chosen] == ["old"]


def test_asked_how_a_vote_went_a_motion_runs_on_into_the_vote_after_it() -> None:
    minutes = paper(
        "stk",
        "2024-02-22",
        [
            "Councillor Doyle moved an amendment, seconded by Councillor Walsh, to limit the rent "
            "rise to 5%.",
            "Upon being put to the vote, the amendment was lost, with 20 votes for, 38 against "
            "and 3 abstentions.",
            "The substantive motion was then debated.",
        ],
        "Council minutes",
    )
    view = PaperView(minutes)
    moved = held(view, 0, {"record_vote": 0.0})
    part = parse("How did the vote on the 5% amendment go?").parts[0]
    quote = sure(part, [moved]).quotes[0]
    assert (quote.start, quote.end) == (0, view.sentences[1].end)  # the motion and its vote
    asked_who = parse("Who moved the 5% amendment?").parts[0]
    alone = sure(asked_who, [moved]).quotes[0]
    assert alone.end == view.sentences[0].end


def test_asked_who_said_a_point_in_reported_speech_the_paragraphs_speaker_is_shown() -> None:
    minutes = paper(
        "cab",
        "2022-03-31",
        [
            "The chairperson of the scrutiny committee spoke on the report. The committee had "
            "not yet scrutinised it. Good project management was critical to the improvement."
        ],
        "Cabinet minutes",
    )
    view = PaperView(minutes)
    point = held(view, 2, {"entity_who": 0.0})
    asked_who = parse("Who told Cabinet that good project management was critical?").parts[0]
    quote = sure(asked_who, [point]).quotes[0]
    assert quote.lead == (view.sentences[0].start, view.sentences[0].end)
    asked_what = parse("What was said to be critical to the improvement?").parts[0]
    alone = sure(asked_what, [point]).quotes[0]
    assert alone.lead is None
