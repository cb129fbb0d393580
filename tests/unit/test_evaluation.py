"""The evaluation's passage-level hit: a passage of a paper the case may cite holds the answer."""

from __future__ import annotations

from briefbot.evaluation.cases import Case
from briefbot.evaluation.harness import holds_answer
from briefbot.models import SourcePassage


def passage(path: str, text: str) -> SourcePassage:
    return SourcePassage(title="t", path=path, locator="p. 1", text=text, score=0.1)


def test_the_answer_must_be_in_one_passage_of_a_paper_the_case_may_cite() -> None:
    case = Case(question="Who chaired?", expect=r"Sweetland \(Chairman\)", papers=["a.pdf"])
    right = passage("a.pdf", "PRESENT: Mr B J Sweetland (Chairman), Mr A M Ridgers")
    same_paper_no_answer = passage("a.pdf", "Apologies were received from Mr Baker.")
    other_paper = passage("b.pdf", "Mr B J Sweetland (Chairman) opened the meeting.")
    assert holds_answer(case, [same_paper_no_answer, right])
    assert not holds_answer(case, [same_paper_no_answer, other_paper])


def test_a_list_needs_every_item_in_the_one_passage_and_parts_use_the_first_answerable() -> None:
    listed = Case(question="Who sent apologies?", expect_all=["Ives", "Ellis"], papers=["a.pdf"])
    assert holds_answer(listed, [passage("a.pdf", "Cllrs Ives, Ward and Ellis.")])
    assert not holds_answer(listed, [passage("a.pdf", "Cllr Ives."), passage("a.pdf", "Ellis.")])
    two = Case.model_validate(
        {
            "question": "Who chairs it, and what did it cost?",
            "parts": [{"unanswerable": True}, {"expect": "£2m", "papers": ["a.pdf"]}],
        }
    )
    assert holds_answer(two, [passage("a.pdf", "It cost £2m.")])
    refusal = Case(question="What is the weather?", unanswerable=True)
    assert not holds_answer(refusal, [passage("a.pdf", "Sunny.")])
