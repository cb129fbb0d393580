"""A chat's memory: a follow-up ("and who seconded it?", "what about the second tranche?",
"when was that?") is read against the question before it and its answer; a new topic starts
afresh.
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefbot.answering.features import carried
from briefbot.answering.question import Question, content_words, names_in, parse, subject_words
from briefbot.language.words import PRONOUNS, QUALIFIERS
from briefbot.models import Answer

_CONNECTIVE = re.compile(
    r"^\s*(?:and|also|so|then|but|plus|what about|how about|and what about|and how about|"
    r"what of|same for|same question for)\b",
    re.IGNORECASE,
)
_WHAT_ABOUT = re.compile(r"^\s*(?:and\s+)?(?:what|how) about\b|^\s*same (?:question )?for\b", re.I)
MAX_OWN_WORDS = 3  # a question with more words of its own than this, and none pointing back,
# is a new topic


class Conversation:
    """The questions of one chat session, and what each was about."""

    def __init__(self) -> None:
        self.last: Question | None = None
        self.answer: Answer | None = None

    def question(self, text: str) -> Question:
        """The question as typed, or, for a follow-up, with the earlier subject borrowed."""
        fresh = parse(text)
        if self.last is None or not self.follows(fresh):
            return fresh
        resolved = replace(parse(text, self.context(fresh)), follow_up=True)
        if _WHAT_ABOUT.match(text) and len(resolved.parts) == 1:
            # "what about the second tranche?": the earlier question, asked of another thing
            previous = self.last.parts[0]
            part = replace(
                resolved.parts[0],
                kind=previous.kind,
                counted=previous.counted,
                change=previous.change,
            )
            resolved = replace(resolved, parts=(part,))
        return resolved

    def follows(self, question: Question) -> bool:
        """Whether a question leans on the one before: it opens with "and"/"what about", or
        points back ("it", "that", "she") without naming a new subject of its own."""
        text = question.text
        if _CONNECTIVE.match(text):
            return True
        if question.preamble or len(question.parts) > 1:
            return False
        own = [w for w in content_words(text) if w not in PRONOUNS]
        points_back = bool({w.lower().strip("?,.") for w in text.split()} & PRONOUNS)
        new_names = names_in(text) - (names_in(self.last.text) if self.last else set())
        if new_names:
            return False
        if points_back and len(own) <= MAX_OWN_WORDS:
            return True
        return not subject_words(text) and len(own) <= 1

    def context(self, question: Question) -> str:
        """What a follow-up borrows: the earlier question's subject and names, and the values
        its answer gave (the figure or date a "when was that?" is about)."""
        last = self.last
        if last is None:
            return ""
        own = set(content_words(question.text))
        borrowed: list[str] = []
        for part in last.parts:  # what it was about, not what was asked of it ("moved")
            about = [*part.subject, *sorted(part.names)] or content_words(part.text)
            for word in about:
                if word not in own and word not in QUALIFIERS:
                    borrowed.append(word)
        if self.answer is not None and not self.answer.refused and self.answer.citations:
            first = self.answer.citations[0].quote
            borrowed.extend(carried(last.parts[0], first)[:2])
        return " ".join(dict.fromkeys(borrowed))

    def remember(self, question: Question, answer: Answer) -> None:
        self.last, self.answer = question, answer
