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
