"""Evaluation: question sets, the corpus they are asked against, the harness that measures
answers, and the fitting of the answer scorer. Not on the start path of the chat or `ask`."""

from briefbot.evaluation.cases import QUESTION_SETS, Case, QuestionSet, load_cases, question_sets
from briefbot.evaluation.corpus import haystack_settings
from briefbot.evaluation.harness import EvalReport, evaluate, gap

__all__ = [
    "QUESTION_SETS",
    "Case",
    "EvalReport",
    "QuestionSet",
    "evaluate",
    "gap",
    "haystack_settings",
    "load_cases",
    "question_sets",
]
