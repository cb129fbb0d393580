"""What minutes record of a motion, read from the words clerks use: movers and seconders in each
way they are written, recorded votes as lists, roll calls and inline tallies, and outcomes."""

from __future__ import annotations

from briefbot.ingest.minutes import record_of
from briefbot.models import Vote


def test_mover_and_seconder_written_either_way_round() -> None:
    for text, moved, seconded in [
        (
            "Mr Gough proposed, and Mr Brady seconded that Mr G Cooke be elected.",
            "Mr Gough",
            "Mr Brady",
        ),
        (
            "Cllr O’Leary was re-elected, proposed by Cllr Simkins and seconded by Cllr Brennan.",
            "Cllr Simkins",
            "Cllr Brennan",
        ),
        (
            "The Reserves Policy was approved. Proposed by the Chairman, seconded by Cllr Coppard.",
            "the Chairman",
            "Cllr Coppard",
        ),
        (
            "Commissioner Perez moved and Chair Ramirez seconded to approve the consent calendar.",
            "Commissioner Perez",
            "Chair Ramirez",
        ),
    ]:
        record = record_of(text)
        assert record is not None, text
        assert (record.moved_by, record.seconded_by) == ((moved,), (seconded,)), text


def test_a_vote_listed_under_its_counts_with_names_wrapped_over_lines() -> None:
    text = "\n\n".join(
        [
            "18) The Chairman put the amendment to the vote and the voting was as follows:",
            "For (3)",
            "Mr Baldock, Mr Brady, Mr",
            "Hook",
            "Against (2)",
            "Mrs Bell, Mr Bond",
            "Abstain (1)",
            "Mr Webb",
            "Amendment lost.",
        ]
    )
    record = record_of(text)
    assert record is not None
    assert record.votes == (
        Vote(side="for", count=3, names=("Mr Baldock", "Mr Brady", "Mr Hook")),
        Vote(side="against", count=2, names=("Mrs Bell", "Mr Bond")),
        Vote(side="abstained", count=1, names=("Mr Webb",)),
    )
    assert record.outcome == "lost"
    assert record.brief == "For 3; against 2; abstained 1; lost"


def test_a_roll_call_and_an_inline_tally() -> None:
    record = record_of(
        "MOTION CARRIED BY THE FOLLOWING ROLL CALL VOTE:\n\nAYES: Commissioners *Davis and "
        "Perez, and Chair Ramirez\n\nNOES: None\n\nABSENT: Commissioner Rios"
    )
    assert record is not None and record.outcome == "carried"
    assert [(v.side, v.count) for v in record.votes] == [("for", 3), ("against", 0), ("absent", 1)]
    tally = record_of("RESOLVED that the budget be approved. For: 7, Against: 2, Abstentions: 1")
    assert tally is not None and tally.resolved
    assert [(v.side, v.count) for v in tally.votes] == [
        ("for", 7),
        ("against", 2),
        ("abstained", 1),
    ]


def test_words_that_only_look_like_a_motion_record_nothing() -> None:
    for text in [
        "Those against the plan spoke for ten minutes.",
        "The work was carried out by volunteers for 2 years.",
        "For more information contact the clerk.",
    ]:
        assert record_of(text) is None, text


def test_an_honour_after_a_name_stays_with_it() -> None:
    """Kent's printed minutes list "Sir Paul Carter, CBE, Mrs Chandler": the honour is part of the
    name before it, not a member of its own."""
    text = "For (4)\n\nMrs Binks, Sir Paul Carter, CBE, Mr Hill, OBE, Mr Sandhu, MBE"
    record = record_of(text)
    assert record is not None
    assert record.votes[0].names == (
        "Mrs Binks",
        "Sir Paul Carter, CBE",
        "Mr Hill, OBE",
        "Mr Sandhu, MBE",
    )


def test_a_mover_named_before_the_seconder_and_a_vote_naming_its_motion() -> None:
    """Scottish minutes write "X, seconded by Y, moved" (the mover is X, not the name just
    before "moved") and "For the amendment (5): Councillors ..." (the motion named between the
    side and its count, the names after a colon)."""
    record = record_of(
        "Councillor Forsyth, seconded by Councillor Ewart, moved an amendment that rents rise 5%."
        "\n\nFor the amendment (5): Councillors Dalgleish, Ewart, Forsyth, Renton, Semple"
        "\n\nAgainst the amendment (11): Provost Haldane, Councillors Baird, Cockburn, Gourlay, "
        "Hepburn, Lauder, Muir, Pringle, Tait, Urquhart, Yule\n\nAbstentions (0)"
        "\n\nThe amendment therefore fell."
    )
    assert record is not None
    assert record.moved_by == ("Councillor Forsyth",)
    assert record.seconded_by == ("Councillor Ewart",)
    assert [(v.side, v.count) for v in record.votes] == [
        ("for", 5),
        ("against", 11),
        ("abstained", 0),
    ]
    assert record.votes[0].names[-1] == "Semple" and record.outcome == "lost"


def test_every_side_of_a_tally_on_one_line_is_read() -> None:
    record = record_of("For: 7, Against: 2. The motion was carried.")
    assert record is not None
    assert [(v.side, v.count) for v in record.votes] == [("for", 7), ("against", 2)]
    in_favour = record_of("In favour of the motion: 9, against: 3")
    assert in_favour is not None
    assert [(v.side, v.count) for v in in_favour.votes] == [("for", 9), ("against", 3)]


def test_votes_counted_in_prose_and_given_as_a_result() -> None:
    """Counts written before their sides, as Stockport, Derbyshire and Perth and Kinross write
    them, and a result with its tally, as London (Ontario) does; a number before "for" in
    ordinary prose is no vote."""
    for text, expected in [
        (
            "Upon being put to the vote, the amendment was lost, with 20 votes for, 38 against "
            "and 3 abstentions.",
            [("for", 20), ("against", 38), ("abstained", 3)],
        ),
        (
            "The recommendations were carried, with 6 votes for and 1 abstention (Councillor "
            "Cole).",
            [("for", 6), ("abstained", 1)],
        ),
        (
            "11 members voted for the Motion as follows: Councillors Cameron and Fraser.",
            [("for", 11)],
        ),
        ("1 member abstained as follows: Councillor Stewart.", [("abstained", 1)]),
        ("Motion Passed (9 to 6)", [("for", 9), ("against", 6)]),
        ("Their amendment was defeated by 42 votes to 26.", [("for", 42), ("against", 26)]),
        (
            "The budget was approved at a meeting of Full Council this evening, by 41 votes to 27.",
            [("for", 41), ("against", 27)],
        ),
        (
            "A recorded vote was then taken. There voted for 38, against 21, and 2 abstained.",
            [("for", 38), ("against", 21), ("abstained", 2)],
        ),
    ]:
        record = record_of(text)
        assert record is not None, text
        assert [(v.side, v.count) for v in record.votes] == expected, text
    assert record_of("Motion Passed (9 to 6)").outcome == "carried"  # type: ignore[union-attr]
    for prose in (
        "Cabinet agreed to provide 40 for children in care.",
        "There are 20 councillors for the ward and 12 for the town.",
        "Prices rose by 3 to 4 per cent.",
        "Members voted for 12 months of trials.",
    ):
        record = record_of(prose)
        assert record is None or not record.votes, prose
