"""The council glossary, word counting and what sentences carry (no model)."""

from __future__ import annotations

import pytest

from briefbot.language import entities
from briefbot.language.glossary import Glossary, glossary
from briefbot.language.specifics import Specifics


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("DCS", "Director of Children's Services"),
        ("head of paid service", "chief executive"),
        ("welcomed", "supported"),
        ("approved", "agreed"),
        ("LAC", "looked-after children"),
        ("CLA", "children in care"),
        ("S106", "section 106 agreement"),
        ("SEND", "special educational needs and disabilities"),
        ("MTFS", "medium term financial strategy"),
        ("portfolio holder", "cabinet member"),
    ],
)
def test_glossary_forms_name_one_concept(a: str, b: str) -> None:
    assert glossary().same(a, b) and glossary().same(b, a)


def test_abbreviations_are_matched_as_written() -> None:
    keys = glossary().keys
    assert keys("SEND transport") & keys("special educational needs transport")
    assert not keys("We will send the report") & keys("SEND")


def test_figures_stay_whole_and_expansion_stays_narrow() -> None:
    terms = [t.key for t in glossary().terms("Cabinet approved £6.49 million")]
    assert "6.49m" in terms
    assert glossary().expansion("children's services funding") == ["CSC"]


def test_a_glossary_is_data() -> None:
    small = Glossary([["WDA", "waste disposal authority"]], [["bin", "wheelie bin"]])
    assert small.same("WDA", "waste disposal authority") and small.same("bin", "wheelie bin")
    assert small.expansion("the WDA") == ["waste disposal authority"]
    assert small.expansion("the wheelie bin") == []  # synonyms match, but are not searched


def test_what_a_sentence_carries() -> None:
    assert entities.found("when", "Cabinet met on 24 November 2022.")
    assert entities.found("how_much", "The fine was £500.") == ["£500"]
    assert entities.counts("Five extra social work teams were added.", "teams") == ["Five"]
    assert entities.counts("The council was given three months.", "children") == []
    assert entities.new_to("When did Cabinet meet on 24 November 2022?", ["24 November 2022"]) == []
    assert entities.role_holders("Diana Toynbee, cabinet member for children, added")
    assert not entities.role_holders("Herefordshire Council Cabinet approved the funding.")


def test_doc_types_have_one_home() -> None:
    """The type's values, the command line's choices and the labels all come from one list."""
    from typing import get_args

    from briefbot.cli.options import DOC_TYPE_CHOICES
    from briefbot.language.papers import DOC_TYPE_LABELS, DOC_TYPES, doc_type_heading
    from briefbot.models import DocType

    assert get_args(DocType) == DOC_TYPES == DOC_TYPE_CHOICES == tuple(DOC_TYPE_LABELS)
    assert [doc_type_heading(t) for t in DOC_TYPES] == [
        "Minutes",
        "Report",
        "Press release",
        "News",
        "Briefing",
        "Paper",
    ]


def test_abbreviations_a_paper_defines_are_read_from_its_words() -> None:
    from briefbot.language.abbreviations import defined_abbreviations, definitions

    text = (
        "Kent County Council (KCC) set its budget. Adult Social Care and Health (ASCH) and "
        "the Medium-Term Financial Strategy (MTFS) were discussed in 2025 (see above) and "
        "(Note) the Dedicated Schools Grant (DSG). Growth, Environment and Transport (GET)."
    )
    assert definitions(text) == [
        ("KCC", "Kent County Council"),
        ("ASCH", "Adult Social Care and Health"),
        ("MTFS", "Medium Term Financial Strategy"),
        ("DSG", "Dedicated Schools Grant"),
        ("GET", "Growth Environment and Transport"),
    ]
    # brackets whose letters are not the initials before them define nothing
    assert definitions("The council agreed the plan (KCC) yesterday.") == []
    defined = defined_abbreviations([text, "the Kent County Council (KCC)", "Kent CC (KCC)"])
    assert defined["KCC"] == ("Kent County Council",)


def test_a_corpus_abbreviation_expands_both_ways_and_leaves_the_glossary_s_alone() -> None:
    from briefbot.language.abbreviations import Abbreviations

    found = Abbreviations(
        {"KCC": ("Kent County Council",), "SEND": ("Special Educational Needs and Disabilities",)}
    )
    assert found.expansion("Who is KCC's s151 officer?") == ["Kent County Council"]
    assert found.expansion("What did Kent County Council decide?") == ["KCC"]
    assert found.expansion("What did kcc decide?") == []  # matched as written, like the glossary
    assert found.expansion("What about SEND transport?") == []  # the glossary's own abbreviation


def test_a_masthead_carries_a_name_as_written_or_as_its_long_form() -> None:
    from briefbot.language.abbreviations import Abbreviations
    from briefbot.language.names import names_in
    from briefbot.language.tokens import tokenize

    found = Abbreviations({"KCC": ("Kent County Council",)})
    kent = frozenset(tokenize("Kent County Council: minutes of the Cabinet"))
    milburn = frozenset(tokenize("Milburn Parish Council annual meeting"))
    assert names_in("Who is KCC's s151 officer?") == {"kcc"}
    assert found.named({"kcc"}, kent) and not found.named({"kcc"}, milburn)
    assert found.named({"milburn"}, milburn) and not found.named({"milburn", "kent"}, milburn)
    assert found.named(set(), milburn)  # nothing named: every paper qualifies


@pytest.mark.parametrize(
    ("question", "sentence", "clash"),
    [
        # another year, or another financial year, than the one asked about
        ("What is the BSIP grant for 2025/26?", "The BSIP revenue grant for 2024/25 is £3.4m.", 1),
        ("What precept was set for 2019/20?", "The precept for 2009/10 was set at £9,900.", 1),
        ("Who was appointed in December 2022?", "Ms Reid was appointed on 6 December 2023.", 1),
        # the year asked about, a calendar year holding the financial year, or no year at all
        ("What was drawn in 2022?", "£6.49m was drawn in 2022/23.", 0),
        ("What is Band D for 2025-26?", "Band D will be £1,700.00 in 2025-26, up from 2024-25.", 0),
        ("What is the BSIP grant for 2025/26?", "The BSIP grant is £3.4m.", 0),
        # another labelled item, however the label is written; the same one; an initial
        ("How much will phase 2 cost?", "Phase 1 can be delivered within £14.6m.", 1),
        ("When was the second tranche released?", "The first tranche was released in July.", 1),
        ("When was the second tranche released?", "Cabinet released tranche 2 in November.", 0),
        ("What was agreed at Stage II?", "At stage 2 the board agreed the plan.", 0),
        ("What did Cllr A Smith say?", "Cllr B Jones said it was too dear.", 0),
        ("How many routes lose funding?", "Route 172 is kept.", 0),
        # a date written month first is no labelled item
        (
            "Who was appointed on December 6, 2022?",
            "On December 1, 2022 the mayor was sworn in.",
            0,
        ),
    ],
)
def test_a_sentence_giving_another_year_or_label_than_the_question_clashes(
    question: str, sentence: str, clash: int
) -> None:
    assert Specifics.of(question).clash(sentence) == clash


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("How did the vote on the amendment go?", True),
        ("How did the roll call on the visitor levy go?", True),
        ("Was it carried unanimously?", True),
        ("Who rolled out the new bins?", False),
        ("When was the call-in heard?", False),
    ],
)
def test_a_question_about_a_vote_is_known_by_its_words(question: str, asks: bool) -> None:
    from briefbot.language.words import ASKS_VOTE

    assert bool(ASKS_VOTE.search(question)) is asks
