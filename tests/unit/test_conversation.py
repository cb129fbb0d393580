"""Which questions follow on from the one before, and what they borrow (no model)."""

from __future__ import annotations

import pytest

from briefbot.answering.conversation import Conversation
from briefbot.models import Answer, Citation


def talk_after(question: str, quote: str = "") -> Conversation:
    talk = Conversation()
    first = talk.question(question)
    citations = (
        [
            Citation(
                n=1,
                paper_id="p",
                title="t",
                locator="para 1",
                path="p.txt",
                quote=quote,
                start=0,
                end=len(quote),
            )
        ]
        if quote
        else []
    )
    talk.remember(first, Answer(question=question, answer=quote, citations=citations))
    return talk


@pytest.mark.parametrize(
    "follow_up",
    [
        "and who seconded it?",
        "when was that?",
        "what about the second tranche?",
        "And how much was it?",
        "Who introduced it?",
    ],
)
def test_follow_ups_are_recognised(follow_up: str) -> None:
    talk = talk_after("How much was the first tranche of the children's services funding?")
    assert talk.question(follow_up).follow_up


@pytest.mark.parametrize(
    "fresh",
    [
        "How many branches does the library service run?",
        "Who chairs the planning committee in Wiltshire?",
    ],
)
def test_a_new_topic_starts_afresh(fresh: str) -> None:
    talk = talk_after("How much was the first tranche of the children's services funding?")
    question = talk.question(fresh)
    assert not question.follow_up and question.parts[0].focus == question.parts[0].text


def test_a_follow_up_borrows_the_subject_and_the_answers_value() -> None:
    talk = talk_after(
        "How much was the remaining funding for children's services?",
        "The £6.49m is the remaining amount.",
    )
    part = talk.question("and when was that approved?").parts[0]
    assert "funding" in part.focus and "£6.49m" in part.focus and part.kind == "when"


def test_what_about_asks_the_earlier_question_of_another_thing() -> None:
    talk = talk_after("How much was in the first tranche?")
    part = talk.question("What about the second tranche?").parts[0]
    assert part.kind == "how_much" and "first" not in part.focus
