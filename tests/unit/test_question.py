"""Parsing questions (no model): parts, preambles, kinds, subjects, names and time."""

from __future__ import annotations

import pytest

from briefbot.answering.kinds import question_kind
from briefbot.answering.question import parse


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Who chairs the committee, and when does it next meet?",
            ["Who chairs the committee", "when does it next meet?"],
        ),
        ("Who proposed and who seconded the motion?", ["Who proposed", "who seconded the motion?"]),
        ("How much was approved and when?", ["How much was approved", "when?"]),
        (
            "At Norfolk's Cabinet, who moved the amendment?",
            ["At Norfolk's Cabinet, who moved the amendment?"],
        ),
        ("What are the risks and benefits?", ["What are the risks and benefits?"]),
        (
            "When did Cabinet meet? What did it decide?",
            ["When did Cabinet meet?", "What did it decide?"],
        ),
        (  # contractions are question words too
            "What's Ofsted's verdict on us, and when were the inspectors in?",
            ["What's Ofsted's verdict on us", "when were the inspectors in?"],
        ),
        ("What was agreed, and for how much?", ["What was agreed", "for how much?"]),
        (  # a lead-in, then a question, then another
            "In the s151 officer's view, is the budget robust, and are the reserves adequate?",
            ["In the s151 officer's view, is the budget robust", "are the reserves adequate?"],
        ),
    ],
)
def test_two_questions_in_one_are_split(question: str, parts: list[str]) -> None:
    assert [p.text for p in parse(question).parts] == parts


def test_a_part_without_its_own_subject_borrows_its_neighbours() -> None:
    second = parse("Who chairs the committee, and when does it next meet?").parts[1]
    assert "committee" in second.focus and second.kind == "when" and second.time == "future"
    when = parse("How much was approved and when?").parts[1]
    assert "approved" in when.focus


def test_a_preamble_is_kept_apart_and_lends_its_subject_to_it() -> None:
    question = parse(
        "A parent emailed me, worried about school transport. What has the council said about it?"
    )
    assert question.preamble == "A parent emailed me, worried about school transport."
    (part,) = question.parts
    assert part.text == "What has the council said about it?"
    assert "school transport" in part.focus and "parent" not in part.focus
    colon = parse("I'm on the committee and can't remember: had we scrutinised it?")
    assert colon.parts[0].kind == "yes_no"


def test_a_question_before_a_colon_is_the_topic_of_the_parts_after_it() -> None:
    """ "How did X vote on Y: how many for and how many against?" asks two counts about one
    vote: the clause before the colon is lent to both, and is no part of its own; each part
    keeps to its own question, not its neighbour's words."""
    question = parse(
        "How did the county council vote on noting the s25 report: "
        "how many for and how many against?"
    )
    assert [p.text for p in question.parts] == ["how many for", "how many against?"]
    for part, other in zip(question.parts, ("against", "for"), strict=True):
        assert "vote" in part.focus and "report" in part.focus
        assert other not in part.focus.split()
    (single,) = parse("Quick one: who chairs the committee?").parts
    assert single.text == "who chairs the committee?"


def test_a_count_that_leaves_out_what_it_counts_borrows_it() -> None:
    """A count such as "How many did Lancashire repair?" names no thing counted: the preamble
    holds it. A question that names it, or asks for a number without "how many", borrows
    nothing."""
    (part,) = parse(
        "Potholes are all anyone talks about in my division. How many did Lancashire repair?"
    ).parts
    assert "Potholes" in part.focus and part.counted == ""
    (named,) = parse("Potholes again. How many potholes did Lancashire repair?").parts
    assert named.counted == "potholes" and "again" not in named.focus
    (number,) = parse("Quick one: what item number was the transport report on the agenda?").parts
    assert number.focus == "what item number was the transport report on the agenda?"
    second = parse("How many homes are planned, and how many will be for social rent?").parts[1]
    assert "homes" in second.focus


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When did Cabinet meet?", "when"),
        ("From when will Essex require booking at its tips?", "when"),
        ("How much was approved?", "how_much"),
        ("What fine was imposed on the licence holder?", "how_much"),
        ("What council tax increase has Cardiff set for 2024/25?", "how_much"),
        ("What's the forecast overspend?", "how_much"),
        ("What will Norfolk charge post-16 students?", "how_much"),
        ("What proportion of pupils have used a vape?", "how_much"),
        ("How many teams were added?", "how_many"),
        ("How long will it take?", "how_long"),
        ("How often is progress reported?", "how_often"),
        ("Who is the chief executive?", "who"),
        ("Which government department gave the grant?", "who"),
        ("Why was the plan changed?", "why"),
        ("What prompted the chief executive to write?", "why"),
        ("How is the service rated?", "rating"),
        # the inspector as the subject, and the verdict asked in the active voice
        ("What did Ofsted rate the council's children's services?", "rating"),
        ("How did inspectors judge the service?", "rating"),
        ("What were children's services judged to be?", "rating"),
        # "rate" and "judge" as nouns ask no verdict
        ("How did the rate change?", "what"),
        ("How did the judge rule?", "what"),
        ("Did the committee support the proposal?", "yes_no"),
        ("Is any of the money still to be approved?", "yes_no"),
        ("What risks does the report identify?", "list"),
        ("Which supporting documents were published?", "list"),
        ("What did the review recommend?", "list"),
        ("What did the LGA do?", "what"),
        ("What is the latest position on the reserves?", "what"),
    ],
)
def test_kinds(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_time_sense_names_and_subjects() -> None:
    assert parse("When is the next Ofsted inspection?").parts[0].time == "future"
    assert parse("What is the current library budget?").parts[0].time == "now"
    assert parse("When did Cabinet approve it?").parts[0].time == "past"
    part = parse("How much did Worcestershire County Council invest in libraries?").parts[0]
    assert part.names == {"worcestershir"} and "libraries" in part.subject
    assert parse("What did the DCS say?").parts[0].names == set()  # a glossary term, not a name


def test_roles_actions_and_counts() -> None:
    assert parse("Who chairs the scrutiny committee?").parts[0].roles == ("chairs",)
    assert parse("What did Cabinet decide about the libraries?").parts[0].action == ("decide",)
    assert parse("What did the chair think of it?").parts[0].action == ()
    assert parse("How many children took part in the festival?").parts[0].counted == "children"


def test_the_search_text_adds_the_other_forms_of_an_abbreviation() -> None:
    assert "Director of Children's Services" in parse("What did the DCS say?").parts[0].search
    assert "DCS" in parse("What did the Director of Children's Services say?").parts[0].search


@pytest.mark.parametrize(
    ("question", "sentence", "vote", "mover"),
    [
        ("How many voted for the amendment?", "For (14)", 1.0, 0.0),
        ("What was the vote, for and against?", "For: 7, Against: 2, Abstentions: 1", 1.0, 0.0),
        ("How many voted for the amendment?", "The amendment was moved by Mr Hood.", 0.0, 0.0),
        ("Who seconded the amendment?", "Mr Hood proposed, and Mr Baldock seconded", 0.0, 1.0),
        ("Who seconded the amendment?", "For (14)", 0.0, 0.0),
        ("Who chairs the committee?", "Mr Hood proposed, and Mr Baldock seconded", 0.0, 0.0),
    ],
)
def test_a_minutes_record_counts_only_where_the_question_asks_it(
    question: str, sentence: str, vote: float, mover: float
) -> None:
    from briefbot.answering.candidates import Candidate, PaperView
    from briefbot.answering.features import _record
    from briefbot.models import Block, Paper, PaperMeta, Passage
    from briefbot.store.retrieve import Hit

    paper = Paper(
        id="p",
        path="p.txt",
        meta=PaperMeta(title="Minutes"),
        text=sentence,
        blocks=[Block(start=0, end=len(sentence), paragraph=1)],
    )
    passage = Passage(
        id="p-1", paper_id="p", path="p.txt", title="Minutes", text=sentence, start=0, end=1
    )
    candidate = Candidate(PaperView(paper), 0, Hit(passage, 1.0), 0)
    part = parse(question).parts[0]
    assert _record(part, candidate) == {"record_vote": vote, "record_mover": mover}


def test_a_part_naming_nothing_takes_the_names_the_other_parts_give() -> None:
    first, second = parse(
        "Who chaired Newbiggin Parish Council in 2019, and how much is the village hall charge?"
    ).parts
    assert second.names == first.names == {"newbiggin"}
    assert "newbiggin" in second.search.lower()
    kent, surrey = parse("Who leads Kent County Council, and who leads Surrey?").parts
    assert "surrey" in surrey.names and "kent" not in surrey.names


def test_a_part_naming_no_one_is_asked_of_the_home_council() -> None:
    from briefbot.answering.question import at_home
    from briefbot.language.names import council_names

    home = council_names("Herefordshire Council")
    assert home and not home & council_names("Council")  # "council" tells no council apart
    asked = at_home(parse("What's Ofsted's verdict on us, and when were inspectors in?"), home)
    assert [part.names for part in asked.parts] == [home, home]  # "Ofsted": a glossary term
    kent = at_home(parse("What's Ofsted's verdict, and when did Kent's inspectors visit?"), home)
    assert all(part.names == {"kent"} for part in kent.parts)  # both parts are about Kent
    named = parse("Who said Herefordshire's plan was in place?")
    assert at_home(named, council_names("Kent County Council")) == named
    assert at_home(named, frozenset()) == named
