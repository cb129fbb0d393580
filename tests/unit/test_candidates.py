"""Reading a paper into sentences with what each leans on, and its lists (no model)."""

from __future__ import annotations

from briefbot.answering.candidates import PaperView
from briefbot.models import Block, Paper, PaperMeta


def paper_of(paragraphs: list[str], items: set[int] = frozenset()) -> Paper:  # type: ignore[assignment]
    text, blocks, at = "", [], 0
    for number, paragraph in enumerate(paragraphs):
        if text:
            text += "\n\n"
            at += 2
        blocks.append(
            Block(start=at, end=at + len(paragraph), paragraph=number + 1, item=number in items)
        )
        text += paragraph
        at += len(paragraph)
    return Paper(id="p", path="p.txt", meta=PaperMeta(title="A paper"), text=text, blocks=blocks)


def sentence(view: PaperView, words: str) -> int:
    return next(i for i in range(len(view.sentences)) if words in view.text(i))


def test_a_quotation_leans_on_its_speaker() -> None:
    view = PaperView(
        paper_of(
            [
                "The council published its plans.",
                "Councillor Rosa Hill, cabinet member, said:",
                "\u201cWe want every child to get to school safely. "
                "Recruitment has been hard.\u201d",
                "\u201cWe will keep listening.\u201d",
            ]
        )
    )
    speaker = sentence(view, "said:")
    for words in ("every child", "Recruitment", "keep listening"):
        assert view.lead(sentence(view, words)) == speaker


def test_he_added_leans_on_the_sentence_naming_him() -> None:
    view = PaperView(
        paper_of(
            [
                '"It has been a hard year," said Mr Freeman.',
                '"But caseloads have halved," he added.',
            ]
        )
    )
    assert view.lead(sentence(view, "halved")) == sentence(view, "hard year")
    assert view.lead(sentence(view, "hard year")) is None


def test_she_and_this_lean_on_the_sentence_before() -> None:
    view = PaperView(
        paper_of(
            [
                "The cabinet member introduced the item. She summarised the investment. "
                "This funding "
                "would come in two tranches.",
                "It was resolved that the plan be approved.",
            ]
        )
    )
    introduced = sentence(view, "introduced")
    assert view.lead(sentence(view, "She summarised")) == introduced
    assert view.lead(sentence(view, "This funding")) == introduced
    assert view.lead(sentence(view, "It was resolved")) is None  # an empty "it"


def test_he_leans_on_the_sentence_naming_him_past_one_that_does_not() -> None:
    """A sentence "He commented..." stands for the person the sentence two back opens on, not
    the committee of the sentence between (which mentions a chair, but is not about one)."""
    view = PaperView(
        paper_of(
            [
                "The chairperson of the scrutiny committee spoke on the report. The committee had "
                "not yet met, but the chair and vice chair supported it. He commented that three "
                "years were needed.",
            ]
        )
    )
    assert view.lead(sentence(view, "He commented")) == sentence(view, "chairperson")


def test_a_list_is_found_from_its_intro_or_any_item() -> None:
    view = PaperView(
        paper_of(
            [
                "Members raised the following risks:",
                "· legal challenge;",
                "· longer journeys;",
                "· cost.",
                "The chair thanked officers.",
            ],
            items={1, 2, 3},
        )
    )
    intro = sentence(view, "following risks")
    assert view.list_around(intro) == (intro, [1, 2, 3])
    assert view.list_around(sentence(view, "longer journeys")) == (intro, [1, 2, 3])
    assert view.list_around(sentence(view, "thanked")) == (None, [])


VOTE = [
    "(3) The Chairman put the motion to the vote and the voting was as follows:",
    "For (57)",
    "Mr Baker, Mr Baldock, Mr Bartlett, Mrs Bell, Mrs Binks",
    "Against (0)",
    "Abstain (2)",
    "Mr B Lewis, Mr D Ross",
    "Motion carried.",
    "(4) RESOLVED that the County Council noted the report and agreed to have due regard to it.",
]


def test_a_colon_introduces_the_lines_after_it_up_to_the_next_paragraph() -> None:
    """A recorded vote is written as an introduction and short lines: the counts, the names
    under them, the outcome. Read from the introduction or any of its lines, they are one
    piece; the next numbered paragraph is not part of it, nor is prose after it."""
    view = PaperView(paper_of(VOTE, items={0, 7}))
    intro = sentence(view, "voting was as follows")
    lines = [1, 2, 3, 4, 5, 6]
    assert view.introduced(intro) == (intro, lines)
    assert view.introduced(sentence(view, "Against (0)")) == (intro, lines)
    assert view.introduced(sentence(view, "Mr D Ross")) == (intro, lines)
    assert view.introduced(sentence(view, "RESOLVED")) == (None, [])
    prose = PaperView(
        paper_of(
            [
                "The figures are:",
                "Total | 2023/24: £12.7m",
                "The council considered the report in full and agreed its recommendations.",
            ]
        )
    )
    assert prose.introduced(0) == (0, [1])
    assert prose.introduced(2) == (None, [])
    # prose that runs on without a full stop (a bulleted summary pasted as one paragraph) is no
    # line of a list of names or a table's row
    notes = PaperView(
        paper_of(
            [
                "Apologies:",
                "Polly Gegg (PG) | Jude Smith (JS) | Ali Heywood (AH)",
                "Points agreed: KK advised the group that the December committee will discuss it "
                "• the updated plan contains no allocation of housing in the village",
            ]
        )
    )
    assert notes.introduced(0) == (0, [1])
    # a sentence that does not end its paragraph introduces nothing
    assert PaperView(paper_of(["It said: the plan. More follows.", "For (3)"])).introduced(0) == (
        None,
        [],
    )


def test_an_introduction_records_the_vote_its_lines_give() -> None:
    """Asked how a vote went, "the voting was as follows:" records the vote the lines under it
    give, as "For (57)" does itself; a sentence about the vote with no count records none.
    (Only the lines' counts were read, so a vote in prose elsewhere outranked it.)"""
    from briefbot.answering.candidates import Candidate
    from briefbot.answering.features import _record
    from briefbot.answering.question import parse
    from briefbot.models import Passage
    from briefbot.store.retrieve import Hit

    view = PaperView(paper_of([*VOTE, "A recorded vote was then taken on the motion."], {0, 7}))
    passage = Passage(
        id="p-1", paper_id="p", path="p.txt", title="A paper", text="", start=0, end=1
    )

    def recorded(words: str, question: str) -> float:
        candidate = Candidate(view, sentence(view, words), Hit(passage, 1.0), 0)
        return _record(parse(question).parts[0], candidate)["record_vote"]

    asked = "How did the vote on the motion go?"
    assert recorded("voting was as follows", asked) == 1.0
    assert recorded("For (57)", asked) == 1.0
    assert recorded("A recorded vote was then taken", asked) == 0.0
    assert recorded("voting was as follows", "What did the council note?") == 0.0


def test_a_quotation_opened_inside_its_paragraph_leans_on_its_speaker() -> None:
    view = PaperView(
        paper_of(
            [
                'Councillor Sam Hill, Cabinet Member for Leisure, said: "I know how much the pool '
                "means to people. Generations of children learned to swim there. But the building "
                'is worn out." The consultation closes in March.'
            ]
        )
    )
    speaker = sentence(view, "said:")
    assert view.lead(sentence(view, "Generations")) == speaker
    assert view.lead(sentence(view, "worn out")) == speaker
    assert view.lead(sentence(view, "consultation closes")) is None  # the quotation closed


def test_a_clerks_colon_and_dash_introduces_as_a_colon_does() -> None:
    """Parish clerks write "the following payments may be made :-" and "Projects 2018-19:-":
    the lines after it are what it introduces, read from it or any of them."""
    view = PaperView(
        paper_of(
            [
                "Appropriate sum for 2018-19 will be £7.86.",
                "Projects 2018-19:-",
                "Benches - £750",
                "Sports Pavilion Lean-to - £1,500",
                "Angiddy Trail Leaflet - £1,000",
            ]
        )
    )
    intro = sentence(view, "Projects 2018-19")
    assert view.introduced(intro) == (intro, [2, 3, 4])
    assert view.introduced(sentence(view, "Benches")) == (intro, [2, 3, 4])
    listed = PaperView(
        paper_of(
            ["It was agreed that the following payments may be made :-", "· £56.00", "· £430.00"],
            items={1, 2},
        )
    )
    assert listed.list_around(0) == (0, [1, 2])


def test_an_agendas_list_runs_on_past_a_page_number_between_its_items() -> None:
    """An agenda's contents give each item's page, sometimes on a line of its own: the list
    runs on past it, and the number is no item."""
    view = PaperView(
        paper_of(
            [
                "22 October 2009",
                "1. Declarations of interest 1",
                "2. Apologies for absence",
                "3. Minutes of the meeting held on 24 September 2009",
                "3",
                "4. Annual complaints report 9",
                "5. Internal audit progress report 23",
                "12",
                "The chair thanked officers.",
            ],
            items={1, 2, 3, 5, 6},
        )
    )
    assert view.list_around(sentence(view, "complaints"))[1] == [1, 2, 3, 5, 6]
    assert view.list_around(sentence(view, "Declarations"))[1] == [1, 2, 3, 5, 6]


def test_she_leans_on_the_sentence_that_opens_on_her_name() -> None:
    """A sentence opening on a bare name and its verb names a person, as a titled name does;
    a place's name ("Main Street will close") names no one."""
    view = PaperView(
        paper_of(
            [
                "Main Street will close on Monday for the works.",
                "Niki Gordon addressed the meeting to explain her reasons for wanting to become a "
                "Parish",
                "Councillor. She was proposed as a Councillor by the Vice Chairman, seconded by "
                "Cllr Blake, coopted onto the Council and welcomed to the meeting.",
            ]
        )
    )
    assert view.lead(sentence(view, "She was proposed")) == sentence(view, "Niki Gordon")
    street = PaperView(
        paper_of(["Main Street will close on Monday.", "Nothing more. She said it would reopen."])
    )
    assert street.lead(sentence(street, "She said")) == sentence(street, "Nothing more")
